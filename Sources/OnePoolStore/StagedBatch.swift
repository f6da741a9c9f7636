import OnePoolCore

/// One batch built change by change under the store's lock (`Store.transactStaged`): what an
/// import of a large file writes.
///
/// Each change is checked against the store's state and applied to it as it is staged — once;
/// there is no working copy to check it against first — and its event is encoded and handed to
/// the journal in pieces (`BatchWriter`), so neither the changes nor their bytes are held in
/// memory. Nothing counts until the batch's last record is written and one `fdatasync` made the
/// whole batch durable. If the caller gives up (throws), or a write fails, the pieces written
/// are cut from the segment and the state rebuilt from what is durable: all or nothing.
public final class StagedBatch {
    private unowned let store: Store
    public let actor: UserName
    public let time: Timestamp
    private var writer = BatchWriter()
    /// The actor as every event of the batch encodes it (`ByteWriter.encodedString`).
    private let encodedActor: [UInt8]
    /// Where the batch starts in the journal's last segment (set with the first event).
    private var start: Int?
    /// The first failed write; the batch then stages no more and the transaction fails.
    private(set) var failure: StoreError?
    /// `commit` ran: it either made the batch durable or cut it back itself.
    private(set) var settled = false

    init(store: Store, actor: UserName, time: Timestamp) {
        self.store = store
        self.actor = actor
        self.time = time
        self.encodedActor = store.encoded(actor: actor)
    }

    /// The store's state with every change staged so far applied.
    public var state: StockState {
        _read { yield store.state }
    }

    /// Runs `body` on the state with every change staged so far applied, without copying it.
    /// `body` must not read `state` (the store's state is under an exclusive access meanwhile).
    public func withState<Result>(_ body: (StockState) -> Result) -> Result { store.lendState(body) }

    /// Events staged so far.
    public var eventCount: Int { writer.events }

    /// Checks `proposed` against the state and, if it passes, applies it and adds its event to
    /// the batch. Returns false, changing nothing, if `digest` (the digest of the change's key,
    /// worked out once by the caller) was seen already, or the change would change nothing.
    /// A refusal changes nothing either.
    public func stage(_ proposed: ProposedChange, digest: IdempotencyDigest?) throws(Refusal) -> Bool {
        let sequence = store.state.lastSequence + 1
        guard try store.state.commit(proposed.change, sequence: sequence, time: time, digest: digest) else {
            return false
        }
        guard failure == nil else { return true }
        do {
            if start == nil {
                if store.position.offset >= store.segmentLimit { try store.startSegment(firstSequence: sequence) }
                start = store.position.offset
            }
            writer.add(
                sequence: sequence, time: time, actor: encodedActor, idempotencyKey: proposed.idempotencyKey,
                change: proposed.change)
            if writer.wantsFlush, let start {
                let file = try store.writableSegment()
                try writer.flush { (bytes, offset) throws(StoreError) in
                    try store.writeRecords(bytes, to: file, at: start + offset)
                }
            }
        } catch {
            failure = error
        }
        return true
    }

    /// Writes the rest and syncs (the store's position moves past the batch).
    func commit() throws(StoreError) {
        settled = true
        if let failure {
            abandon(reason: "\(failure)")
            throw failure
        }
        guard let start, writer.events > 0 else { return }
        try store.commitBatch(&writer, start: start)
    }

    /// Cuts whatever was written of the batch (never acknowledged) from the segment.
    func abandon(reason: String) {
        guard let start else { return }
        store.abandonBatch(start: start, reason: reason)
    }
}

extension Store {
    /// Lends the state to `body` without copying it. Passed straight from this class's stored
    /// property, the compiler copies the whole `StockState` (a retain and a release of each of
    /// its tables), since `body` might change the property meanwhile; passed through an
    /// `inout` parameter, which nothing else can reach while `body` runs, it is borrowed.
    func lendState<Result>(_ body: (StockState) -> Result) -> Result {
        Self.lend(&state, to: body)
    }

    private static func lend<Result>(_ state: inout StockState, to body: (StockState) -> Result) -> Result {
        body(state)
    }

    /// Appends, as one batch, the changes `body` stages against the newest state (see
    /// `StagedBatch`): for imports too large to hold as a list of changes. Under the lock: catch
    /// up, run `body`, write the last records, one `fdatasync`. If `body` throws, nothing is
    /// appended. Returns once the events are durable, with how many were appended.
    public func transactStaged<Result>(
        actor: UserName, time: Timestamp, _ body: (StagedBatch) throws -> Result
    ) throws -> (appended: Int, result: Result) {
        let outcome = try stagedUnderLock(actor: actor, time: time, body)
        if snapshotInterval > 0 && state.lastSequence - lastSnapshotSequence >= snapshotInterval {
            do { _ = try writeSnapshot() } catch { noteSnapshotFailure(error) }
        }
        return outcome
    }

    private func stagedUnderLock<Result>(
        actor: UserName, time: Timestamp, _ body: (StagedBatch) throws -> Result
    ) throws -> (appended: Int, result: Result) {
        let lock = try prepareToWrite()
        try lock.lockExclusive()
        defer { lock.unlock() }
        try whileLocked()
        let batch = StagedBatch(store: self, actor: actor, time: time)
        do {
            let result = try body(batch)
            let appended = batch.eventCount
            try batch.commit()
            return (appended, result)
        } catch {
            // Written pieces of a batch that will not complete are cut (commit cuts its own).
            if !batch.settled { batch.abandon(reason: "\(error)") }
            // The in-memory state ran ahead of the disk; rebuild it from what is durable.
            try loadFromDisk()
            if let refusal = error as? Refusal { throw StoreError.refused(refusal) }
            throw error
        }
    }
}
