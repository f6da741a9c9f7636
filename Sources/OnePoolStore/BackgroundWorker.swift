import Dispatch

/// A thread of its own that runs one job at a time: started, then waited for. `transactStream`
/// keeps two, one encoding a batch and one syncing the batch before it, while the caller's
/// thread checks and folds the next.
///
/// A job hands its result back through a box it shares with the owner (`EncodedBatch`,
/// `SyncOutcome`): the box is written by the job before it signals and read by the owner only
/// after `wait`, which the semaphore orders.
final class BackgroundWorker: @unchecked Sendable {
    // @unchecked: `running` is touched only by the owner's thread.
    private let queue: DispatchQueue
    private let done = DispatchSemaphore(value: 0)
    private var running = false

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    /// Starts `job`. Only one job runs at a time: the owner waits before starting another.
    func start(_ job: @escaping @Sendable () -> Void) {
        precondition(!running, "a job is already running")
        running = true
        queue.async { [done] in
            job()
            done.signal()
        }
    }

    /// Waits for the job started last; returns at once when none runs.
    func wait() {
        guard running else { return }
        done.wait()
        running = false
    }
}

/// What an encoding job made: the batch's sealed records, taken by the owner after `wait`.
final class EncodedBatch: @unchecked Sendable {
    var writer: BatchWriter?
}

/// What a sync job found.
final class SyncOutcome: @unchecked Sendable {
    var failure: StoreError?
}

/// A descriptor handed to a sync job: the owner does not touch the file until the job is waited for.
struct HandedFile: @unchecked Sendable {
    let file: PosixFile
}
