import OnePoolCore

#if canImport(Glibc)
    import Glibc
#endif

/// What a transaction appended, and what its caller computed along the way.
public struct Commit<Result> {
    public var appended: [Event]
    /// Proposed changes whose idempotency key the store had already seen: nothing was written for them.
    public var duplicates: [ProposedChange]
    public var result: Result
}

/// What `Store.transactCounting` appended: how many events, not the events themselves. A caller
/// that only needs the count (a bulk append, an import) spares the store an `Event` per change
/// (each a copy of the change, its strings retained and later released).
public struct CountedCommit<Result> {
    /// How many events were appended (the changes that were neither duplicates nor no-ops).
    public var appended: Int
    /// Proposed changes whose idempotency key the store had already seen: nothing was written for them.
    public var duplicates: [ProposedChange]
    public var result: Result
}

/// A OnePool store on disk: the journal, its snapshots, and the state they fold to.
///
/// One `Store` per process (it is not thread-safe); many processes may have the same store open.
/// Opening and reading never change a file, so they work on a read-only store. Writers
/// serialise on an exclusive `flock`, catch up with what others appended, repair (moving a torn
/// or damaged tail aside, never destroying it), check, append, `fdatasync`, release.
public final class Store {
    public let path: String
    public private(set) var metadata: StoreMetadata
    public internal(set) var state: StockState
    /// Things the operator should know that did not stop the store opening or writing (a tail
    /// set aside, a snapshot ignored, damaged bytes not yet looked at). Each appears once.
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
    let modes: FileModes
    /// Opened read-only: `flock` needs no write access. Nil when a read-only store has none.
    private var lockFile: PosixFile?
    private(set) var position: JournalPosition
    /// The journal's last segment, read-only: what readers use.
    private var tailFile: PosixFile
    /// The same segment opened for writing, under the lock. Dropped after any failed write, so a
    /// descriptor whose writes may not have reached the disk is never appended through again.
    private var writableTail: PosixFile?
    /// Where the state's last batch ends, and its final record: where a snapshot is anchored.
    private(set) var snapshotPoint: (position: JournalPosition, anchor: SnapshotAnchor)
    private(set) var lastSnapshotSequence: UInt64
    /// The newest snapshot is of an older format (before returns it was passed over for the
    /// journal's shipped lines; before format 6 its shipped lines are slow to read): the next
    /// commit writes a current one so later opens are fast again.
    private var snapshotOutdated = false
    /// Bytes past this point of the journal were never acknowledged (a write failed and could
    /// not be undone): readers ignore them, writers refuse until `doctor --repair`.
    private var repairMarker: RepairMarker?
    private var ownershipChecked = false
    /// A `transactStream` holds the lock and runs ahead of the journal: no other write may start.
    var streaming = false

    private init(layout: StoreLayout, metadata: StoreMetadata, lockFile: PosixFile?) throws(StoreError) {
        self.path = layout.root
        self.layout = layout
        self.metadata = metadata
        self.modes = metadata.group == nil ? .ownerOnly : .groupShared
        self.lockFile = lockFile
        self.state = StockState()
        self.position = JournalPosition(segment: 1, offset: SegmentHeader.size)
        self.tailFile = try PosixFile.open(layout.segment(1), .read)
        self.snapshotPoint = (JournalPosition(segment: 1, offset: SegmentHeader.size), .none)
        self.lastSnapshotSequence = 0
    }

    // MARK: - Creating and opening

