import Dispatch
import Synchronization

/// Hands out the chunks of one piece of work to whichever threads come for them: the thread
/// that owns the work (`open`, `work`, `close`) and any that help (`help`).
///
/// Replay decodes a window's records on a worker while the calling thread folds the previous
/// window; when the fold finishes first, the calling thread decodes chunks of the worker's
/// window instead of waiting for it (see `JournalReplay`). Each chunk is run exactly once, by
/// one thread; `close` returns only once every chunk has been run, so the owner then sees all
/// their results (the mutex orders the memory accesses).
final class ChunkSharing: Sendable {
    /// Runs chunk `index` with the helper's `StringTable`: one per thread, as a table is not
    /// shared between threads at once.
    typealias Job = @Sendable (_ index: Int, _ strings: UnsafeMutablePointer<StringTable>) -> Void

    private struct Progress {
        var job: Job? = nil
        var next = 0
        var total = 0
        var done = 0
        var ownerWaiting = false
        /// Whether a helper has been promised a look at the current work (`open` signals it).
        var helperExpected = false
    }

    private let progress = Mutex(Progress())
    /// Signalled when the last chunk finishes while the owner waits for it.
    private let allDone = DispatchSemaphore(value: 0)
    /// Signalled once per piece of work a helper was promised: the work is open (or there is none).
    private let opened = DispatchSemaphore(value: 0)

    /// The owner says a helper will come (`help`) for the next piece of work; `open` or
    /// `nothingToShare` then lets it in.
    func expectHelper() {
        progress.withLock { $0.helperExpected = true }
    }

    /// Makes `chunks` chunks of `job` available.
    func open(chunks: Int, job: @escaping Job) {
        let wake = progress.withLock { state in
            state.job = job
            state.next = 0
            state.total = chunks
            state.done = 0
            state.ownerWaiting = false
            defer { state.helperExpected = false }
            return state.helperExpected
        }
        if wake { opened.signal() }
    }

    /// The owner has no chunks to share this time (the bytes could not be read).
    func nothingToShare() {
        let wake = progress.withLock { state in
            defer { state.helperExpected = false }
            return state.helperExpected
        }
        if wake { opened.signal() }
    }

    /// Runs chunks until none are left to take.
    func work(strings: UnsafeMutablePointer<StringTable>) {
        while true {
            let claimed: (Job, Int)? = progress.withLock { state in
                guard let job = state.job, state.next < state.total else { return nil }
                defer { state.next += 1 }
                return (job, state.next)
            }
            guard let (job, index) = claimed else { return }
            job(index, strings)
            let wake = progress.withLock { state in
                state.done += 1
                return state.done == state.total && state.ownerWaiting
            }
            if wake { allDone.signal() }
        }
    }

    /// A helper: waits until the work it was promised is open, then runs chunks with the rest.
    func help(strings: UnsafeMutablePointer<StringTable>) {
        opened.wait()
        work(strings: strings)
    }

    /// The owner, after `work`: waits for chunks still running on a helper, then closes the work.
    func close() {
        let wait = progress.withLock { state in
            state.ownerWaiting = state.done < state.total
            return state.ownerWaiting
        }
        if wait { allDone.wait() }
        progress.withLock { state in
            state.job = nil
            state.next = 0
            state.total = 0
            state.done = 0
            state.ownerWaiting = false
        }
    }
}
