/// Where a snapshot ends in the journal: the final record of the last batch it covers, by file
/// offset and by the checksum stored in that record's header.
struct SnapshotAnchor: Equatable {
    var recordStart: Int
    var recordChecksum: UInt32

    /// The anchor of a snapshot of the empty store: no record at all.
    static let none = SnapshotAnchor(recordStart: 0, recordChecksum: 0)
}

/// Whether a snapshot may stand in for the journal up to its position. Open and `doctor` both
/// ask this, so they always agree.
enum SnapshotVerdict: Equatable {
    /// The snapshot belongs to this store and ends exactly on a batch of its journal.
    case matches(SnapshotAnchor)
    /// Written by another store: ignored (with a warning); the journal is replayed.
    case foreign(String)
    /// Its position is not where a batch of this journal ends, or that batch differs: ignored
    /// (with a warning); the journal is replayed.
    case mismatch(String)
    /// It covers more journal than exists: the journal was cut or restored from an older backup.
    /// An error — trusting it would hide the loss, ignoring it would roll the store back silently.
    case beyondJournal(covers: String, journalEnds: String)
}

enum SnapshotVerifier {
    /// Checks `loaded` against the journal's segments (`segments`: the numbers present, in order)
    /// and the store's identity (nil for a store made before identities).
    static func verify(
        _ loaded: SnapshotCodec.Loaded, layout: StoreLayout, segments: [UInt32], identity: [UInt8]?
    ) -> SnapshotVerdict {
        verify(
            position: loaded.position, sequence: loaded.state.lastSequence, anchor: loaded.anchor,
            writtenBy: loaded.identity, layout: layout, segments: segments, identity: identity)
    }

    /// The same check for any file that stands in for the journal up to `position` (event
    /// `sequence`), ending on `anchor` (nil: found by walking the segment), written by the store
    /// `writtenBy`: a snapshot, or a history checkpoint (`HistoryCheckpointCodec`).
    static func verify(
        position: JournalPosition, sequence: UInt64, anchor: SnapshotAnchor?, writtenBy: [UInt8]?,
        layout: StoreLayout, segments: [UInt32], identity: [UInt8]?
    ) -> SnapshotVerdict {
        let zero = [UInt8](repeating: 0, count: 16)
        if let written = writtenBy, written != zero {
            guard let identity, identity != zero else {
                return .foreign("it names store \(hex(written)), but this store has no identity yet")
            }
            guard written == identity else {
                return .foreign("it was written by store \(hex(written)), not this one (\(hex(identity)))")
            }
        }
        let covers = "segment \(position.segment) to byte \(position.offset) (event \(sequence))"
        guard let last = segments.last else { return .beyondJournal(covers: covers, journalEnds: "no segment at all") }
        let lastSize = (try? PosixFile.open(layout.segment(last), .read).size()) ?? 0
        let journalEnd = "segment \(last) byte \(lastSize)"
        guard position.segment >= 1, position.segment <= last else {
            return .beyondJournal(covers: covers, journalEnds: journalEnd)
        }
        let file: PosixFile
        do { file = try PosixFile.open(layout.segment(position.segment), .read) } catch {
            return .mismatch("its journal segment cannot be read (\(error))")
        }
        let size = (try? file.size()) ?? 0
        if size < position.offset {
            return .beyondJournal(
                covers: covers,
                journalEnds: position.segment == last ? journalEnd : "segment \(position.segment) byte \(size)")
        }
        if sequence == 0 {
            guard position.segment == 1, position.offset == SegmentHeader.size else {
                return .mismatch(
                    "it holds no events, yet points at segment \(position.segment) byte \(position.offset)")
            }
            return .matches(.none)
        }
        if let anchor {
            return check(anchor, in: file, endingAt: position.offset, sequence: sequence)
        }
        // A snapshot from before anchors (format 1 or 2): walk the segment's record headers to
        // the position, to find the record that ends there, then check it the same way.
        guard let start = recordEnding(at: position.offset, in: file) else {
            return .mismatch(
                "byte \(position.offset) of segment \(position.segment) is not the end of a journal record")
        }
        guard let header = try? file.read(at: start, count: RecordFormat.headerSize),
            header.count == RecordFormat.headerSize
        else {
            return .mismatch("the journal record at byte \(start) cannot be read")
        }
        let checksum = header.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
        return check(
            SnapshotAnchor(recordStart: start, recordChecksum: checksum), in: file, endingAt: position.offset,
            sequence: sequence)
    }

    /// Whether the record at `anchor.recordStart` is whole, carries `anchor`'s checksum, ends a
    /// batch exactly at `end`, and holds event `sequence`.
    private static func check(_ anchor: SnapshotAnchor, in file: PosixFile, endingAt end: Int, sequence: UInt64)
        -> SnapshotVerdict
    {
        guard anchor.recordStart >= SegmentHeader.size, anchor.recordStart < end else {
            return .mismatch("its anchor (byte \(anchor.recordStart)) is outside the journal it covers")
        }
        guard let bytes = try? file.read(at: anchor.recordStart, count: end - anchor.recordStart),
            bytes.count == end - anchor.recordStart
        else { return .mismatch("the journal record at byte \(anchor.recordStart) cannot be read") }
        let verdict: SnapshotVerdict = bytes.withUnsafeBytes { buffer in
            guard let record = RecordFormat.record(in: buffer, at: 0), record.end == buffer.count else {
                return .mismatch(
                    "the journal at byte \(anchor.recordStart) is not a whole record ending at byte \(end)")
            }
            let stored = UInt32(littleEndian: buffer.loadUnaligned(as: UInt32.self))
            guard stored == anchor.recordChecksum else {
                return .mismatch("the journal record it ends on has changed since it was written (checksum differs)")
            }
            guard record.type == .full || record.type == .last else {
                return .mismatch("byte \(end) is inside a batch, not at its end")
            }
            guard record.payload.count >= 8,
                UInt64(littleEndian: record.payload.loadUnaligned(as: UInt64.self)) == sequence
            else {
                return .mismatch("the journal record it ends on is not event \(sequence)")
            }
            return .matches(anchor)
        }
        return verdict
    }

    /// The start of the record that ends exactly at `end`, found by walking record headers from
    /// the segment's start; nil if no record ends there.
    static func recordEnding(at end: Int, in file: PosixFile) -> Int? {
        guard end > SegmentHeader.size, let bytes = try? file.read(at: 0, count: end), bytes.count == end else {
            return nil
        }
        return bytes.withUnsafeBytes { buffer -> Int? in
            var position = SegmentHeader.size
            while position + RecordFormat.headerSize <= end {
                let length = Int(
                    UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: position + 4, as: UInt32.self)))
                guard length <= RecordFormat.maxPayload else { return nil }
                let next = position + RecordFormat.headerSize + length
                if next == end { return position }
                guard next < end else { return nil }
                position = next
            }
            return nil
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
