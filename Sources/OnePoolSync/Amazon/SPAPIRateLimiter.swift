import Foundation

/// The client's copy of SP-API's token buckets, one per operation, so that OnePool paces its
/// own requests instead of learning the limit from 429s ("Usage Plans and Rate Limits": the
/// SP-API adds `rate` tokens per second up to `burst`; a request without a token is throttled).
///
/// The client refills at 95% of the stated rate: requests reach Amazon with varying delays, and
/// pacing at exactly the rate would meet an empty bucket whenever one arrives early.
///
/// A request reserves a token before it waits: the bucket may go negative (a debt of waiting
/// requests), so concurrent callers queue fairly instead of all waking at once.
actor SPAPIRateLimiter {
    private struct Bucket {
        var plan: SPAPIUsagePlan
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    static let pacing = 0.95
    private var buckets: [SPAPIOperation: Bucket] = [:]
    private let clock = ContinuousClock()

    init(plans: [SPAPIOperation: SPAPIUsagePlan] = [:]) {
        let now = clock.now
        for operation in SPAPIOperation.allCases {
            let plan = plans[operation] ?? operation.defaultPlan
            buckets[operation] = Bucket(plan: plan, tokens: Double(plan.burst), updated: now)
        }
    }

    /// Waits for a token. Throws `throttled` at once, spending nothing, when the wait would be
    /// longer than `maxWait` seconds (the caller has other work; it can come back later).
    func acquire(_ operation: SPAPIOperation, maxWait: Double) async throws(AmazonError) {
        var bucket = refilled(operation)
        let deficit = 1 - bucket.tokens
        let wait = deficit > 0 ? deficit / Self.refillRate(bucket.plan) : 0
        if wait > maxWait { throw .throttled(operation: operation.rawValue, retryAfterSeconds: wait) }
        bucket.tokens -= 1
        buckets[operation] = bucket
        if wait > 0 {
            do { try await clock.sleep(for: .seconds(wait)) } catch {
                throw .network(
                    operation: operation.rawValue, reason: "cancelled while waiting for the rate limit", attempts: 0)
            }
        }
    }

    /// Seconds until a request for `operation` would be admitted without waiting.
    func waitTime(_ operation: SPAPIOperation) -> Double {
        let bucket = refilled(operation)
        return bucket.tokens >= 1 ? 0 : (1 - bucket.tokens) / Self.refillRate(bucket.plan)
    }

    /// The rate Amazon says applies (`x-amzn-RateLimit-Limit`). The header gives no burst:
    /// the documented one stays.
    func observe(_ operation: SPAPIOperation, rateHeader: String) {
        guard let rate = Double(rateHeader.trimmingCharacters(in: .whitespaces)), rate.isFinite, rate > 0,
            rate <= 10_000
        else {
            return
        }
        var bucket = refilled(operation)
        bucket.plan.rate = rate
        buckets[operation] = bucket
    }

    /// Amazon said 429: its bucket is empty whatever ours says.
    func drain(_ operation: SPAPIOperation) {
        var bucket = refilled(operation)
        bucket.tokens = min(bucket.tokens, 0)
        buckets[operation] = bucket
    }

    func plan(_ operation: SPAPIOperation) -> SPAPIUsagePlan { refilled(operation).plan }

    private static func refillRate(_ plan: SPAPIUsagePlan) -> Double { max(plan.rate * pacing, 1e-6) }

    private func refilled(_ operation: SPAPIOperation) -> Bucket {
        let now = clock.now
        guard var bucket = buckets[operation] else {
            let plan = operation.defaultPlan
            return Bucket(plan: plan, tokens: Double(plan.burst), updated: now)
        }
        let elapsed = bucket.updated.duration(to: now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        bucket.tokens = min(Double(bucket.plan.burst), bucket.tokens + seconds * Self.refillRate(bucket.plan))
        bucket.updated = now
        return bucket
    }
}
