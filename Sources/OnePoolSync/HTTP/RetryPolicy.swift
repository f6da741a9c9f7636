import Foundation

/// How often and how long to wait before trying a request again: exponential backoff with full
/// jitter (a random wait up to the doubled ceiling), so that many clients failing together do
/// not come back together.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var attempts: Int
    public var baseDelay: Double
    public var maxDelay: Double
    /// The longest single wait a channel's own request (Retry-After, a throttle) may impose
    /// before the step gives up on the channel for now.
    public var maxThrottleWait: Double

    public init(attempts: Int = 5, baseDelay: Double = 0.25, maxDelay: Double = 8, maxThrottleWait: Double = 30) {
        self.attempts = attempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxThrottleWait = maxThrottleWait
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1).
    public func delay(after attempt: Int) -> Double {
        let ceiling = min(maxDelay, baseDelay * pow(2, Double(max(0, attempt - 1))))
        return Double.random(in: 0...ceiling)
    }
}

/// Sleeps without blocking a thread; cancellation ends the wait early.
func pause(_ seconds: Double) async {
    guard seconds > 0 else { return }
    try? await Task.sleep(nanoseconds: UInt64(min(seconds, 3600) * 1_000_000_000))
}
