import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolSync
import OnePoolTestSupport
import SPAPIEmulator
import ShopifyEmulator
import Testing

/// The real binary against two channels of two kinds — a Shopify shop and an Amazon seller
/// account, each in its emulator — selling the same SKUs at the same time, while
/// `onepool sync --every 1` is SIGKILLed at random moments and started again.
///
/// The SP-API emulator's usage plans are relaxed (searchOrders at 0.0056/s would let the sync
/// read Amazon's orders once every three minutes: see Benchmarks/SYNC.md for that rate).
/// Sized for CI (well under a minute); ONEPOOL_SYNC_E2E_SALES=1000 runs a longer one.
@Suite(.serialized) struct SyncEndToEndAmazonTests {
    static let skus = ["MUG", "CUP", "TEE", "CAP", "BAG", "PEN"]

    @Test func shopifyAndAmazonSellingWithKillsCountEveryOrderOnceAndNeverRelist() throws {
        let sales = Int(ProcessInfo.processInfo.environment["ONEPOOL_SYNC_E2E_SALES"] ?? "") ?? 120
        let unitsPerSKU = max(10, sales / 4)
        let home = TemporaryDirectory("onepool-e2e-amazon")
        let store = home.child("store")
        let shopify = try ShopifyEmulator(shops: [
            EmulatedShop(domain: "a.myshopify.com", variants: Self.skus.map { ($0, 0) })
        ])
        let configuration = SyncEndToEnd.relaxedAmazon()
        let amazon = SPAPIEmulator(configuration)
        let amazonBase = try amazon.start()
        defer { amazon.stop() }
        for sku in Self.skus { amazon.addListing(sku: sku, quantity: 0) }
        let environment = ["ONEPOOL_AMAZON_BASE_URL": amazonBase]

        // The store: Shopify (a) is served first up to half of the pool, Amazon (z) the rest.
        try SyncEndToEnd.createStore(
            at: store, name: "E2E",
            channels: [
                .init(name: "a", kind: .shopify, rule: ChannelRule(priority: 1, cap: .percent(50))),
                .init(name: "z", kind: .amazon, rule: ChannelRule(priority: 2)),
            ], stock: Self.skus.map { ($0, unitsPerSKU) })
        let connectShopify = try SyncEndToEnd.connectShopify(
            channel: "a", shop: "a.myshopify.com", store: store, home: home.path, apiBase: shopify.baseURL,
            extra: environment)
        #expect(connectShopify.status == 0, "connect a: \(connectShopify.stderr)")
        let connectAmazon = try SyncEndToEnd.connectAmazon(
            channel: "z", configuration, store: store, home: home.path, apiBase: shopify.baseURL, extra: environment)
        #expect(connectAmazon.status == 0, "connect z: \(connectAmazon.stdout) \(connectAmazon.stderr)")
        for secret in [configuration.clientSecret, configuration.refreshToken] {
            #expect(!connectAmazon.stdout.contains(secret) && !connectAmazon.stderr.contains(secret))
        }

        // The storefronts sell on both channels while the sync runs and is killed; the
        // warehouse damages a unit now and then (another process writing the store).
        let done = OnceFlag()
        let sold = Counter()
        let damage = DamageLog()
        let shop = SyncEndToEnd.shopifyStorefront(
            shopify, shop: "a.myshopify.com", seed: 11, skus: Self.skus, sales: sales, sold: sold, done: done)
        let marketplace = Thread {
            var random = SplitMix64(seed: 29)
            while sold.value < sales && !done.peek {
                if random.next() % 100 < 12, let order = amazon.openOrders().randomElement(using: &random) {
                    amazon.cancel(order)
                } else {
                    let sku = Self.skus[Int(random.next() % UInt64(Self.skus.count))]
                    if amazon.sell([(sku, 1 + Int(random.next() % 2))]) != nil { sold.add(1) }
                }
                Thread.sleep(forTimeInterval: 0.12 + Double(random.next() % 250) / 1000)
            }
        }
        // Noted before the write lands, so the replay never credits a set with stock it no
        // longer had.
        let warehouse = SyncEndToEnd.warehouse(store: store, skus: Self.skus, done: done, before: damage.note) {
            sku, written in
            if !written { damage.undo(sku) }
        }
        warehouse.start()
        shop.start()
        marketplace.start()
        let started = Date()
        let kills = try SyncEndToEnd.killRepeatedly(
            store: store, home: home.path, apiBase: shopify.baseURL, extra: environment, sold: sold, sales: sales)
        try SyncEndToEnd.settle(
            steps: 3, done: done, store: store, home: home.path, apiBase: shopify.baseURL, extra: environment)
        let elapsed = Date().timeIntervalSince(started)

        // The truth, in time order.
        var timeline = SyncEndToEnd.facts(shopify.events()) { _ in "a" }
        timeline += SyncEndToEnd.facts(amazon.events(), channel: "z")
        for (at, sku) in damage.entries { timeline.append((at, .stockChanged(sku: sku, delta: -1))) }
        timeline.sort { $0.at < $1.at }
        let facts = timeline.map(\.fact)

        // Every order counted exactly once; no set above the channel's allocation at its moment.
        let reopened = try Store.open(at: store)
        let (unseen, cancelled) = try SyncEndToEnd.expectEveryOrderOnce(reopened, timeline: facts)
        func channelSales(_ channel: ChannelName) -> Int {
            facts.filter { if case .sale(channel, _, _, _) = $0 { true } else { false } }.count
        }
        #expect(kills >= 3)
        #expect(channelSales("z") >= min(sales / 4, 20))
        #expect(channelSales("a") >= min(sales / 4, 20))
        let state = reopened.state
        let sets = SyncEndToEnd.expectSetsWithinAllocations(
            facts, state: state, skus: Self.skus, units: unitsPerSKU)
        print(
            "e2e shopify+amazon: \(channelSales("a") + channelSales("z")) sales (\(channelSales("z")) on Amazon, "
                + "\(cancelled) cancelled, \(unseen) before any pull), \(kills) kills, \(sets) sets, "
                + "\(state.sync.drift.count) listings with drift, \(Int(elapsed)) s")
    }
}

/// Units the warehouse damaged, with when (for the replay's timeline).
final class DamageLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [(Date, String)] = []

    func note(_ sku: String) {
        lock.lock()
        list.append((Date(), sku))
        lock.unlock()
    }

    func undo(_ sku: String) {
        lock.lock()
        if let index = list.lastIndex(where: { $0.1 == sku }) { list.remove(at: index) }
        lock.unlock()
    }

    var entries: [(Date, String)] {
        lock.lock()
        defer { lock.unlock() }
        return list
    }
}
