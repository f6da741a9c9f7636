#if canImport(Glibc)
import Glibc
#endif
import OnePoolCore

/// What a transaction appended, and what its caller computed along the way.
public struct Commit<Result> {
    public var appended: [Event]
    /// Proposed changes whose idempotency key the store had already seen: nothing was written for them.
    public var duplicates: [ProposedChange]
    public var result: Result
}

/// A OnePool store on disk: the journal, its snapshots, and the state they fold to.
///
/// One `Store` per process (it is not thread-safe); many processes may have the same store open.
/// Writers serialise on an exclusive `flock`, catch up with what others appended, check, append,
/// `fdatasync`, release. Readers catch up without the lock and stop before an unfinished batch.
public final class Store {
    public let path: String
    public let metadata: StoreMetadata
    public private(set) var state: StockState
    /// Things the operator should know that did not stop the store opening (a torn tail cut off).
    public private(set) var warnings: [String] = []
    /// A snapshot is written after a commit once this many events followed the last one (0: never).
    public var snapshotInterval: UInt64 = 100_000
    /// A new segment is started once the current one reaches this size.
    public var segmentLimit = 64 << 20
    /// Crash-test seam: when set, a batch is written in pieces of this many bytes with a pause
    /// between them, so a process killed mid-commit leaves a torn tail on disk as a power cut
    /// would. (A single write(2) is never torn by SIGKILL alone.) Never set in normal use.
    public var crashTestWriteChunk: Int? = nil

    let layout: StoreLayout
    private let lockFile: PosixFile
    private var position: JournalPosition
    private var tailFile: PosixFile
    private(set) var lastSnapshotSequence: UInt64

    private init(layout: StoreLayout, metadata: StoreMetadata, lockFile: PosixFile) throws(StoreError) {
        self.path = layout.root
        self.layout = layout
        self.metadata = metadata
        self.lockFile = lockFile
        self.state = StockState()
        self.position = JournalPosition(segment: 1, offset: SegmentHeader.size)
        self.tailFile = try PosixFile.open(layout.segment(1))
        self.lastSnapshotSequence = 0
    }

    // MARK: - Creating and opening

    /// Creates an empty store. Refuses a directory that already holds a store or other files.
    @discardableResult
    public static func create(at path: String, metadata: StoreMetadata) throws(StoreError) -> Store {
        let layout = StoreLayout(root: path)
        if FileSystem.exists(layout.metadata) { throw .alreadyExists(path: path) }
        if FileSystem.isDirectory(path) {
            let leftovers = try FileSystem.list(path).filter { !["journal", "snapshots", "lock"].contains($0) }
            guard leftovers.isEmpty else {
                throw .notAStore(path: path, detail: "the directory is not empty (\(leftovers.prefix(3).joined(separator: ", ")))")
            }
        }
        try FileSystem.makeDirectory(path)
        try FileSystem.makeDirectory(layout.journal)
        try FileSystem.makeDirectory(layout.snapshots)
        try FileSystem.syncDirectory(FileSystem.parentDirectory(of: path))
        let header = SegmentHeader(version: SegmentHeader.currentVersion, segmentNumber: 1, firstSequence: 1)
        try FileSystem.writeAtomically(header.encoded(), to: layout.segment(1))
        _ = try PosixFile.open(layout.lock, create: true)
        // Written last: until it exists, the directory is not a store.
        try FileSystem.writeAtomically(metadata.encoded(), to: layout.metadata)
        return try open(at: path)
    }

    /// Opens a store: the newest sound snapshot, then the journal after it. Cuts off a torn final
    /// batch (with a warning); refuses damage anywhere else, naming the file and byte offset.
    public static func open(at path: String) throws(StoreError) -> Store {
        let layout = StoreLayout(root: path)
        guard FileSystem.isDirectory(path) else { throw .noStore(path: path) }
        guard FileSystem.exists(layout.metadata) else {
            if FileSystem.list(orEmpty: path).isEmpty { throw .noStore(path: path) }
            throw .notAStore(path: path, detail: "\(StoreMetadata.fileName) is missing")
        }
        let metadataFile = try PosixFile.open(layout.metadata, readOnly: true)
        let metadata = try StoreMetadata.decode(try metadataFile.readAll(), path: layout.metadata)
        guard metadata.format <= StoreMetadata.currentFormat else {
            throw .newerFormat(path: layout.metadata, found: UInt32(metadata.format), supported: UInt32(StoreMetadata.currentFormat))
        }
        let lockFile = try PosixFile.open(layout.lock, create: true)
        let store = try Store(layout: layout, metadata: metadata, lockFile: lockFile)
        try store.loadFromDisk()
        return store
    }

