import OnePoolCore

/// One batch of `Store.transactStream`: when its events happen and the changes it proposes.
public struct StreamBatch: Sendable {
    public var time: Timestamp
    public var changes: [ProposedChange]

    public init(time: Timestamp, changes: [ProposedChange]) {
        self.time = time
        self.changes = changes
    }
}

extension Store {
    /// Appends batch after batch under one hold of the lock, each exactly as `transactCounting`
    /// would — the same checks, the same bytes, one `fdatasync` per batch, acknowledged only after
    /// it — but on three threads at once: while batch k is checked and folded into the state on
    /// the caller's thread, batch k−1 is encoded (and batch k+1's keys digested) on a second, and
    /// batch k−2 synced on a third.
    ///
    /// `next` returns the next batch, or nil when there are no more. It is asked for batch k+1
    /// before batch k is folded: a stream is for batches decided in advance (a generator's days,
    /// the pages of a feed); a change that depends on the state goes through `transact`. `durable`
    /// is told of each batch, in order, once its sync returned (a batch whose changes were all
    /// duplicates or no-ops is told at its turn); it must not read the store, whose state is by
    /// then ahead of what it is told. Returns how many batches were made durable.
    ///
    /// The journal is never more than one batch ahead of what is durable: a batch is written only
    /// after the sync of the one before it returned, so a crash leaves what a crash during
    /// `transactCounting` leaves. What runs ahead is memory, by up to two batches. When a sync
    /// fails, its batch is cut from the segment as `transactCounting` cuts it, the batches after
    /// it are never written, the state is rebuilt from what is durable, and the failure is thrown;
    /// the batches before were acknowledged and stay. When a batch is refused, or `next` throws,
    /// every batch before it (every batch `next` handed over) is still written, synced and
    /// acknowledged first, as separate transactions would have been — unless finishing them
    /// fails too, or `durable` throws: then that error is thrown and the batches after the one it
    /// concerns are not written. `durable` and `next` must not write to the store (checked: the
    /// journal would get batches out of sequence).
    public func transactStream(
        actor: UserName, next: () throws -> StreamBatch?, durable: (CountedCommit<Void>) throws -> Void
    ) throws -> Int {
        let acknowledged = try streamUnderLock(actor: actor, next: next, durable: durable)
        snapshotIfDue()
        return acknowledged
    }

    /// A batch handed over whose keys are being digested on the encoding thread.
    private struct ComingBatch {
        var batch: StreamBatch
        var digested: DigestedBatch
        var job: BackgroundJob
    }

    /// A batch folded into the state whose records are being encoded on the encoding thread.
    private struct EncodingBatch {
        var firstSequence: UInt64
        var encoded: EncodedBatch
        var job: BackgroundJob
        var commit: CountedCommit<Void>
    }

    /// A batch written whose sync is running, and what its caller is told once it returns.
    private struct SyncingBatch {
        var written: WrittenBatch
        var outcome: SyncOutcome
        var job: BackgroundJob
        var commit: CountedCommit<Void>
    }

