import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolSync
import OnePoolTestSupport
import ShopifyEmulator
import Testing

/// The real binary against two emulated shops selling the same SKUs at the same time, while
/// `onepool sync --every 1` is SIGKILLed at random moments and started again.
///
/// Sized for CI (about a minute); ONEPOOL_SYNC_E2E_SALES=1000 runs a longer one.
@Suite(.serialized) struct SyncEndToEndTests {
    static let skus = ["MUG", "CUP", "TEE", "CAP", "BAG", "PEN"]

    @Test func concurrentSalesWithKillsCountEveryOrderOnceAndNeverRelist() throws {
        let sales = Int(ProcessInfo.processInfo.environment["ONEPOOL_SYNC_E2E_SALES"] ?? "") ?? 150
        let unitsPerSKU = max(10, sales / 4)
        let home = TemporaryDirectory("onepool-e2e")
        let store = home.child("store")
        let emulator = try ShopifyEmulator(
            shops: ["a", "b"].map { name in
                EmulatedShop(domain: "\(name).myshopify.com", variants: Self.skus.map { ($0, 0) })
            })
        // The store: A is served first up to half of the sellable pool, B gets the rest.
        try SyncEndToEnd.createStore(
            at: store, name: "E2E",
            channels: [
                .init(name: "a", kind: .shopify, rule: ChannelRule(priority: 1, cap: .percent(50))),
                .init(name: "b", kind: .shopify, rule: ChannelRule(priority: 2)),
            ], stock: Self.skus.map { ($0, unitsPerSKU) })
        for name: ChannelName in ["a", "b"] {
            let result = try SyncEndToEnd.connectShopify(
                channel: name, shop: "\(name).myshopify.com", store: store, home: home.path, apiBase: emulator.baseURL)
            #expect(result.status == 0, "connect \(name): \(result.stderr)")
            // The secret is never echoed.
            #expect(!result.stdout.contains("emulated-secret") && !result.stderr.contains("emulated-secret"))
        }

        // The storefront sells on both shops while the sync runs and is killed; the warehouse
        // damages a unit now and then.
        let done = OnceFlag()
        let sold = Counter()
        let storefronts = ["a", "b"].map { name in
            SyncEndToEnd.shopifyStorefront(
                emulator, shop: "\(name).myshopify.com", seed: name == "a" ? 11 : 29, skus: Self.skus, sales: sales,
                sold: sold, done: done)
        }
        let warehouse = SyncEndToEnd.warehouse(store: store, skus: Self.skus, done: done) { sku, written in
            if written { emulator.noteStockChange(sku: sku, delta: -1) }
        }
        warehouse.start()
        storefronts.forEach { $0.start() }
        let kills = try SyncEndToEnd.killRepeatedly(
            store: store, home: home.path, apiBase: emulator.baseURL, sold: sold, sales: sales)
        try SyncEndToEnd.settle(steps: 2, done: done, store: store, home: home.path, apiBase: emulator.baseURL)
        let timeline = SyncEndToEnd.facts(emulator.events()) { String($0.prefix(1)) }.map(\.fact)
        let saleCount = timeline.filter { if case .sale = $0 { true } else { false } }.count
        #expect(kills >= 3)
        #expect(saleCount >= min(sales, 40))

        // Every order counted exactly once; what is still open is committed; no set above the
        // channel's allocation at its moment.
        let reopened = try Store.open(at: store)
        let (unseen, cancelled) = try SyncEndToEnd.expectEveryOrderOnce(reopened, timeline: timeline)
        let state = reopened.state
        #expect(state.sync.drift.isEmpty)
        let sets = SyncEndToEnd.expectSetsWithinAllocations(
            timeline, state: state, skus: Self.skus, units: unitsPerSKU)
        print(
            "e2e: \(saleCount) sales (\(cancelled) cancelled, \(unseen) before any pull), \(kills) kills, \(sets) sets")
    }
}
