import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolSync
import OnePoolTestSupport
import ShopifyEmulator

/// A shop in the emulator and a connector to it, with waits short enough for tests.
struct EmulatedShopify {
    static let shop = "alpha.myshopify.com"

    let emulator: ShopifyEmulator
    let connector: ShopifyConnector

    init(
        variants: [(sku: String, available: Int)] = [("MUG", 0), ("CUP", 0), ("TEE", 0)],
        scopes: [String] = EmulatedShop.allScopes,
        tokenLifetime: Double = 86_399, staticToken: Bool = false, bucketSize: Double = 1000, restoreRate: Double = 100,
        timeout: TimeInterval = 5, locations: [String] = ["Main Warehouse"], connectedLocation: Int = 0,
        policy: RetryPolicy = RetryPolicy(attempts: 5, baseDelay: 0.01, maxDelay: 0.05, maxThrottleWait: 20),
        sharedClock: Bool = false
    ) throws {
        emulator = try ShopifyEmulator(shops: [
            EmulatedShop(
                domain: Self.shop, staticToken: staticToken ? "shpat_static_token" : nil, scopes: scopes,
                tokenLifetime: tokenLifetime,
                bucketSize: bucketSize, restoreRate: restoreRate, locations: locations, variants: variants)
        ])
        let credentials: ShopifyCredentials =
            staticToken
            ? .staticToken(Secret("shpat_static_token"))
            : .clientCredentials(clientID: "emulated-client", clientSecret: Secret("emulated-secret"))
        let connection = ShopifyConnection(
            channel: "shopify", shop: Self.shop, locationID: "gid://shopify/Location/\(1001 + connectedLocation)",
            locationName: locations[connectedLocation],
            credentials: credentials, since: nil)
        let emulator = self.emulator
        let now: @Sendable () -> Date
        if sharedClock { now = { emulator.clock } } else { now = { Date() } }
        connector = ShopifyConnector(
            connection: connection, endpoint: APIEndpoint(base: URL(string: emulator.baseURL)),
            policy: RetryPolicy(
                attempts: policy.attempts, baseDelay: policy.baseDelay, maxDelay: policy.maxDelay,
                maxThrottleWait: policy.maxThrottleWait, requestTimeout: timeout),
            now: now)
    }
}
