import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolSync
import OnePoolTestSupport
import SPAPIEmulator

/// A store with an Amazon channel, an SP-API emulator holding its listings, and an engine whose
/// Amazon connector talks to the emulator with waits and rate limits small enough for tests.
final class AmazonEngineFixture: @unchecked Sendable {
    static let time = Timestamp(secondsSince1970: 1_780_000_000)
    static let channel: ChannelName = "amz"

    let directory = TemporaryDirectory("onepool-sync-amazon")
    let emulator: SPAPIEmulator
    let connector: AmazonConnector
    var storePath: String { directory.child("store") }

    /// `stock`: SKU → units on hand (a listing of the same seller SKU is mapped to it);
    /// `listings`: seller SKU → merchant quantity on Amazon (nil: an FBA listing).
    init(
        stock: [String: Int], cap: ChannelRule.Cap = .units(6), listings: [String: Int?],
        marketplaceID: String? = nil, configure: (inout SPAPIEmulator.Configuration) -> Void = { _ in }
    ) throws {
        var configuration = SyncEndToEnd.relaxedAmazon(rate: 200)
        configure(&configuration)
        emulator = SPAPIEmulator(configuration)
        let base = try emulator.start()
        for (sku, quantity) in listings.sorted(by: { $0.key < $1.key }) {
            emulator.addListing(sku: sku, quantity: quantity ?? 5, fulfilledByAmazon: quantity == nil)
        }
        try SyncEndToEnd.createStore(
            at: directory.child("store"), name: "Amazon",
            channels: [.init(name: Self.channel, kind: .amazon, rule: ChannelRule(priority: 1, cap: cap))],
            stock: stock.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, title: { "Item \($0)" })
        let connection = try AmazonConnection(
            region: .na, sellerID: configuration.sellerID,
            marketplaceID: marketplaceID ?? configuration.marketplaces[0],
            endpoints: AmazonEndpoints(overrideBase: base))
        let credentials = try LWACredentials(
            clientID: configuration.clientID, clientSecret: configuration.clientSecret,
            refreshToken: configuration.refreshToken)
        let client = AmazonClient(
            connection: connection, credentials: credentials,
            policy: RetryPolicy(
                attempts: 3, baseDelay: 0.01, maxDelay: 0.05, maxThrottleWait: 2,
                requestTimeout: 5),
            usagePlans: Dictionary(
                uniqueKeysWithValues: SPAPIOperation.allCases.map { ($0, SPAPIUsagePlan(rate: 200, burst: 50)) }))
        connector = AmazonConnector(
            channel: Self.channel, client: client, since: Timestamp(millisecondsSince1970: 0))
    }

    func engine(
        _ options: SyncOptions = SyncOptions(), wrap: ((any ChannelConnector) -> any ChannelConnector)? = nil
    ) throws -> SyncEngine {
        var options = options
        options.maxChannelBackoff = 0
        return try SyncEngine(
            storePath: storePath, connectors: [wrap?(connector) ?? connector], options: options,
            statusDirectory: directory.child("store/sync")
        ) {
            Timestamp(millisecondsSince1970: Int64(Date().timeIntervalSince1970 * 1000))
        }
    }

    /// `searchOrders` answers orders updated before its bound, exclusive, to the millisecond:
    /// an order changed in the very millisecond of a search is read by the next one. Tests that
    /// change an order and pull at once wait that millisecond out.
    static func pastSearchBound() async { try? await Task.sleep(for: .milliseconds(3)) }

    func state() throws -> StockState { try Store.open(at: storePath).state }

    func events() throws -> [Event] { try SyncEndToEnd.events(store: storePath) }

    func quantity(_ sku: String) -> Int? { emulator.listing(sku)?.merchantQuantity }

    /// The quantities OnePool's patches set, in order.
    func sets(_ sku: String) -> [Int] {
        emulator.events().compactMap { event in
            if case .set(let set, _, let to, _) = event, set == sku { to } else { nil }
        }
    }
}