    /// Creates an empty store, owner-only, or shared with `metadata.group` (directories 2770,
    /// files 0660). Refuses a directory that already holds a store or other files; temporaries
    /// left by an earlier `init` that died are removed.
    @discardableResult
    public static func create(at path: String, metadata: StoreMetadata) throws(StoreError) -> Store {
        var metadata = metadata
        if metadata.identity == nil { metadata.identity = StoreMetadata.newIdentity() }
        let layout = StoreLayout(root: path)
        try metadata.validate(path: layout.metadata)
        let modes: FileModes = metadata.group == nil ? .ownerOnly : .groupShared
        switch FileSystem.status(path) {
        case .inaccessible(let code): throw .io(path: path, operation: "open", code: code)
        case .found(let info) where (info.st_mode & S_IFMT) != S_IFDIR:
            throw .notAStore(path: path, detail: "it is \(FileKind(mode: info.st_mode)), not a directory")
        case .found:
            if FileSystem.exists(layout.metadata) { throw .alreadyExists(path: path) }
            for directory in [path, layout.journal, layout.snapshots] {
                FileSystem.removeStaleTemporaries(in: directory)
            }
            let leftovers = try FileSystem.list(path).filter { !["journal", "snapshots", "lock"].contains($0) }
            guard leftovers.isEmpty else {
                throw .notAStore(
                    path: path, detail: "the directory is not empty (\(leftovers.prefix(3).joined(separator: ", ")))")
            }
        case .missing:
            break
        }
        try FileSystem.makeDirectory(path, mode: modes.directory)
        if let group = metadata.group {
            let id = try StoreOwnership.groupID(named: group, store: layout.metadata)
            guard chown(path, uid_t.max, id) == 0 else {
                throw .io(path: path, operation: "chgrp \(group)", code: errno)
            }
            // chown clears the setgid bit on some systems; set the mode again.
            guard chmod(path, modes.directory) == 0 else { throw .io(path: path, operation: "chmod", code: errno) }
        }
        try FileSystem.makeDirectory(layout.journal, mode: modes.directory)
        try FileSystem.makeDirectory(layout.snapshots, mode: modes.directory)
        try FileSystem.syncDirectory(FileSystem.parentDirectory(of: path))
        let header = SegmentHeader(version: SegmentHeader.currentVersion, segmentNumber: 1, firstSequence: 1)
        try FileSystem.writeAtomically(header.encoded(), to: layout.segment(1), permissions: modes.file)
        _ = try PosixFile.open(layout.lock, .openOrCreate(permissions: modes.file))
        // Written last: until it exists, the directory is not a store.
        try FileSystem.writeAtomically(metadata.encoded(), to: layout.metadata, permissions: modes.file)
        return try open(at: path)
    }