    private func streamUnderLock(
        actor: UserName, next: () throws -> StreamBatch?, durable: (CountedCommit<Void>) throws -> Void
    ) throws -> Int {
        let lock = try prepareToWrite()
        try lock.lockExclusive()
        defer { lock.unlock() }
        try whileLocked()
        let encodedActor = encoded(actor: actor)
        let encoder = BackgroundQueue(label: "onepool.journal-encode")
        let syncer = BackgroundQueue(label: "onepool.journal-sync")
        var coming: ComingBatch?
        var encoding: EncodingBatch?
        var syncing: SyncingBatch?
        var acknowledged = 0

        // Asks for the next batch and has its keys digested beside the fold of the current one.
        func fetch() throws -> ComingBatch? {
            guard let batch = try next() else { return nil }
            let digested = DigestedBatch()
            let job = encoder.submit {
                digested.digests = batch.changes.map { Self.digest(ofKey: $0.idempotencyKey) }
            }
            return ComingBatch(batch: batch, digested: digested, job: job)
        }
        // Waits for the batch being synced and tells the caller it is durable. A failed sync cuts
        // the batch back (as `commitBatch` does) and throws.
        func settleSyncing() throws {
            guard let batch = syncing else { return }
            syncing = nil
            batch.job.wait()
            if let failure = batch.outcome.failure {
                abandonBatch(start: batch.written.start, reason: "\(failure)")
                throw failure
            }
            batchIsDurable(batch.written)
            acknowledged += 1
            try durable(batch.commit)
        }
        // Writes the batch being encoded, once it is encoded and the one before it is durable,
        // and starts its sync.
        func writeEncoding() throws {
            guard let batch = encoding else { return }
            encoding = nil
            batch.job.wait()
            try settleSyncing()
            guard var writer = batch.encoded.writer.take() else { preconditionFailure("an encoding job made nothing") }
            if position.offset >= segmentLimit { try startSegment(firstSequence: batch.firstSequence) }
            let written = try writeBatch(&writer, start: position.offset)
            let outcome = SyncOutcome()
            let handed = HandedFile(file: written.file)
            let job = syncer.submit {
                do throws(StoreError) { try handed.file.syncData() } catch { outcome.failure = error }
            }
            syncing = SyncingBatch(written: written, outcome: outcome, job: job, commit: batch.commit)
        }
        // Every batch before a failed one is made durable and acknowledged first. If finishing
        // fails too (a sync, a write, `durable`), that error is thrown instead: the first one
        // on the way out wins, and the batches after it are not written.
        func finishBefore(_ error: any Error) throws -> Never {
            try writeEncoding()
            try settleSyncing()
            throw error
        }

        streaming = true
        defer { streaming = false }
        // The first batch is asked for before anything changes: if `next` fails then, there is
        // nothing to undo.
        coming = try fetch()
        // What `next` threw after handing over the batch before: thrown once that batch and every
        // one before it are through, as separate transactions would have left them.
        var stopped: (any Error)?
        do {
            while let current = coming {
                do { coming = try fetch() } catch {
                    coming = nil
                    stopped = error
                }
                current.job.wait()
                let batch = current.batch
                let firstSequence = state.lastSequence + 1
                var commit = CountedCommit(appended: 0, duplicates: [], result: ())
                var skipped: [Int] = []
                do {
                    commit.appended = try fold(
                        batch, digests: current.digested.digests, skipped: &skipped, duplicates: &commit.duplicates)
                } catch {
                    try finishBefore(error)
                }
                try writeEncoding()
                guard commit.appended > 0 else {
                    try settleSyncing()
                    acknowledged += 1
                    try durable(commit)
                    continue
                }
                let encoded = EncodedBatch()
                let skippedIndexes = skipped
                let job = encoder.submit {
                    var writer = BatchWriter(capacity: batch.changes.count * 96, flushSize: .max)
                    Self.encodeEach(
                        batch.changes, skipping: skippedIndexes, firstSequence: firstSequence, time: batch.time,
                        actor: encodedActor, into: &writer)
                    encoded.writer = consume writer
                }
                encoding = EncodingBatch(firstSequence: firstSequence, encoded: encoded, job: job, commit: commit)
            }
            try writeEncoding()
            try settleSyncing()
            if let stopped { throw stopped }
        } catch {
            // Every path above waited for what it wrote or synced; these make sure no thread still
            // holds the file or a batch when the state is rebuilt.
            coming?.job.wait()
            encoding?.job.wait()
            syncing?.job.wait()
            // The in-memory state ran ahead of the disk; rebuild it from what is durable.
            try loadFromDisk()
            if let refusal = error as? Refusal { throw StoreError.refused(refusal) }
            throw error
        }
        return acknowledged
    }

    /// Checks and applies `batch` to the state (`transactCounting`'s work under the lock, without
    /// encoding): returns how many changes were appended, noting the indexes of the others.
    private func fold(
        _ batch: StreamBatch, digests: [IdempotencyDigest?], skipped: inout [Int], duplicates: inout [ProposedChange]
    ) throws(Refusal) -> Int {
        warmIdempotency(for: digests)
        return try Self.foldEach(
            batch.changes, digests: digests, into: &state, skipped: &skipped, duplicates: &duplicates, time: batch.time)
    }

    /// `commitEach` without the encoding, which `encodeEach` does on another thread.
    private static func foldEach(
        _ changes: [ProposedChange], digests: [IdempotencyDigest?], into state: inout StockState,
        skipped: inout [Int], duplicates: inout [ProposedChange], time: Timestamp
    ) throws(Refusal) -> Int {
        try changes.withUnsafeBufferPointer { (proposals) throws(Refusal) -> Int in
            var appended = 0
            for index in proposals.indices {
                // `commit` hands an order line to `commitOrderLine` itself: one rule for every caller.
                let committed = try state.commit(
                    proposals[index].change, sequence: state.lastSequence + 1, time: time, digest: digests[index])
                if committed {
                    appended += 1
                } else {
                    skipped.append(index)
                    duplicates.append(proposals[index])
                }
            }
            return appended
        }
    }

    /// Encodes the changes `foldEach` appended (all but `skipped`, which is in ascending order),
    /// numbered from `firstSequence`: the bytes `commitEach` writes for them.
    private static func encodeEach(
        _ changes: [ProposedChange], skipping skipped: [Int], firstSequence: UInt64, time: Timestamp, actor: [UInt8],
        into writer: inout BatchWriter
    ) {
        changes.withUnsafeBufferPointer { proposals in
            var sequence = firstSequence
            var nextSkipped = skipped.startIndex
            for index in proposals.indices {
                if nextSkipped < skipped.endIndex, skipped[nextSkipped] == index {
                    nextSkipped += 1
                    continue
                }
                writer.add(
                    sequence: sequence, time: time, actor: actor, idempotencyKey: proposals[index].idempotencyKey,
                    change: proposals[index].change)
                sequence += 1
            }
        }
    }
}
