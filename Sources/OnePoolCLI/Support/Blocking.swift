import Foundation

/// Runs async work from a synchronous command and waits for it. The calling thread is the main
/// thread, never one of the cooperative pool's, so waiting on it cannot starve the tasks.
func runBlocking<Value: Sendable>(_ body: @escaping @Sendable () async throws -> Value) throws -> Value {
    let box = ResultBox<Value>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    guard let result = box.result else { throw CLIError("internal: async work ended without a result") }
    return try result.get()
}

private final class ResultBox<Value: Sendable>: @unchecked Sendable {
    // Written once by the task before `signal()`, read after `wait()`: the semaphore orders them.
    var result: Result<Value, Error>?
}

/// SIGTERM and SIGINT ask a long-running verb to stop after the step in hand.
final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    private var sources: [DispatchSourceSignal] = []

    init() {
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.set() }
            source.resume()
            sources.append(source)
        }
    }

    private func set() {
        lock.lock()
        requested = true
        lock.unlock()
    }

    var isRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return requested
    }
}