    /// Opens a store for reading (and for writing later through `transact`): the newest snapshot
    /// that provably matches its journal, then the journal after it. Changes no file. A torn or
    /// damaged final batch is left where it is and not shown (with a warning); damage anywhere
    /// else is refused, naming the file and byte offset.
    public static func open(at path: String) throws(StoreError) -> Store {
        let layout = StoreLayout(root: path)
        switch FileSystem.status(path) {
        case .missing: throw .noStore(path: path)
        case .inaccessible(let code): throw .io(path: path, operation: "open", code: code)
        case .found(let info):
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw .notAStore(path: path, detail: "it is \(FileKind(mode: info.st_mode)), not a directory")
            }
        }
        switch FileSystem.status(layout.metadata, followLink: false) {
        case .inaccessible(let code): throw .io(path: layout.metadata, operation: "open", code: code)
        case .missing:
            let entries = try FileSystem.list(path)
            if entries.isEmpty { throw .noStore(path: path) }
            throw .notAStore(path: path, detail: "\(StoreMetadata.fileName) is missing")
        case .found: break
        }
        let metadata = try StoreMetadata.decode(
            try PosixFile.open(layout.metadata, .read).readAll(), path: layout.metadata)
        guard metadata.format <= StoreMetadata.currentFormat else {
            throw .newerFormat(
                path: layout.metadata, found: UInt32(metadata.format), supported: UInt32(StoreMetadata.currentFormat))
        }
        let lockFile: PosixFile? = FileSystem.exists(layout.lock) ? try PosixFile.open(layout.lock, .read) : nil
        let store = try Store(layout: layout, metadata: metadata, lockFile: lockFile)
        try store.loadFromDisk()
        return store
    }

    func loadFromDisk() throws(StoreError) {
        repairMarker = RepairMarker.read(layout)
        let segments = try layout.segmentNumbers()
        guard segments.first == 1 else { throw .notAStore(path: path, detail: "journal segment 1 is missing") }
        for (index, number) in segments.enumerated() where number != UInt32(index + 1) {
            throw .damaged(path: layout.segment(number), offset: 0, detail: "segment \(index + 1) is missing before it")
        }
        state = StockState()
        position = JournalPosition(segment: 1, offset: SegmentHeader.size)
        snapshotPoint = (position, .none)
        lastSnapshotSequence = 0
        writableTail = nil
        try loadNewestSnapshot(segments: segments)
        tailFile = try openSegment(position.segment, expectedFirstSequence: lastSnapshotSequence == 0 ? 1 : nil)
        try catchUpAsReader()
        noteDamagedPieces()
        noteOutOfRangeValues()
        if let repairMarker {
            warn(
                "a write failed and could not be undone (\(repairMarker.reason)); bytes after segment \(repairMarker.segment) byte \(repairMarker.durableOffset) are not shown and writes are stopped: run `onepool doctor --repair`"
            )
        }
    }

    /// Adopts the newest snapshot that belongs to this store and matches its journal. One that
    /// covers more journal than exists stops the open: that is a lost journal, not a bad snapshot.
    private func loadNewestSnapshot(segments: [UInt32]) throws(StoreError) {
        let identity = metadata.identity.map { _ in metadata.identityBytes }
        snapshotOutdated = false
        for sequence in try layout.snapshotSequences() {
            let file = layout.snapshot(sequence)
            let loaded: SnapshotCodec.Loaded
            do { loaded = try SnapshotCodec.decode(try PosixFile.open(file, .read).readAll()) } catch {
                warn("\(file): \(error); ignoring this snapshot (the journal still holds every event)")
                continue
            }

            switch SnapshotVerifier.verify(loaded, layout: layout, segments: segments, identity: identity) {
            case .matches(let anchor):
                if loaded.version == 5, !loaded.state.bundles.isEmpty {
                    // Format 5 did not keep which components a shipped bundle line took, so its
                    // bundle lines could not come back: the journal, which says, is replayed
                    // instead (once: the next commit writes a current snapshot).
                    snapshotOutdated = true
                    continue
                }
                state = loaded.state
                position = loaded.position
                snapshotPoint = (loaded.position, anchor)
                lastSnapshotSequence = loaded.state.lastSequence
                if loaded.version < 4 { try rebuildReturns(through: lastSnapshotSequence) }
                // An older format is rewritten as the current one by the next commit.
                if loaded.version < SnapshotCodec.version { snapshotOutdated = true }
                return
            case .foreign(let why):
                warn("\(file): not this store's snapshot (\(why)); ignoring it and replaying the journal")
            case .mismatch(let why):
                warn("\(file): does not match the journal (\(why)); ignoring it and replaying the journal")
            case .beyondJournal(let covers, let journalEnds):
                throw .journalBehindSnapshot(snapshot: file, covers: covers, journalEnds: journalEnds)
            }
        }
    }

    /// A snapshot from before returns (format < 4) lacks the shipped lines a return is checked
    /// against: they are read back from the journal's events up to it (its shipments and old
    /// returns only), and the next commit writes a current snapshot so later opens skip this.
    private func rebuildReturns(through sequence: UInt64) throws(StoreError) {
        snapshotOutdated = true
        guard sequence > 0 else { return }
        do {
            try Store.forEachEvent(inStoreAt: path, through: sequence) { event in
                state.adoptReturnFacts(of: event.change)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .damaged(path: layout.journal, offset: 0, detail: "\(error)")
        }
    }

    // MARK: - Reading what others appended

    /// Applies events other processes appended since this store last looked. Returns whether
    /// anything new arrived. Never writes; an unfinished batch is left for its writer (or, if
    /// its writer died, for the next writer to set aside).
    @discardableResult
    public func refresh() throws(StoreError) -> Bool {
        let before = state.lastSequence
        try catchUpAsReader()
        return state.lastSequence != before
    }

    /// What catching up found at the end of the journal.
    private enum TailFinding {
        case clean
        /// Bytes after the last complete batch of the last segment.
        case unfinished(offset: Int, bytes: Int)
    }

    /// Catches up without the lock. Bytes after the last complete batch are either a writer at
    /// work or a writer that died; if no writer holds the lock (a shared lock can be had at
    /// once), they are dead, and the operator is told, but nothing is cut.
    private func catchUpAsReader() throws(StoreError) {
        guard case .unfinished = try catchUp(writer: false) else { return }
        guard let lockFile, try lockFile.tryLockShared() else { return }
        defer { lockFile.unlock() }
        // No writer can append while the shared lock is held: this look is final.
        if case .unfinished(let offset, let bytes) = try catchUp(writer: false) {
            warn(
                "\(tailFile.path): \(bytes) bytes after the last complete batch (at byte \(offset)) — an unfinished write or damage; they are not shown. The next change moves them aside to journal/\(JournalRepair.damagedPrefix)…; `onepool doctor` explains"
            )
        }
    }

    /// Reads from `position` to the end of the journal, applying complete batches. A writer
    /// (holding the lock) sets an unfinished or damaged final batch aside; a reader reports it.
    private func catchUp(writer: Bool) throws(StoreError) -> TailFinding {
        while true {
            var size = try tailFile.size()
            if let repairMarker, repairMarker.segment == position.segment {
                size = min(size, repairMarker.durableOffset)
            }
            if size > position.offset {
                let folded = JournalReplay.fold(
                    tailFile, from: position.offset, to: size, nextSequence: state.lastSequence + 1, into: &state)
                let scan = folded.scan
                // Record how far the state got before any read error, so it and `position` agree.
                if scan.eventCount > 0, let start = scan.lastRecordStart {
                    let checksum = try recordChecksum(tailFile, at: start)
                    snapshotPoint = (
                        JournalPosition(segment: position.segment, offset: scan.committedEnd),
                        SnapshotAnchor(recordStart: start, recordChecksum: checksum)
                    )
                }
                position.offset = scan.committedEnd
                if let failure = folded.readFailure { throw failure }
                switch scan.tail {
                case .clean:
                    break
                case .damaged(let offset, let detail):
                    throw .damaged(path: tailFile.path, offset: offset, detail: detail)
                case .unfinished(let offset):
                    if FileSystem.exists(layout.segment(position.segment + 1)) {
                        // A writer starts a segment only after the previous one ends cleanly.
                        throw .damaged(
                            path: tailFile.path, offset: offset,
                            detail: "bytes after the last complete batch, yet segment \(position.segment + 1) follows")
                    }
                    guard writer else { return .unfinished(offset: offset, bytes: size - offset) }
                    let piece = try JournalRepair.setAside(
                        writableSegment(), segment: position.segment, from: offset, layout: layout, modes: modes)
                    warn(
                        "\(tailFile.path): moved \(piece.bytes) bytes after the last complete batch (at byte \(offset)) to \(piece.path) — an unfinished write or damage, never lost; `onepool doctor` shows what they hold, `onepool doctor --ack` clears this warning"
                    )
                    return .clean
                }
            }
            let next = position.segment + 1
            guard FileSystem.exists(layout.segment(next)) else { return .clean }
            if try tailFile.size() != position.offset {
                throw .damaged(
                    path: tailFile.path, offset: position.offset,
                    detail: "bytes after the last complete batch, yet segment \(next) follows")
            }
            tailFile = try openSegment(next, expectedFirstSequence: state.lastSequence + 1)
            writableTail = nil
            position = JournalPosition(segment: next, offset: SegmentHeader.size)
        }
    }

    private func recordChecksum(_ file: PosixFile, at start: Int) throws(StoreError) -> UInt32 {
        let bytes = try file.read(at: start, count: 4)
        guard bytes.count == 4 else {
            throw .damaged(path: file.path, offset: start, detail: "a record header was cut short")
        }
        return bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
    }

    private func openSegment(_ number: UInt32, expectedFirstSequence: UInt64?) throws(StoreError) -> PosixFile {
        let file = try PosixFile.open(layout.segment(number), .read)
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
            throw .damaged(
                path: file.path, offset: 16,
                detail: "segment starts at sequence \(header.firstSequence), expected \(expectedFirstSequence)")
        }
        return file
    }

    /// The tail segment opened for writing (only ever under the lock).
    func writableSegment() throws(StoreError) -> PosixFile {
        if let writableTail { return writableTail }
        let file = try PosixFile.open(layout.segment(position.segment), .readWrite)
        writableTail = file
        return file
    }

    // MARK: - Writing

    /// Appends the changes `decide` proposes, atomically, against the newest state.
    ///
    /// Under the lock: catch up, let `decide` look at the state, drop changes whose idempotency key
    /// was seen, check the rest in order, append them as one batch and `fdatasync`. If anything is
    /// refused nothing is written. Returns only once the events are durable; if the write or the
    /// sync fails, the batch is cut off again before the lock is released, so a failed change is
    /// never counted.
    public func transact<Result>(
        actor: UserName, time: Timestamp,
        _ decide: (StockState) throws -> (changes: [ProposedChange], result: Result)
    ) throws -> Commit<Result> {
        let outcome = try transactAndSnapshot(actor: actor, time: time, collectEvents: true, decide)
        return Commit(appended: outcome.events, duplicates: outcome.duplicates, result: outcome.result)
    }

    /// `transact`, returning how many events were appended instead of the events: the same
    /// checks, the same bytes on disk, the same state, without an `Event` made per change.
    public func transactCounting<Result>(
        actor: UserName, time: Timestamp,
        _ decide: (StockState) throws -> (changes: [ProposedChange], result: Result)
    ) throws -> CountedCommit<Result> {
        let outcome = try transactAndSnapshot(actor: actor, time: time, collectEvents: false, decide)
        return CountedCommit(appended: outcome.appended, duplicates: outcome.duplicates, result: outcome.result)
    }

    /// What both `transact`s found: how many events were appended, the events if collected.
    private struct Outcome<Result> {
        var appended = 0
        var events: [Event] = []
        var duplicates: [ProposedChange] = []
        var result: Result
    }

    /// Both `transact`s: the transaction under the lock, then (after the lock is released) the
    /// automatic snapshot.
    private func transactAndSnapshot<Result>(
        actor: UserName, time: Timestamp, collectEvents: Bool,
        _ decide: (StockState) throws -> (changes: [ProposedChange], result: Result)
    ) throws -> Outcome<Result> {
        let outcome = try transactUnderLock(actor: actor, time: time, collectEvents: collectEvents, decide)
        snapshotIfDue()
        return outcome
    }

    /// The automatic snapshot, after a transaction has released the lock: a snapshot is for
    /// faster opens, and other writers should not wait for it.
    func snapshotIfDue() {
        if snapshotInterval > 0
            && (state.lastSequence - lastSnapshotSequence >= snapshotInterval || snapshotOutdated)
        {
            do {
                _ = try writeSnapshot()
                snapshotOutdated = false
            } catch { warn("automatic snapshot failed: \(error)") }
        }
    }

    private func transactUnderLock<Result>(
        actor: UserName, time: Timestamp, collectEvents: Bool,
        _ decide: (StockState) throws -> (changes: [ProposedChange], result: Result)
    ) throws -> Outcome<Result> {
        let lock = try prepareToWrite()
        try lock.lockExclusive()
        defer { lock.unlock() }
        try whileLocked()
        let (changes, result) = try decide(state)
        var outcome = Outcome(result: result)
        do {
            let digests = changes.map { Self.digest(ofKey: $0.idempotencyKey) }
            warmIdempotency(for: digests)
            // Each change is encoded as soon as it passes, while its parts are still in cache:
            // one buffer for the whole batch, nothing allocated per event.
            var batch = BatchWriter(capacity: changes.count * 96, flushSize: .max)
            let firstSequence = state.lastSequence + 1
            let encodedActor = (actor, encoded(actor: actor))
            if collectEvents {
                outcome.events.reserveCapacity(changes.count)
                try Self.commitEach(
                    changes, digests: digests, into: &state, batch: &batch, events: &outcome.events,
                    duplicates: &outcome.duplicates, actor: encodedActor, time: time)
                outcome.appended = outcome.events.count
            } else {
                outcome.appended = try Self.commitEach(
                    changes, digests: digests, into: &state, batch: &batch, duplicates: &outcome.duplicates,
                    actor: encodedActor.1, time: time)
            }
            if outcome.appended > 0 { try append(&batch, firstSequence: firstSequence) }
        } catch {
            // The in-memory state ran ahead of the disk; rebuild it from what is durable.
            try loadFromDisk()
            if let refusal = error as? Refusal { throw StoreError.refused(refusal) }
            throw error
        }
        return outcome
    }

    /// Checks and applies each of `changes` to `state` and encodes each that passes into `batch`,
    /// collecting the events appended and the duplicates. The state is a parameter, not the
    /// store's property: each access to a class's property is checked for exclusivity at run
    /// time, once per change, where an `inout` parameter is checked once per batch.
    ///
    /// Each change is copied once, into its event (`for … in` would copy every proposal, and a
    /// change read out first then copied into an event would be copied twice); the check, the
    /// fold and the encoder read it from there.
    private static func commitEach(
        _ changes: [ProposedChange], digests: [IdempotencyDigest?], into state: inout StockState,
        batch: inout BatchWriter, events: inout [Event], duplicates: inout [ProposedChange],
        actor: (name: UserName, encoded: [UInt8]), time: Timestamp
    ) throws(Refusal) {
        for index in changes.indices {
            let event = Event(
                sequence: state.lastSequence + 1, time: time, actor: actor.name,
                idempotencyKey: changes[index].idempotencyKey, change: changes[index].change)
            guard try state.commit(event.change, sequence: event.sequence, time: time, digest: digests[index]) else {
                duplicates.append(changes[index])
                continue
            }
            batch.add(
                sequence: event.sequence, time: time, actor: actor.encoded, idempotencyKey: event.idempotencyKey,
                change: event.change)
            events.append(event)
        }
    }

    /// `commitEach` without the events: returns how many changes were appended. No `Event` is
    /// made and nothing is appended to an array per change.
    ///
    /// An order line placed, cancelled or shipped (the bulk of what is appended) is committed and
    /// encoded from its line alone (`StockState.commitOrderLine`), without `commit`'s general
    /// switch, and the copy of the `Change` is destroyed as a line (~75 instructions, against
    /// ~107 for a `Change`). The change itself is still copied out of `changes` once (~160,
    /// through its value witness): the compiler copies whatever it reads from the caller's array
    /// and keeps across a call to Core, since it cannot prove Core leaves that memory alone — a
    /// switch on the change in a helper, borrowed or inlined, copied it all the same. Any other
    /// change is copied out once, into a local the check, the fold and the encoder all borrow.
    static func commitEach(
        _ changes: [ProposedChange], digests: [IdempotencyDigest?], into state: inout StockState,
        batch: inout BatchWriter, duplicates: inout [ProposedChange], actor: [UInt8], time: Timestamp
    ) throws(Refusal) -> Int {
        try changes.withUnsafeBufferPointer { (proposals) throws(Refusal) -> Int in
            var appended = 0
            for index in proposals.indices {
                let sequence = state.lastSequence + 1
                let kind: OrderLineEventKind
                let line: OrderLineFacts
                switch proposals[index].change {
                case .orderPlaced(let placed): (kind, line) = (.placed, placed)
                case .orderCancelled(let cancelled): (kind, line) = (.cancelled, cancelled)
                case .orderShipped(let shipped): (kind, line) = (.shipped, shipped)
                default:
                    let change = proposals[index].change
                    guard try state.commit(change, sequence: sequence, time: time, digest: digests[index]) else {
                        duplicates.append(proposals[index])
                        continue
                    }
                    batch.add(
                        sequence: sequence, time: time, actor: actor,
                        idempotencyKey: proposals[index].idempotencyKey, change: change)
                    appended += 1
                    continue
                }
                guard try state.commitOrderLine(kind, line, sequence: sequence, time: time, digest: digests[index])
                else {
                    duplicates.append(proposals[index])
                    continue
                }
                batch.add(
                    sequence: sequence, time: time, actor: actor, idempotencyKey: proposals[index].idempotencyKey,
                    kind: kind, line: line)
                appended += 1
            }
            return appended
        }
    }

    /// What every write checks before taking the lock: writes are not stopped, this user may
    /// write the store, and the lock file exists. Returns the lock.
    func prepareToWrite(allowWhileStopped: Bool = false) throws(StoreError) -> PosixFile {
        // A write from inside a stream's own `next` or `durable` would land between the stream's
        // batches with sequences after theirs: a journal out of sequence. A caller's bug, not input.
        precondition(!streaming, "a store was written from inside its own transactStream")
        if !allowWhileStopped, let marker = RepairMarker.read(layout) {
            repairMarker = marker
            throw .needsRepair(detail: marker.reason)
        }
        if !ownershipChecked {
            try StoreOwnership.checkWritable(layout, group: metadata.group, extra: [layout.segment(position.segment)])
            ownershipChecked = true
        }
        if let lockFile { return lockFile }
        let created = try PosixFile.open(layout.lock, .openOrCreate(permissions: modes.file))
        lockFile = created
        return created
    }

    /// The housekeeping a writer does first, holding the lock: give an old store its identity,
    /// remove temporaries of writers that died, catch up (setting a dead tail aside), and check
    /// that the tail ends where the state does.
    func whileLocked() throws(StoreError) {
        if let marker = RepairMarker.read(layout) {
            repairMarker = marker
            throw .needsRepair(detail: marker.reason)
        }
        try adoptIdentityIfMissing()
        // A directory is listed again only if an entry may have come or gone since this writer
        // last listed it (`DirectoryWatch`): listing three directories, and the journal again
        // for damaged pieces, was 20 of the ~30 system calls of every commit.
        for directory in [layout.root, layout.journal, layout.snapshots]
        where temporariesWatch.needsListing(directory) {
            FileSystem.removeStaleTemporaries(in: directory)
        }
        _ = try catchUp(writer: true)
        let size = try tailFile.size()
        guard size == position.offset else {
            throw .damaged(
                path: tailFile.path, offset: position.offset,
                detail: "the segment is \(size) bytes but its last complete batch ends at \(position.offset)")
        }
        // An unchanged list of pieces would repeat a warning already given (each appears once).
        if damagedPiecesWatch.needsListing(layout.journal) { noteDamagedPieces() }
    }

    /// What `whileLocked` last saw of the directories it lists for temporaries, and of the journal
    /// for damaged pieces (after catching up, which may set a piece aside).
    private var temporariesWatch = DirectoryWatch()
    private var damagedPiecesWatch = DirectoryWatch()

    /// A store made before identities gets one from its first writer (under the lock; another
    /// writer may have given it one meanwhile, so the file is read again first).
    private func adoptIdentityIfMissing() throws(StoreError) {
        guard metadata.identity == nil else { return }
        let current = try StoreMetadata.decode(
            try PosixFile.open(layout.metadata, .read).readAll(), path: layout.metadata)
        if current.identity != nil {
            metadata = current
            return
        }
        var updated = current
        updated.identity = StoreMetadata.newIdentity()
        try FileSystem.writeAtomically(updated.encoded(), to: layout.metadata, permissions: modes.file)
        metadata = updated
    }

    /// The last actor a commit encoded, and its bytes: a process commits as one actor, so after
    /// its first commit the encoding costs neither work nor an allocation.
    private var lastEncodedActor: (actor: UserName, bytes: [UInt8])?

    func encoded(actor: UserName) -> [UInt8] {
        if let last = lastEncodedActor, last.actor == actor { return last.bytes }
        let bytes = ByteWriter.encodedString(actor.rawValue)
        lastEncodedActor = (actor, bytes)
        return bytes
    }

    /// Discarded; stored so that the reads in `warmIdempotency` are not optimised away.
    private var touchedIdempotency: UInt64 = 0

    /// Touches the idempotency index where each key of a batch will be looked up, all at once,
    /// so that in a large index their cache misses overlap instead of stalling one commit at a time.
    func warmIdempotency(for digests: [IdempotencyDigest?]) {
        var touched: UInt64 = 0
        for digest in digests {
            if let digest { touched ^= state.touchIdempotency(digest) }
        }
        touchedIdempotency = touched
    }

    /// Appends an encoded batch (state already advanced): one write, one fdatasync. If
    /// either fails, cuts the segment back to where it was durable before the lock is released
    /// (a failed `fdatasync` may or may not have reached the disk — PostgreSQL's "fsyncgate" —
    /// so the only safe state is "absent"); if even that fails, stops writes until
    /// `onepool doctor --repair`.
    private func append(_ batch: inout BatchWriter, firstSequence: UInt64) throws(StoreError) {
        if position.offset >= segmentLimit { try startSegment(firstSequence: firstSequence) }
        try commitBatch(&batch, start: position.offset)
    }

    /// Writes what `batch` still holds (its earlier pieces were written at `start` onwards),
    /// syncs once, and moves the store's position past the batch. A failed write or sync cuts
    /// the segment back to `start` (see `append`).
    func commitBatch(_ batch: inout BatchWriter, start durable: Int) throws(StoreError) {
        let written = try writeBatch(&batch, start: durable)
        do { try written.file.syncData() } catch {
            abandonBatch(start: durable, reason: "\(error)")
            throw error
        }
        batchIsDurable(written)
    }

    /// A batch written to the segment and not yet synced: where it starts, where its final
    /// record is, and the descriptor that wrote it (the one to sync).
    struct WrittenBatch {
        var file: PosixFile
        var start: Int
        var finished: (finalRecord: Int, checksum: UInt32, size: Int)
    }

    /// Writes what `batch` still holds from `start` (its earlier pieces are there already),
    /// without syncing. A failed write cuts the segment back to `start`.
    func writeBatch(_ batch: inout BatchWriter, start durable: Int) throws(StoreError) -> WrittenBatch {
        do {
            let file = try writableSegment()
            let finished = try batch.finish { (bytes, offset) throws(StoreError) in
                try writeRecords(bytes, to: file, at: durable + offset)
            }
            return WrittenBatch(file: file, start: durable, finished: finished)
        } catch {
            abandonBatch(start: durable, reason: "\(error)")
            throw error
        }
    }

    /// Moves the store's position past a written batch whose sync succeeded.
    func batchIsDurable(_ written: WrittenBatch) {
        position.offset = written.start + written.finished.size
        snapshotPoint = (
            position,
            SnapshotAnchor(
                recordStart: written.start + written.finished.finalRecord, recordChecksum: written.finished.checksum)
        )
    }

    /// Writes sealed records of an unfinished batch (not synced: the batch counts only once its
    /// last record is written and synced).
    func writeRecords(_ bytes: UnsafeRawBufferPointer, to file: PosixFile, at offset: Int) throws(StoreError) {
        if let chunk = crashTestWriteChunk, chunk > 0 {
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + chunk)
                try file.write(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), at: offset + start)
                start = end
                usleep(2000)  // long enough that a kill often lands between pieces, even when fsync is slow
            }
        } else {
            try file.write(bytes, at: offset)
        }
    }

    /// A batch that will not be completed (a write failed, or its caller gave up): the
    /// descriptor that wrote it is dropped and the segment cut back to where the batch began.
    func abandonBatch(start durable: Int, reason: String) {
        writableTail = nil
        undoFailedAppend(durable: durable, reason: reason)
    }

    private func undoFailedAppend(durable: Int, reason: String) {
        do {
            // A fresh descriptor: the failed one's pages may be in any state.
            let file = try PosixFile.open(layout.segment(position.segment), .readWrite)
            try file.truncate(to: durable)
            try file.syncAll()
        } catch {
            let marker = RepairMarker(
                segment: position.segment, durableOffset: durable,
                reason:
                    "appending to segment \(position.segment) at byte \(durable) failed (\(reason)) and cutting it back failed (\(error))"
            )
            repairMarker = marker
            try? marker.write(layout, modes: modes)
        }
    }

    func startSegment(firstSequence: UInt64) throws(StoreError) {
        let number = position.segment + 1
        let header = SegmentHeader(
            version: SegmentHeader.currentVersion, segmentNumber: number, firstSequence: firstSequence)
        try FileSystem.writeAtomically(header.encoded(), to: layout.segment(number), permissions: modes.file)
        tailFile = try PosixFile.open(layout.segment(number), .read)
        writableTail = nil
        position = JournalPosition(segment: number, offset: SegmentHeader.size)
    }

    // MARK: - Snapshots

    /// Writes the current state as a snapshot (new temporary file, fsync, rename, directory
    /// fsync), anchored to the journal record it ends on, and keeps only the two newest.
    /// Returns the snapshot's path.
    @discardableResult
    public func writeSnapshot() throws(StoreError) -> String {
        if let marker = RepairMarker.read(layout) { throw .needsRepair(detail: marker.reason) }
        if !ownershipChecked {
            try StoreOwnership.checkWritable(layout, group: metadata.group)
            ownershipChecked = true
        }
        let file = layout.snapshot(state.lastSequence)
        try FileSystem.makeDirectory(layout.snapshots, mode: modes.directory)
        _ = state.compactIdempotency()
        try FileSystem.writeAtomically(snapshotBytes(), to: file, permissions: modes.file)
        lastSnapshotSequence = state.lastSequence
        for old in try layout.snapshotSequences().dropFirst(2) {
            FileSystem.remove(layout.snapshot(old))
        }
        return file
    }

    /// The current state as snapshot bytes, anchored where the state's last batch ends.
    func snapshotBytes() -> [UInt8] {
        SnapshotCodec.encode(
            state, position: snapshotPoint.position, anchor: snapshotPoint.anchor, identity: metadata.identityBytes)
    }

    /// The journal position this store's state reflects.
    public var journalPosition: JournalPosition { position }

    // MARK: - Repairs the operator asks for

    /// `onepool doctor --ack`: moves the damaged pieces set aside so far to
    /// journal/acknowledged/ (kept, never deleted), which ends the warning. Returns their paths.
    public func acknowledgeDamage() throws(StoreError) -> [String] {
        let lock = try prepareToWrite(allowWhileStopped: true)
        try lock.lockExclusive()
        defer { lock.unlock() }
        let moved = try JournalRepair.acknowledge(layout, modes: modes)
        warnings.removeAll { $0.contains("damaged piece(s) of journal set aside") }
        return moved
    }

    /// `onepool doctor --repair`: after a write failed and could not be undone, sets aside the
    /// bytes past the last acknowledged one (to journal/damaged-…, never deleting them) and allows
    /// writes again. Returns what was set aside, or nil if writes were not stopped.
    public func repairAfterFailedWrite() throws(StoreError) -> String? {
        guard let marker = RepairMarker.read(layout) else { return nil }
        let lock = try prepareToWrite(allowWhileStopped: true)
        try lock.lockExclusive()
        defer { lock.unlock() }
        var report = "nothing past segment \(marker.segment) byte \(marker.durableOffset) was on disk"
        if marker.segment != .max, FileSystem.exists(layout.segment(marker.segment)) {
            let file = try PosixFile.open(layout.segment(marker.segment), .readWrite)
            if try file.size() > marker.durableOffset {
                let piece = try JournalRepair.setAside(
                    file, segment: marker.segment, from: marker.durableOffset, layout: layout, modes: modes)
                report = "moved \(piece.bytes) unacknowledged bytes to \(piece.path)"
            }
        }
        try RepairMarker.remove(layout)
        try loadFromDisk()
        return report
    }

    // MARK: - Warnings

    private var warningsTaken = 0

    /// The warnings not yet taken: what a front end prints after each open or commit, so that
    /// every warning reaches the operator exactly once per process.
    public func takeNewWarnings() -> [String] {
        defer { warningsTaken = warnings.count }
        return Array(warnings.dropFirst(warningsTaken))
    }

    func noteSnapshotFailure(_ error: Error) { warn("automatic snapshot failed: \(error)") }

    private func warn(_ message: String) {
        if !warnings.contains(message) { warnings.append(message) }
    }

    /// Damaged pieces set aside and not yet looked at: one warning until `doctor --ack`.
    public var damagedPieces: [String] { JournalRepair.unacknowledged(layout) }

    private func noteDamagedPieces() {
        let pieces = damagedPieces
        guard !pieces.isEmpty else { return }
        warn(
            "\(pieces.count) damaged piece(s) of journal set aside in \(layout.journal) (\(pieces.map(FileSystem.lastComponent(of:)).joined(separator: ", "))): run `onepool doctor` to see what they hold, then `onepool doctor --ack`"
        )
    }

    private func noteOutOfRangeValues() {
        for problem in state.valuesOutOfBounds(limit: 5) {
            warn("\(problem). Correct them (`onepool count`, `onepool sku set`); `onepool doctor` names the events")
        }
    }
}

extension Store {
    /// `IdempotencyDigest(key:)` from the key's own bytes: a native string (all of ours) lends
    /// them without the copy `init(key:)` makes to call `withUTF8`. The same value either way.
    @inline(__always)
    static func digest(ofKey key: String?) -> IdempotencyDigest? {
        guard let key else { return nil }
        return key.utf8.withContiguousStorageIfAvailable { IdempotencyDigest(utf8: UnsafeRawBufferPointer($0)) }
            ?? IdempotencyDigest(key: key)
    }
}
