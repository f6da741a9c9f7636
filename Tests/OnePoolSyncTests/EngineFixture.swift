import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolSync
import OnePoolTestSupport
import ShopifyEmulator

/// A store with SKUs and channels, an emulator with one shop per channel, and an engine
/// connecting them: the in-process setting of the engine's tests.
final class EngineFixture: @unchecked Sendable {
    static let time = Timestamp(secondsSince1970: 1_780_000_000)

    let directory = TemporaryDirectory("onepool-sync")
    let emulator: ShopifyEmulator
    var connectors: [String: ShopifyConnector] = [:]
    let shops: [ChannelName: String]
    var storePath: String { directory.child("store") }

    /// `channels`: name → (rule, shop variants). Every SKU in `stock` is created with that many
    /// units on hand. Each shop has `locations` (the first its primary, which stocks the
    /// variants); each connection names `locations[connectedLocation]`.
    init(
        stock: [String: Int],
        channels: [(name: ChannelName, rule: ChannelRule, variants: [(sku: String, available: Int)])],
        scopes: [String] = EmulatedShop.allScopes, locations: [String] = ["Main Warehouse"], connectedLocation: Int = 0
    ) throws {
        var shops: [ChannelName: String] = [:]
        var setups: [EmulatedShop] = []
        for channel in channels {
            let domain = "\(channel.name).myshopify.com"
            shops[channel.name] = domain
            setups.append(
                EmulatedShop(domain: domain, scopes: scopes, locations: locations, variants: channel.variants))
        }
        self.shops = shops
        emulator = try ShopifyEmulator(shops: setups)
        try SyncEndToEnd.createStore(
            at: directory.child("store"), name: "Sync",
            channels: channels.map { .init(name: $0.name, kind: .shopify, rule: $0.rule) },
            stock: stock.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, title: { "Item \($0)" })
        for (index, channel) in channels.enumerated() {
            let connection = ShopifyConnection(
                channel: channel.name, shop: "\(channel.name).myshopify.com",
                locationID: "gid://shopify/Location/\((index + 1) * 1000 + 1 + connectedLocation)",
                locationName: locations[connectedLocation],
                credentials: .clientCredentials(clientID: "emulated-client", clientSecret: Secret("emulated-secret")),
                since: nil)
            connectors[channel.name.rawValue] = ShopifyConnector(
                connection: connection, endpoint: APIEndpoint(base: URL(string: emulator.baseURL)),
                policy: RetryPolicy(
                    attempts: 4, baseDelay: 0.01, maxDelay: 0.05, maxThrottleWait: 10, requestTimeout: 2))
        }
    }

    func engine(
        _ options: SyncOptions = SyncOptions(), connectors wrap: ((any ChannelConnector) -> any ChannelConnector)? = nil
    ) throws -> SyncEngine {
        var options = options
        options.maxChannelBackoff = 0
        let list: [any ChannelConnector] = connectors.keys.sorted().compactMap { name in
            guard let connector = connectors[name] else { return nil }
            return wrap?(connector) ?? connector
        }
        return try SyncEngine(
            storePath: storePath, connectors: list, options: options, statusDirectory: directory.child("store/sync")
        ) {
            Timestamp(millisecondsSince1970: Int64(Date().timeIntervalSince1970 * 1000))
        }
    }

    func state() throws -> StockState { try Store.open(at: storePath).state }

    func events() throws -> [Event] { try SyncEndToEnd.events(store: storePath) }

    func shop(_ channel: ChannelName) -> String { shops[channel] ?? "" }

    func available(_ channel: ChannelName, _ sku: String) -> Int? { emulator.available(shop: shop(channel), sku: sku) }

    @discardableResult
    func sell(_ channel: ChannelName, _ sku: String, _ quantity: Int = 1) -> ShopifyEmulator.SaleResult {
        emulator.placeOrder(shop: shop(channel), lines: [(sku, quantity)])
    }
}

/// A connector that runs `before` once, just before its first push: lets a test sell on the
/// channel between a step's pull and its push.
struct InterceptingConnector: ChannelConnector {
    let inner: any ChannelConnector
    let before: @Sendable () -> Void
    let once = OnceFlag()

    var channel: ChannelName { inner.channel }
    var capabilities: ConnectorCapabilities { inner.capabilities }
    func pullOrders(after cursor: String?) async throws -> OrderPage { try await inner.pullOrders(after: cursor) }
    func readCatalogue() async throws -> [ChannelListing] { try await inner.readCatalogue() }
    func readQuantities(remoteIDs: [String]) async throws -> [String: Int] {
        try await inner.readQuantities(remoteIDs: remoteIDs)
    }
    func pushQuantities(_ changes: [QuantityChange], idempotencyKey: String) async throws -> PushOutcome {
        if once.take() { before() }
        return try await inner.pushQuantities(changes, idempotencyKey: idempotencyKey)
    }
    func check() async -> ConnectionCheck { await inner.check() }
}

final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var taken = false

    func take() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if taken { return false }
        taken = true
        return true
    }

    var canTake: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !taken
    }
}

extension Array where Element == Event {
    func sync(_ kind: String) -> [SyncChange] {
        compactMap { event in
            guard case .sync(let change) = event.change, change.kind == kind else { return nil }
            return change
        }
    }
}
