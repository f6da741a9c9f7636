import Foundation
import OnePoolChannels
import OnePoolCore
import OnePoolStore
import OnePoolSync
import SPAPIEmulator

/// The set-up the end-to-end sync tests (the real `onepool` binary against the emulators)
/// share: a store with its channels and stock, SP-API usage plans a test can run at, and
/// `onepool connect` for a shop or a seller account.
enum SyncEndToEnd {
    /// One channel of the store: its name, platform and rule.
    struct StoreChannel {
        var name: ChannelName
        var kind: ChannelKind
        var rule: ChannelRule
    }

    /// A new store at `path` with `channels` (each added, then given its rule and its
    /// platform's file format) and `stock` (each SKU created, titled by `title`, with its
    /// units received when there are any).
    static func createStore(
        at path: String, name: String, channels: [StoreChannel], stock: [(sku: String, units: Int)],
        title: (String) -> String = { $0 }
    ) throws {
        let created = try Store.create(at: path, metadata: StoreMetadata(name: name, createdAt: 0, timeZone: "UTC"))
        _ = try created.transact(actor: "test", time: Timestamp(secondsSince1970: 1_780_000_000)) { _ in
            var changes: [ProposedChange] = []
            for channel in channels {
                let settings = ChannelSettings(rule: channel.rule, format: .defaultFor(channel.kind))
                changes.append(ProposedChange(.channelAdded(Channel(name: channel.name, kind: channel.kind))))
                changes.append(ProposedChange(.channelConfigured(name: channel.name, settings: settings)))
            }
            for (sku, units) in stock {
                changes.append(
                    ProposedChange(.skuCreated(SKU(code: SKUCode(sku), title: title(sku), price: Money(cents: 1000)))))
                if units > 0 {
                    changes.append(
                        ProposedChange(.received(sku: SKUCode(sku), quantity: units, reference: nil, fromIncoming: 0)))
                }
            }
            return (changes, ())
        }
    }

    /// The SP-API emulator with every operation at `rate` requests a second (burst 50): the
    /// documented plans (searchOrders at 0.0056/s) would let a sync read orders once every
    /// three minutes (Benchmarks/SYNC.md has that rate).
    static func relaxedAmazon(rate: Double = 100) -> SPAPIEmulator.Configuration {
        var configuration = SPAPIEmulator.Configuration()
        for operation in EmulatedOperation.allCases where operation != .lwaToken && operation != .control {
            configuration.plans[operation] = (rate: rate, burst: 50)
        }
        return configuration
    }

    /// `onepool connect shopify` by the client credentials grant the emulator accepts.
    static func connectShopify(
        channel: ChannelName, shop: String, store: String, home: String, apiBase: String, extra: [String: String] = [:]
    ) throws -> SyncBinary.Result {
        let secret = SyncBinary.secretFile("emulated-secret", in: home, name: "secret")
        return try SyncBinary.run(
            [
                "connect", "shopify", "--channel", channel.rawValue, "--shop", shop, "--client-id", "emulated-client",
                "--client-secret-file", secret, "--store", store,
            ], home: home, apiBase: apiBase, extra: extra)
    }

    /// `onepool connect amazon` with the emulator's LWA credentials, its orders read from
    /// `since` (ISO 8601) when given. `extra` carries ONEPOOL_AMAZON_BASE_URL.
    static func connectAmazon(
        channel: ChannelName, _ configuration: SPAPIEmulator.Configuration, since: String? = nil, store: String,
        home: String, apiBase: String? = nil, extra: [String: String]
    ) throws -> SyncBinary.Result {
        try SyncBinary.run(
            [
                "connect", "amazon", "--channel", channel.rawValue, "--region", "na", "--seller-id",
                configuration.sellerID,
                "--marketplace", configuration.marketplaces[0],
            ] + (since.map { ["--since", $0] } ?? []) + [
                "--client-id-file", SyncBinary.secretFile(configuration.clientID, in: home, name: "lwa-id"),
                "--client-secret-file", SyncBinary.secretFile(configuration.clientSecret, in: home, name: "lwa-secret"),
                "--refresh-token-file",
                SyncBinary.secretFile(configuration.refreshToken, in: home, name: "lwa-refresh"),
                "--store", store,
            ], home: home, apiBase: apiBase, extra: extra)
    }

    /// Every event of the store at `path`, in order.
    static func events(store path: String) throws -> [Event] {
        var events: [Event] = []
        try Store.open(at: path).forEachEvent { events.append($0) }
        return events
    }

    /// Order lines placed in the store so far (0 while it cannot be read).
    static func placedCount(store: String) -> Int {
        var count = 0
        try? Store.open(at: store).forEachEvent { if case .orderPlaced = $0.change { count += 1 } }
        return count
    }

    /// An hour before now, as `--since` takes it.
    static func hourAgo() -> String {
        TimeText.iso(Timestamp(millisecondsSince1970: AmazonClient.wallClock().millisecondsSince1970 - 3_600_000))
    }
}
