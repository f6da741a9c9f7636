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

/// Set by the signal handler; read between steps. A signal handler may only store to a plain
/// global of an atomic-sized type, which is what this is.
nonisolated(unsafe) private var stopSignal: sig_atomic_t = 0

/// SIGTERM and SIGINT ask a long-running verb to stop after the step in hand. Installed with
/// sigaction before the verb starts its work, so no signal can fall between "ignored" and
/// "handled" and be lost.
final class StopRequest: Sendable {
    init() {
        var action = sigaction()
        #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { _ in stopSignal = 1 }
        #else
            action.__sigaction_u.__sa_handler = { _ in stopSignal = 1 }
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGTERM, &action, nil)
        sigaction(SIGINT, &action, nil)
        // A parent may have started us with these blocked (a mask is inherited through exec;
        // thread pools block signals on their threads): unblock them on this, the main, thread,
        // or they would stay pending forever.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGTERM)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    var isRequested: Bool { stopSignal != 0 }
}
