import OnePoolCore

/// One finding of `onepool doctor`: a file, whether it is sound, and what that means.
public struct DoctorFinding: Equatable, Sendable {
    public enum Severity: String, Sendable { case ok, warning, error }
    public var file: String
    public var severity: Severity
    public var message: String
}

/// Verifies every segment and snapshot of a store without changing anything: each record's
/// checksum, sequence continuity, complete batches, and each snapshot against a full replay.
public enum StoreDoctor {
    public static func examine(at path: String) -> [DoctorFinding] {
        var findings: [DoctorFinding] = []
        let layout = StoreLayout(root: path)
        func add(_ file: String, _ severity: DoctorFinding.Severity, _ message: String) {
            findings.append(DoctorFinding(file: file, severity: severity, message: message))
        }
        guard FileSystem.exists(layout.metadata) else {
            add(path, .error, StoreError.noStore(path: path).description)
            return findings
        }
        do {
            let metadata = try StoreMetadata.decode(try PosixFile.open(layout.metadata, readOnly: true).readAll(), path: layout.metadata)
            if metadata.format > StoreMetadata.currentFormat {
                add(layout.metadata, .error, "store format \(metadata.format) is newer than this onepool (\(StoreMetadata.currentFormat))")
                return findings
            }
            add(layout.metadata, .ok, "store '\(metadata.name)', format \(metadata.format), time zone \(metadata.timeZone)")
        } catch {
            add(layout.metadata, .error, "\(error)")
            return findings
        }

        // Snapshots to compare against the replay as it passes their sequence.
        var snapshots: [UInt64: (file: String, state: StockState)] = [:]
        for sequence in (try? layout.snapshotSequences()) ?? [] {
            let file = layout.snapshot(sequence)
            do {
                let loaded = try SnapshotCodec.decode(try PosixFile.open(file, readOnly: true).readAll())
                snapshots[loaded.state.lastSequence] = (file, loaded.state)
            } catch {
                add(file, .error, "\(error). A snapshot is only a shortcut: open ignores it and replays the journal. Remove it, then run `onepool snapshot`.")
            }
        }

        var state = StockState()
        var checked: Set<UInt64> = []
        if let empty = snapshots[0] {
            checked.insert(0)
            if empty.state != state { add(empty.file, .error, "claims to be the empty store but holds data; remove it") }
        }
        let segments = (try? layout.segmentNumbers()) ?? []
        if segments.first != 1 { add(layout.journal, .error, "segment 1 is missing: the journal's beginning is gone") }
        for (index, number) in segments.enumerated() {
            let file = layout.segment(number)
            guard number == UInt32(index + 1) else {
                add(file, .error, "segment \(index + 1) is missing before this one; events are lost")
                break
            }
            let bytes: [UInt8]
            do { bytes = try PosixFile.open(file, readOnly: true).readAll() } catch {
                add(file, .error, "\(error)")
                break
            }
            let header = bytes.withUnsafeBytes { buffer in Result { () throws(SegmentHeader.Problem) in try SegmentHeader.parse(buffer) } }
            guard case .success(let parsed) = header else {
                add(file, .error, "the 32-byte segment header is not valid: the file is not a OnePool journal segment or its first bytes were overwritten")
                break
            }
            if parsed.firstSequence != state.lastSequence + 1 {
                add(file, .error, "starts at sequence \(parsed.firstSequence) but the previous segment ended at \(state.lastSequence)")
            }
            let before = state.lastSequence
            let scan = bytes.withUnsafeBytes { buffer in
                RecordScanner.scan(
                    UnsafeRawBufferPointer(rebasing: buffer[SegmentHeader.size...]), fileOffset: SegmentHeader.size,
                    nextSequence: state.lastSequence + 1
                ) { event in
                    state.apply(event)
                    if let snapshot = snapshots[event.sequence] {
                        checked.insert(event.sequence)
                        if snapshot.state != state {
                            add(snapshot.file, .error, "does not match a replay of the journal to sequence \(event.sequence); remove it and run `onepool snapshot`")
                        }
                    }
                }
            }
            let isLast = index == segments.count - 1
            let range = scan.eventCount == 0 ? "no events" : "events \(before + 1)–\(scan.lastSequence)"
            switch scan.tail {
            case .clean:
                add(file, .ok, "\(range), \(bytes.count) bytes, every checksum holds")
            case .unfinished(let offset) where isLast:
                add(file, .warning, "\(range); an unfinished final write of \(bytes.count - offset) bytes at byte \(offset) — a writer stopped mid-write before acknowledging it. The next write or open cuts it off; nothing acknowledged is lost.")
            case .unfinished(let offset):
                add(file, .error, "\(range); bytes at \(offset) never completed, yet later segments follow: the file was damaged after it was written")
            case .damaged(let offset, let detail):
                add(file, .error, "\(range); damaged at byte \(offset): \(detail). OnePool will not skip inventory events, so the store refuses to open. Restore this file from a backup; the events before byte \(offset) are intact.")
            }
            if case .damaged = scan.tail { break }
        }
        for (sequence, snapshot) in snapshots where !checked.contains(sequence) {
            add(snapshot.file, .error, "is for sequence \(sequence), which the journal does not reach")
        }
        for (sequence, snapshot) in snapshots where checked.contains(sequence) && !findings.contains(where: { $0.file == snapshot.file }) {
            add(snapshot.file, .ok, "matches a full replay to sequence \(sequence)")
        }
        return findings
    }
}
