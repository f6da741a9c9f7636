import Foundation
import Testing

@testable import OnePoolCLI

/// The task group over chunks behind `reorder --all`, `simulate` and calibration. The CLI calls it
/// from the main thread; a test calls it from a thread of its own, never from the cooperative
/// pool its tasks need (blocking a pool thread there could starve them).
@Suite struct ParallelMapTests {
    @Test(arguments: [0, 1, 7, 255, 1000, 4099])
    func resultsComeBackInIndexOrderWhateverTheChunking(count: Int) async {
        let (two, one) = await offPool {
            let two = ParallelMap.run(count: count, threads: 2) { $0 * $0 }
            return (two, ParallelMap.run(count: count, threads: 1) { $0 + 1 })
        }
        #expect(two == (0..<count).map { $0 * $0 })
        #expect(one == (0..<count).map { $0 + 1 })
    }

    @Test(arguments: [1, 2])
    func noMoreIndicesRunAtOnceThanWorkersAndProgressReachesTheCount(threads: Int) async {
        let busy = Counter()
        let most = Counter()
        let reported = Counter()
        let values = await offPool {
            ParallelMap.run(count: 300, threads: threads, progress: { reported.raise(to: $0) }) { index in
                busy.add(1)
                most.raise(to: busy.value)
                usleep(100)
                busy.add(-1)
                return index
            }
        }
        #expect(values == Array(0..<300))
        #expect(most.value >= 1 && most.value <= threads, "\(most.value) indices ran at once on \(threads)")
        #expect(reported.value == 300)
        #expect(ParallelMap.chunkSize(count: 100_000, workers: 2) == 256)
        #expect(ParallelMap.chunkSize(count: 10, workers: 2) == 1)
    }

    private func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: body()) }
        }
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var current = 0

    var value: Int { lock.withLock { current } }
    func add(_ delta: Int) { lock.withLock { current += delta } }
    func raise(to candidate: Int) { lock.withLock { current = max(current, candidate) } }
}
