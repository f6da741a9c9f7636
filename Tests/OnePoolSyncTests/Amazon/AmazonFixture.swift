import Foundation
import OnePoolCore
import SPAPIEmulator

@testable import OnePoolSync

/// An emulator on a random loopback port and a client pointed at it, with retry delays and
/// rate limits small enough for tests to run in a second or two.
struct AmazonFixture {
    let emulator: SPAPIEmulator
    let client: AmazonClient
    let credentials: LWACredentials
    let connection: AmazonConnection

    static let fastPolicy = RetryPolicy(
        attempts: 4, baseDelay: 0.01, maxDelay: 0.05, maxThrottleWait: 5, requestTimeout: 5)

    /// Fast usage plans on both sides unless a test sets its own.
    init(
        configure: (inout SPAPIEmulator.Configuration) -> Void = { _ in }, policy: RetryPolicy = fastPolicy,
        clientPlans: [SPAPIOperation: SPAPIUsagePlan]? = nil, sellerID: String? = nil, marketplaceID: String? = nil,
        sharedClock: Bool = false
    ) throws {
        var configuration = SyncEndToEnd.relaxedAmazon(rate: 200)
        configure(&configuration)
        emulator = SPAPIEmulator(configuration)
        let base = try emulator.start()
        credentials = try LWACredentials(
            clientID: configuration.clientID, clientSecret: configuration.clientSecret,
            refreshToken: configuration.refreshToken)
        connection = try AmazonConnection(
            region: .na, sellerID: sellerID ?? configuration.sellerID,
            marketplaceID: marketplaceID ?? configuration.marketplaces[0],
            endpoints: AmazonEndpoints(overrideBase: base))
        let plans =
            clientPlans
            ?? Dictionary(
                uniqueKeysWithValues: SPAPIOperation.allCases.map { ($0, SPAPIUsagePlan(rate: 200, burst: 50)) })
        let emulator = self.emulator
        let now: @Sendable () -> Date
        if sharedClock { now = { emulator.clock } } else { now = { Date() } }
        client = AmazonClient(
            connection: connection, credentials: credentials, policy: policy, usagePlans: plans, now: now)
    }

    /// A second client on the same emulator (other credentials, other seller, other policy).
    func client(
        credentials: LWACredentials? = nil, sellerID: String? = nil, policy: RetryPolicy = fastPolicy
    ) throws -> AmazonClient {
        let other = try AmazonConnection(
            region: .na, sellerID: sellerID ?? connection.sellerID, marketplaceID: connection.marketplaceID,
            endpoints: connection.endpoints)
        return AmazonClient(
            connection: other, credentials: credentials ?? self.credentials, policy: policy,
            usagePlans: Dictionary(
                uniqueKeysWithValues: SPAPIOperation.allCases.map { ($0, SPAPIUsagePlan(rate: 200, burst: 50)) }))
    }

    static let epoch = Timestamp(millisecondsSince1970: 0)

    /// Every secret the tests hand out, to check that none leaks into a message.
    var secrets: [String] { [credentials.clientSecret, credentials.refreshToken] }
}
