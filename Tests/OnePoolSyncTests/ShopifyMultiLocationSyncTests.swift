import Foundation
import OnePoolCore
import OnePoolSync
import ShopifyEmulator
import Testing

/// A shop with two locations stocking the same variants, connected at one of them: the engine
/// reconciles from bulk exports that carry both locations' levels, reports drift at the
/// connected location only, and its pushes never touch the other location.
@Suite struct ShopifyMultiLocationSyncTests {
    private static let skus = (1...30).map { "SKU-\($0)" }

    @Test(arguments: [0, 1])
    func onlyTheConnectedLocationIsReconciledAndSet(connected: Int) async throws {
        let other = 1 - connected
        let fixture = try EngineFixture(
            stock: Dictionary(uniqueKeysWithValues: Self.skus.map { ($0, 5) }),
            channels: [("shop", ChannelRule(priority: 1, cap: .units(5)), Self.skus.map { ($0, 0) })],
            locations: ["Main Warehouse", "Retail Store"], connectedLocation: connected)
        let shop = fixture.shop("shop")
        // The retail store (location 1) stocks every variant, 7 of each; the warehouse 0.
        for sku in Self.skus { fixture.emulator.adminSetAvailable(shop: shop, sku: sku, to: 7, location: 1) }
        var options = SyncOptions()
        options.bulkCatalogueAbove = 20
        options.reconcileEvery = 0
        let engine = try fixture.engine(options)

        let first = await engine.step()[0]
        #expect(first.failure == nil)
        #expect(first.catalogueMethod == .bulk)
        #expect(first.drift == 0)
        for sku in Self.skus {
            #expect(fixture.emulator.available(shop: shop, sku: sku, location: connected) == 5)
            #expect(fixture.emulator.available(shop: shop, sku: sku, location: other) == (other == 1 ? 7 : 0))
        }
        #expect(fixture.emulator.quantitiesSet(shop: shop, location: connected) == 30)
        #expect(fixture.emulator.quantitiesSet(shop: shop, location: other) == 0)

        // Edits in the shop's admin at both locations; only SKU-3 at the connected one is drift.
        fixture.emulator.adminSetAvailable(shop: shop, sku: "SKU-3", to: 9, location: connected)
        fixture.emulator.adminSetAvailable(shop: shop, sku: "SKU-4", to: 11, location: other)
        fixture.emulator.adminSetAvailable(shop: shop, sku: "SKU-3", to: 2, location: other)
        let second = await engine.step()[0]
        #expect(second.failure == nil)
        #expect(second.catalogueMethod == .bulk)
        #expect(second.drift == 1)
        let drift = try fixture.events().compactMap { event -> SyncDrift? in
            guard case .sync(.drift(let drift)) = event.change else { return nil }
            return drift
        }
        #expect(drift == [SyncDrift(key: ListingKey(channel: "shop", listing: "SKU-3"), expected: 5, found: 9)])
        #expect(fixture.emulator.quantitiesSet(shop: shop, location: other) == 0)
        for sku in Self.skus {
            let untouched = other == 1 ? 7 : 0
            let edited = ["SKU-3": 2, "SKU-4": 11][sku]
            #expect(fixture.emulator.available(shop: shop, sku: sku, location: other) == edited ?? untouched)
        }
        #expect(fixture.emulator.requestCount(shop: shop, operation: "productVariants") == 0)
    }
}
