import Foundation

/// `body(i)` for every i in 0..<count on a few threads (this machine's two cores), results in index
/// order. Each thread takes every n-th index, so the work is spread without a queue.
enum ParallelMap {
    static var threads: Int { max(1, min(8, ProcessInfo.processInfo.activeProcessorCount)) }

    static func run<T>(
        count: Int, threads: Int = ParallelMap.threads, progress: @escaping (Int) -> Void = { _ in }, _ body: (Int) -> T
    ) -> [T] {
        let box = Box<T>(count: count)
        let workers = max(1, min(threads, count))
        withoutActuallyEscaping(body) { body in
            let work = UnsafeSendable(body)
            let report = UnsafeSendable(progress)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var index = worker
                while index < count {
                    box.store(work.value(index), at: index)
                    if worker == 0 { report.value(box.done) }
                    index += workers
                }
            }
        }
        return box.values()
    }

    private final class Box<T>: @unchecked Sendable {
        private var slots: [T?]
        private let lock = NSLock()
        private var finished = 0

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        var done: Int {
            lock.lock()
            defer { lock.unlock() }
            return finished
        }

        func store(_ value: T, at index: Int) {
            lock.lock()
            slots[index] = value
            finished += 1
            lock.unlock()
        }

        func values() -> [T] { slots.compactMap { $0 } }
    }

    /// A value handed to the worker threads; the callers guarantee it is safe to share.
    private struct UnsafeSendable<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }
}
