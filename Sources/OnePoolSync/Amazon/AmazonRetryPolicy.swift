/// How hard the client tries before it reports a failure: bounded attempts, exponential
/// backoff with full jitter (a random wait in 0…min(cap, base·2^attempt)), so many clients
/// that failed together do not retry together ("Optimize Rate Limits for Application
/// Workloads": implement retry and back-off techniques).
public struct AmazonRetryPolicy: Sendable, Equatable {
    /// Attempts per request, the first included (1…20).
    public var maxAttempts: Int
    /// Backoff base and cap, in seconds.
    public var baseDelay: Double
    public var maxDelay: Double
    /// The longest the client waits for a rate-limit token before reporting `throttled`
    /// instead (searchOrders, at 0.0056/s, would otherwise block ~3 minutes per page).
    public var maxThrottleWait: Double
    /// Seconds without progress before one HTTP exchange is abandoned.
    public var requestTimeout: Double
    /// An access token is renewed this long before Amazon says it expires (at most half its life).
    public var tokenRenewalMargin: Double

    public init(
        maxAttempts: Int = 5, baseDelay: Double = 0.5, maxDelay: Double = 30, maxThrottleWait: Double = 60,
        requestTimeout: Double = 30, tokenRenewalMargin: Double = 300
    ) {
        self.maxAttempts = min(max(maxAttempts, 1), 20)
        self.baseDelay = min(max(baseDelay, 0), 60)
        self.maxDelay = min(max(maxDelay, self.baseDelay), 600)
        self.maxThrottleWait = min(max(maxThrottleWait, 0), 3600)
        self.requestTimeout = min(max(requestTimeout, 0.05), 600)
        self.tokenRenewalMargin = min(max(tokenRenewalMargin, 0), 1800)
    }

    public static let standard = AmazonRetryPolicy()

    /// The wait before attempt `attempt + 1` (attempt counts from 1).
    func delay(afterAttempt attempt: Int) -> Double {
        let exponent = min(attempt - 1, 30)
        let ceiling = min(maxDelay, baseDelay * Double(1 << exponent))
        return ceiling > 0 ? Double.random(in: 0...ceiling) : 0
    }
}