    private func loadFromDisk() throws(StoreError) {
        let segments = try layout.segmentNumbers()
        guard segments.first == 1 else { throw .notAStore(path: path, detail: "journal segment 1 is missing") }
        for (index, number) in segments.enumerated() where number != UInt32(index + 1) {
            throw .damaged(path: layout.segment(number), offset: 0, detail: "segment \(index + 1) is missing before it")
        }
        state = StockState()
        position = JournalPosition(segment: 1, offset: SegmentHeader.size)
        lastSnapshotSequence = 0
        for sequence in try layout.snapshotSequences() {
            let file = layout.snapshot(sequence)
            do {
                let loaded = try SnapshotCodec.decode(try PosixFile.open(file, readOnly: true).readAll())
                guard segments.contains(loaded.position.segment) else {
                    warnings.append("\(file): refers to a journal segment that does not exist; ignoring it")
                    continue
                }
                state = loaded.state
                position = loaded.position
                lastSnapshotSequence = sequence
                break
            } catch {
                warnings.append("\(file): \(error); ignoring this snapshot (the journal still holds every event)")
            }
        }
        tailFile = try openSegment(position.segment, expectedFirstSequence: position.offset == SegmentHeader.size && lastSnapshotSequence == 0 ? 1 : nil)
        if try catchUp(underLock: false) {
            try withLock { () throws(StoreError) in _ = try catchUp(underLock: true) }
        }
    }

    // MARK: - Reading what others appended

    /// Applies events other processes appended since this store last looked. Returns whether
    /// anything new arrived. Does not take the lock; an unfinished batch is left for later.
    @discardableResult
    public func refresh() throws(StoreError) -> Bool {
        let before = state.lastSequence
        if try catchUp(underLock: false) {
            try withLock { () throws(StoreError) in _ = try catchUp(underLock: true) }
        }
        return state.lastSequence != before
    }

    /// Reads from `position` to the end of the journal, applying complete batches. Returns true
    /// when an unfinished batch was found that only a lock holder may resolve.
    private func catchUp(underLock: Bool) throws(StoreError) -> Bool {
        while true {
            let size = try tailFile.size()
            if size > position.offset {
                let folded = JournalReplay.fold(
                    tailFile, from: position.offset, to: size, nextSequence: state.lastSequence + 1, into: &state)
                let scan = folded.scan
                // Record how far the state got before any read error, so it and `position` agree.
                position.offset = scan.committedEnd
                if let failure = folded.readFailure { throw failure }
                switch scan.tail {
                case .clean:
                    break
                case .damaged(let offset, let detail):
                    throw .damaged(path: tailFile.path, offset: offset, detail: detail)
                case .unfinished(let offset):
                    guard underLock else { return true }
                    // The lock is ours, so no writer is alive mid-batch: one died. Its batch was
                    // never acknowledged, so cutting it loses nothing anyone was told was saved.
                    let cut = size - offset
                    try tailFile.truncate(to: offset)
                    try tailFile.syncAll()
                    warnings.append("\(tailFile.path): cut off an unfinished final write of \(cut) bytes at byte \(offset) (a writer stopped mid-write; it was never acknowledged)")
                }
            }
            let next = position.segment + 1
            guard FileSystem.exists(layout.segment(next)) else { return false }
            // A writer only starts a segment after the previous one ends cleanly.
            if try tailFile.size() != position.offset {
                if !underLock { return true }
                throw .damaged(path: tailFile.path, offset: position.offset, detail: "bytes after the last complete batch, yet segment \(next) follows")
            }
            tailFile = try openSegment(next, expectedFirstSequence: state.lastSequence + 1)
            position = JournalPosition(segment: next, offset: SegmentHeader.size)
        }
    }

    private func openSegment(_ number: UInt32, expectedFirstSequence: UInt64?) throws(StoreError) -> PosixFile {
        let file = try PosixFile.open(layout.segment(number))
        let headerBytes = try file.read(at: 0, count: SegmentHeader.size)
        let parsed = headerBytes.withUnsafeBytes { buffer in
            Result { () throws(SegmentHeader.Problem) in try SegmentHeader.parse(buffer) }
        }
        let header: SegmentHeader
        switch parsed {
        case .success(let value):
            header = value
        case .failure(let error):
            switch error {
            case .newerVersion(let version):
                throw .newerFormat(path: file.path, found: version, supported: SegmentHeader.currentVersion)
            case .tooShort, .notAJournal, .checksum:
                throw .damaged(path: file.path, offset: 0, detail: "the segment header is not valid (\(error))")
            }
        }
        guard header.segmentNumber == number else {
            throw .damaged(path: file.path, offset: 12, detail: "header says segment \(header.segmentNumber)")
        }
        if let expectedFirstSequence, header.firstSequence != expectedFirstSequence {
            throw .damaged(path: file.path, offset: 16, detail: "segment starts at sequence \(header.firstSequence), expected \(expectedFirstSequence)")
        }
        return file
    }

    // MARK: - Writing

