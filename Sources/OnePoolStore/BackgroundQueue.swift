import Dispatch
import OnePoolCore

/// A thread of its own that runs jobs one after another, in the order submitted, each waited
/// for through its `BackgroundJob`. `transactStream` keeps two: one digests and encodes batches,
/// one syncs them, while the caller's thread checks and folds.
///
/// A job hands its result back through a box it shares with the owner (`EncodedBatch`,
/// `DigestedBatch`, `SyncOutcome`): the box is written by the job before it signals and read
/// by the owner only after `wait`, which the semaphore orders.
final class BackgroundQueue: Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    /// Runs `job` after the jobs submitted before it.
    func submit(_ job: @escaping @Sendable () -> Void) -> BackgroundJob {
        let submitted = BackgroundJob()
        queue.async { [done = submitted.done] in
            job()
            done.signal()
        }
        return submitted
    }
}

/// One submitted job: `wait` returns once it has run (at once after the first time).
final class BackgroundJob: @unchecked Sendable {
    // @unchecked: `waited` is touched only by the owner's thread.
    fileprivate let done = DispatchSemaphore(value: 0)
    private var waited = false

    func wait() {
        guard !waited else { return }
        done.wait()
        waited = true
    }
}

/// What an encoding job made: the batch's sealed records, taken by the owner after `wait`.
final class EncodedBatch: @unchecked Sendable {
    var writer: BatchWriter?
}

/// The idempotency digests of a batch's keys, worked out beside the fold of the batch before.
final class DigestedBatch: @unchecked Sendable {
    var digests: [IdempotencyDigest?] = []
}

/// What a sync job found.
final class SyncOutcome: @unchecked Sendable {
    var failure: StoreError?
}

/// A descriptor handed to a sync job: the owner does not touch the file until the job is waited for.
struct HandedFile: @unchecked Sendable {
    let file: PosixFile
}
