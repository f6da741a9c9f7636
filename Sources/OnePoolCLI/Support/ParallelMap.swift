import Foundation

/// `body(i)` for every i in 0..<count on all cores, results in index order.
///
/// Structured concurrency over chunks: a task group keeps one task per core busy, each task maps a
/// contiguous chunk of indices, and a new chunk is started whenever one finishes, so a slow
/// stretch of the catalogue (long histories, big SKUs) never leaves a core idle while the other
/// works through it. Core stays pure: the forecasting it calls knows nothing of threads.
enum ParallelMap {
    static var threads: Int { max(1, min(8, ProcessInfo.processInfo.activeProcessorCount)) }

    /// Indices per task: small enough that the last chunks finish together, large enough that
    /// starting a task (a few microseconds) is lost in the work (a forecast is ~0.1–1 ms).
    static func chunkSize(count: Int, workers: Int) -> Int {
        max(1, min(256, count / max(1, workers * 16)))
    }

    /// `progress(done)` is called on the collecting task after each chunk, with the count so far.
    static func run<T>(
        count: Int, threads: Int = ParallelMap.threads, progress: @escaping (Int) -> Void = { _ in },
        _ body: @escaping (Int) -> T
    ) -> [T] {
        guard count > 0 else { return [] }
        let workers = max(1, min(threads, count))
        let chunk = chunkSize(count: count, workers: workers)
        if workers == 1 {
            var values: [T] = []
            values.reserveCapacity(count)
            for index in 0..<count {
                values.append(body(index))
                if (index + 1) % chunk == 0 { progress(index + 1) }
            }
            progress(count)
            return values
        }
        // Escaping, not `withoutActuallyEscaping`: the detached task may release its closure a
        // moment after it signals, which that function's check would call an escape.
        // The body runs only while this call waits, and callers only read what it captures.
        let work = UnsafeSendable(body)
        let report = UnsafeSendable(progress)
        let chunks = (count + chunk - 1) / chunk
        let mapped = waitFor {
            await withTaskGroup(of: (Int, UnsafeSendable<[T]>).self) { group in
                var nextChunk = 0
                func start() {
                    let index = nextChunk
                    nextChunk += 1
                    group.addTask {
                        let range = index * chunk..<min(count, (index + 1) * chunk)
                        return (index, UnsafeSendable(range.map { work.value($0) }))
                    }
                }
                for _ in 0..<min(workers, chunks) { start() }
                var slots = [[T]?](repeating: nil, count: chunks)
                var done = 0
                while let (index, values) = await group.next() {
                    slots[index] = values.value
                    done += values.value.count
                    report.value(done)
                    if nextChunk < chunks { start() }
                }
                return UnsafeSendable(slots.flatMap { $0 ?? [] })
            }
        }
        return mapped.value
    }

    /// Runs `body` on the cooperative pool and waits on this (non-pool) thread for its value.
    private static func waitFor<Value>(
        _ body: @escaping @Sendable () async -> UnsafeSendable<Value>
    ) -> UnsafeSendable<Value> {
        let box = Box<Value>()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            box.value = await body()
            done.signal()
        }
        done.wait()
        // `signal()` after the store and `wait()` before the read order the two.
        guard let value = box.value else { preconditionFailure("the task group ended without a value") }
        return value
    }

    private final class Box<Value>: @unchecked Sendable {
        var value: UnsafeSendable<Value>?
    }

    /// A value handed to the worker tasks; the callers guarantee it is safe to share.
    struct UnsafeSendable<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }
}