    /// Appends the changes `decide` proposes, atomically, against the newest state.
    ///
    /// Under the lock: catch up, let `decide` look at the state, drop changes whose idempotency key
    /// was seen, check the rest in order, append them as one batch and `fdatasync`. If anything is
    /// refused nothing is written. Returns only once the events are durable.
    public func transact<Result>(
        actor: String, time: Timestamp,
        _ decide: (StockState) throws -> (changes: [ProposedChange], result: Result)
    ) throws -> Commit<Result> {
        let commit = try transactUnderLock(actor: actor, time: time, decide)
        // After the lock is released: a snapshot is for faster opens, and other writers should
        // not wait for it.
        if snapshotInterval > 0 && state.lastSequence - lastSnapshotSequence >= snapshotInterval {
            do { _ = try writeSnapshot() } catch { warnings.append("automatic snapshot failed: \(error)") }
        }
        return commit
    }

    private func transactUnderLock<Result>(
        actor: String, time: Timestamp,
        _ decide: (StockState) throws -> (changes: [ProposedChange], result: Result)
    ) throws -> Commit<Result> {
        try lockFile.lockExclusive()
        defer { lockFile.unlock() }
        _ = try catchUp(underLock: true)
        let (changes, result) = try decide(state)
        var events: [Event] = []
        var duplicates: [ProposedChange] = []
        events.reserveCapacity(changes.count)
        do {
            let digests = changes.map { $0.idempotencyKey.map(IdempotencyDigest.init(key:)) }
            warmIdempotency(for: digests)
            for (index, proposed) in changes.enumerated() {
                let sequence = state.lastSequence + 1
                guard try state.commit(proposed.change, sequence: sequence, time: time, digest: digests[index]) else {
                    duplicates.append(proposed)
                    continue
                }
                events.append(Event(
                    sequence: sequence, time: time, actor: actor, idempotencyKey: proposed.idempotencyKey, change: proposed.change))
            }
            if !events.isEmpty { try append(events) }
        } catch {
            // The in-memory state ran ahead of the disk; rebuild it from what is durable.
            try loadFromDisk()
            if let refusal = error as? Refusal { throw StoreError.refused(refusal) }
            throw error
        }
        return Commit(appended: events, duplicates: duplicates, result: result)
    }

    /// Discarded; stored so that the reads in `warmIdempotency` are not optimised away.
    private var touchedIdempotency: UInt64 = 0

    /// Touches the idempotency index where each key of a batch will be looked up, all at once,
    /// so that in a large index their cache misses overlap instead of stalling one commit at a time.
    private func warmIdempotency(for digests: [IdempotencyDigest?]) {
        var touched: UInt64 = 0
        for digest in digests {
            if let digest { touched ^= state.touchIdempotency(digest) }
        }
        touchedIdempotency = touched
    }

    /// Appends already-built events (state already advanced): one write, one fdatasync.
    private func append(_ events: [Event]) throws(StoreError) {
        if position.offset >= segmentLimit { try startSegment(firstSequence: events[0].sequence) }
        var records = ByteWriter(capacity: events.count * 96)
        RecordFormat.appendBatch(events, into: &records)
        try records.withUnsafeBytes { bytes throws(StoreError) in
            if let chunk = crashTestWriteChunk, chunk > 0 {
                var start = 0
                while start < bytes.count {
                    let end = min(bytes.count, start + chunk)
                    try tailFile.write(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), at: position.offset + start)
                    start = end
                    usleep(2000)  // long enough that a kill often lands between pieces, even when fsync is slow
                }
            } else {
                try tailFile.write(bytes, at: position.offset)
            }
        }
        try tailFile.syncData()
        position.offset += records.count
    }

    private func startSegment(firstSequence: UInt64) throws(StoreError) {
        let number = position.segment + 1
        let header = SegmentHeader(version: SegmentHeader.currentVersion, segmentNumber: number, firstSequence: firstSequence)
        try FileSystem.writeAtomically(header.encoded(), to: layout.segment(number))
        tailFile = try PosixFile.open(layout.segment(number))
        position = JournalPosition(segment: number, offset: SegmentHeader.size)
    }

    private func withLock(_ body: () throws(StoreError) -> Void) throws(StoreError) {
        try lockFile.lockExclusive()
        defer { lockFile.unlock() }
        try body()
    }

    // MARK: - Snapshots

    /// Writes the current state as a snapshot (temporary file, fsync, rename, directory fsync)
    /// and keeps only the two newest. Returns the snapshot's path.
    @discardableResult
    public func writeSnapshot() throws(StoreError) -> String {
        let file = layout.snapshot(state.lastSequence)
        try FileSystem.makeDirectory(layout.snapshots)
        _ = state.compactIdempotency()
        try FileSystem.writeAtomically(SnapshotCodec.encode(state, position: position), to: file)
        lastSnapshotSequence = state.lastSequence
        for old in try layout.snapshotSequences().dropFirst(2) {
            FileSystem.remove(layout.snapshot(old))
        }
        return file
    }

    /// The journal position this store's state reflects.
    public var journalPosition: JournalPosition { position }
}

extension FileSystem {
    static func list(orEmpty path: String) -> [String] {
        (try? list(path)) ?? []
    }
}
