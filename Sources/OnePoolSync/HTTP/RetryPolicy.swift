import Foundation

/// How hard a client tries before it reports a failure, for every channel: bounded attempts,
/// exponential backoff with full jitter (a random wait in 0…min(cap, base·2^(attempt−1))), so
/// many clients that failed together do not retry together. A channel's own rate-limit facts
/// (SP-API usage plans, Shopify's cost bucket) stay with its client; this says only how long
/// one request may wait for them and how often it is sent again.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts per request, the first included (1…20).
    public var attempts: Int
    /// Backoff base and cap, in seconds.
    public var baseDelay: Double
    public var maxDelay: Double
    /// The longest a request may wait for the channel's rate limit (a token bucket, a
    /// Retry-After, a THROTTLED answer) before the client reports `throttled` instead.
    public var maxThrottleWait: Double
    /// Seconds before one HTTP exchange is abandoned.
    public var requestTimeout: Double

    public init(
        attempts: Int = 5, baseDelay: Double = 0.25, maxDelay: Double = 8, maxThrottleWait: Double = 30,
        requestTimeout: Double = 30
    ) {
        self.attempts = min(max(attempts, 1), 20)
        self.baseDelay = min(max(baseDelay, 0), 60)
        self.maxDelay = min(max(maxDelay, self.baseDelay), 600)
        self.maxThrottleWait = min(max(maxThrottleWait, 0), 3600)
        self.requestTimeout = min(max(requestTimeout, 0.05), 600)
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1).
    public func delay(after attempt: Int) -> Double {
        let ceiling = min(maxDelay, baseDelay * Double(1 << min(max(attempt - 1, 0), 30)))
        return ceiling > 0 ? Double.random(in: 0...ceiling) : 0
    }

    /// Runs `attempt` (given its number, from 1) until it succeeds, throws, or has asked for a
    /// retry `attempts` times: then its last failure is thrown. `.again` repeats at once
    /// without counting (a renewed token, a rate-limit wait already served): the step bounds
    /// those itself.
    func run<Value, Failure: Error>(
        isolation: isolated (any Actor)? = #isolation,
        _ attempt: (Int) async throws(Failure) -> AttemptOutcome<Value, Failure>
    ) async throws(Failure) -> Value {
        var failures = 0
        while true {
            switch try await attempt(failures + 1) {
            case .success(let value): return value
            case .again: continue
            case .exchangeFailed(let cause, let failure) where !cause.isRetryable:
                throw failure
            case .retry(let failure), .exchangeFailed(_, let failure):
                failures += 1
                guard failures < attempts else { throw failure }
                await pause(delay(after: failures))
            }
        }
    }
}

/// What one attempt of `RetryPolicy.run` came to.
enum AttemptOutcome<Value, Failure: Error> {
    case success(Value)
    /// Worth another attempt after the backoff; thrown when it was the last.
    case retry(Failure)
    /// No answer came (`cause`): a retry when the same request may simply go again
    /// (`HTTPFailure.isRetryable`: timed out, dropped, refused), else `failure` is thrown at once.
    case exchangeFailed(HTTPFailure, Failure)
    /// Try again now, without counting an attempt.
    case again
}

/// Sleeps without blocking a thread; cancellation ends the wait early.
func pause(_ seconds: Double) async {
    guard seconds > 0 else { return }
    try? await Task.sleep(nanoseconds: UInt64(min(seconds, 3600) * 1_000_000_000))
}
