import Foundation
import OnePoolCore

/// Which seller, where: what `onepool connect amazon` records (credentials apart).
public struct AmazonConnection: Sendable, Equatable {
    public var region: AmazonRegion
    /// The merchant token ("seller id"), used in Listings Items paths.
    public var sellerID: String
    /// The one marketplace this connection sells in (ATVPDKIKX0DER for amazon.com, …).
    public var marketplaceID: String
    public var endpoints: AmazonEndpoints

    /// `endpoints` defaults to the region's own, or `ONEPOOL_AMAZON_BASE_URL` when set.
    public init(
        region: AmazonRegion, sellerID: String, marketplaceID: String, endpoints: AmazonEndpoints? = nil
    ) throws(AmazonError) {
        for (name, value) in [("seller id", sellerID), ("marketplace id", marketplaceID)] {
            guard (1...64).contains(value.utf8.count), value.utf8.allSatisfy({ Self.isIDByte($0) }) else {
                throw .invalidConfiguration(
                    "the \(name) '\(String(value.prefix(64)))' must be "
                        + "1–64 letters and digits")
            }
        }
        self.region = region
        self.sellerID = sellerID
        self.marketplaceID = marketplaceID
        if let endpoints {
            self.endpoints = endpoints
        } else {
            self.endpoints = try AmazonEndpoints.fromEnvironment(region: region)
        }
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
    }
}

/// The Amazon side of live sync: orders in, listings' quantities out, the catalogue, and a
/// connection check. One instance per connection; safe to share between tasks. Every call
/// is rate-limited per operation, retried within a `RetryPolicy`, and fails with `AmazonError`.
public final class AmazonClient: Sendable {
    public let connection: AmazonConnection
    public let policy: RetryPolicy
    let requester: SPAPIRequester

    public init(
        connection: AmazonConnection, credentials: LWACredentials, policy: RetryPolicy = .amazonStandard,
        transport: any HTTPTransport = URLSessionTransport(), usagePlans: [SPAPIOperation: SPAPIUsagePlan] = [:],
        tokenCache: LWATokenCache? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.connection = connection
        self.policy = policy
        let tokens = LWATokenProvider(
            credentials: credentials, tokenURL: connection.endpoints.tokenURL, transport: transport, policy: policy,
            cache: tokenCache, now: now)
        requester = SPAPIRequester(
            endpoints: connection.endpoints, transport: transport, tokens: tokens,
            limiter: SPAPIRateLimiter(plans: usagePlans), policy: policy)
    }

    /// Seconds until `operation` would be sent without waiting for the rate limit: lets a
    /// sync loop skip a pull it cannot make now instead of blocking on it.
    public func secondsUntilAdmitted(_ operation: SPAPIOperation) async -> Double {
        await requester.limiter.waitTime(operation)
    }

    /// The rate and burst the client currently paces `operation` by (the documented default,
    /// with the rate Amazon last stated in `x-amzn-RateLimit-Limit`).
    public func usagePlan(_ operation: SPAPIOperation) async -> SPAPIUsagePlan {
        await requester.limiter.plan(operation)
    }

    /// Access tokens obtained so far (for tests and status).
    public func tokenGrants() async -> Int { await requester.tokens.grants }
}

extension RetryPolicy {
    /// SP-API's own pace outside a sync step ("Optimize Rate Limits for Application Workloads":
    /// retry and back off): waits of up to 30 s, a minute for a rate-limit token.
    public static let amazonStandard = RetryPolicy(
        attempts: 5, baseDelay: 0.5, maxDelay: 30, maxThrottleWait: 60, requestTimeout: 30)
}
