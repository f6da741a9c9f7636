/// Where each file of a store lives.
///
/// ```
/// STORE/onepool-store.json     format, name, time zone
/// STORE/lock                   writers hold an exclusive flock on it while appending
/// STORE/journal/00000001.opj   append-only segments of framed events
/// STORE/snapshots/<seq>.ops    the state after event <seq>, with the journal position
/// STORE/snapshots/<seq>.oph    the history checkpoint after event <seq> (`HistoryCheckpointCodec`)
/// ```
struct StoreLayout {
    let root: String

    var metadata: String { "\(root)/\(StoreMetadata.fileName)" }
    var lock: String { "\(root)/lock" }
    var journal: String { "\(root)/journal" }
    var snapshots: String { "\(root)/snapshots" }

    func segment(_ number: UInt32) -> String {
        "\(journal)/\(Self.padded(UInt64(number), width: 8)).opj"
    }

    func snapshot(_ sequence: UInt64) -> String {
        "\(snapshots)/\(Self.padded(sequence, width: 20)).ops"
    }

    /// Segment numbers present, ascending (temporary files are ignored).
    func segmentNumbers() throws(StoreError) -> [UInt32] {
        try FileSystem.list(journal).compactMap { name in
            guard name.hasSuffix(".opj"), name.count == 12 else { return nil }
            return UInt32(name.prefix(8))
        }.sorted()
    }

    func historyCheckpoint(_ sequence: UInt64) -> String {
        "\(snapshots)/\(Self.padded(sequence, width: 20)).oph"
    }

    /// History checkpoint sequences present, newest first.
    func historyCheckpointSequences() throws(StoreError) -> [UInt64] {
        guard FileSystem.isDirectory(snapshots) else { return [] }
        return try FileSystem.list(snapshots).compactMap { name in
            guard name.hasSuffix(".oph"), name.count == 24 else { return nil }
            return UInt64(name.prefix(20))
        }.sorted(by: >)
    }

    /// Snapshot sequences present, newest first.
    func snapshotSequences() throws(StoreError) -> [UInt64] {
        guard FileSystem.isDirectory(snapshots) else { return [] }
        return try FileSystem.list(snapshots).compactMap { name in
            guard name.hasSuffix(".ops"), name.count == 24 else { return nil }
            return UInt64(name.prefix(20))
        }.sorted(by: >)
    }

    static func padded(_ value: UInt64, width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
