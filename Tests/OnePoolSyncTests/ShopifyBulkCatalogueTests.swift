import Foundation
import OnePoolCore
import ShopifyEmulator
import Testing

@testable import OnePoolSync

/// The catalogue read from one bulk export above a size, page by page below it, and paged
/// anyway when the export does not work out.
@Suite struct ShopifyBulkCatalogueTests {
    private static let shop = EmulatedShopify.shop
    private static func variants(_ count: Int) -> [(sku: String, available: Int)] {
        (1...count).map { ("SKU-\($0)", $0 % 7) }
    }

    @Test func aLargeCatalogueIsReadFromOneBulkExportAsPagesWouldReadIt() async throws {
        let fixture = try EmulatedShopify(variants: Self.variants(450), restoreRate: 2000)
        fixture.emulator.setBulkPreparation(shop: Self.shop, seconds: Self.untilFinished)
        async let reading = fixture.connector.readCatalogue(bulkAbove: 400)
        // The export stays RUNNING through two polls, then completes.
        try await Self.waitFor { fixture.emulator.requestCount(shop: Self.shop, operation: "bulkOperation") >= 2 }
        fixture.emulator.finishBulkOperations(shop: Self.shop)
        let bulk = try await reading
        #expect(bulk.method == .bulk)
        #expect(bulk.notes.isEmpty)
        #expect(fixture.emulator.requestCount(shop: Self.shop, operation: "productVariants") == 0)
        #expect(fixture.emulator.requestCount(shop: Self.shop, operation: "bulkOperationRunQuery") == 1)
        #expect(fixture.emulator.requestCount(shop: Self.shop, operation: "bulkOperation") >= 2)
        #expect(fixture.emulator.requestCount(shop: Self.shop, operation: "bulkDownload") == 1)
        let pages = try await fixture.connector.readCatalogue()
        #expect(bulk.listings == pages)
        #expect(bulk.listings.count == 450)
    }

    /// An export that stays RUNNING until the test finishes it (`finishBulkOperations`): no
    /// test depends on how fast a loaded machine gets to its next poll.
    private static let untilFinished = 1e9

    /// Waits (at most 15 minutes: the whole suite on two shared cores can starve a test) until
    /// `condition` holds.
    private static func waitFor(_ condition: @Sendable () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(900)
        while !condition() {
            guard Date() < deadline else {
                Issue.record("waited 900 s in vain")
                return
            }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
    }

    @Test func aSmallCatalogueKeepsPaging() async throws {
        let fixture = try EmulatedShopify(variants: Self.variants(150))
        let reading = try await fixture.connector.readCatalogue(bulkAbove: 400)
        #expect(reading.method == .pages)
        #expect(reading.listings.count == 150)
        #expect(fixture.emulator.bulkOperationCount(shop: Self.shop) == 0)
        #expect(fixture.emulator.requestCount(shop: Self.shop, operation: "productVariants") == 2)
    }

    @Test func aFailedExportIsReplacedByPagingAndSaysSo() async throws {
        let fixture = try EmulatedShopify(variants: Self.variants(20))
        fixture.emulator.failNextBulkOperation(shop: Self.shop, errorCode: "TIMEOUT")
        let reading = try await fixture.connector.readCatalogue(bulkAbove: 10)
        #expect(reading.method == .pages)
        #expect(reading.listings.count == 20)
        #expect(reading.notes.count == 1)
        #expect(reading.notes.first?.contains("FAILED (TIMEOUT)") == true)
    }

    @Test func anExportLeftRunningByADeadProcessIsTakenOverNotDuplicated() async throws {
        let fixture = try EmulatedShopify(variants: Self.variants(20))
        let query = ShopifyBulkQueries.catalogue
        let id = fixture.emulator.startBulkOperation(shop: Self.shop, query: query, preparation: Self.untilFinished)
        #expect(id != nil)
        async let taken = fixture.connector.readCatalogue(bulkAbove: 10)
        try await Self.waitFor { fixture.emulator.requestCount(shop: Self.shop, operation: "bulkOperation") >= 1 }
        fixture.emulator.finishBulkOperations(shop: Self.shop)
        let reading = try await taken
        #expect(reading.method == .bulk)
        #expect(reading.listings.count == 20)
        #expect(fixture.emulator.bulkOperationCount(shop: Self.shop) == 1)
        #expect(fixture.emulator.requestCount(shop: Self.shop, operation: "currentBulkOperation") == 1)
    }

    @Test func anotherExportRunningMeansPagingThisTime() async throws {
        let fixture = try EmulatedShopify(variants: Self.variants(20))
        fixture.emulator.startBulkOperation(
            shop: Self.shop, query: "{ productVariants { edges { node { id } } } }", preparation: Self.untilFinished)
        let reading = try await fixture.connector.readCatalogue(bulkAbove: 10)
        #expect(reading.method == .pages)
        #expect(reading.listings.count == 20)
        #expect(reading.notes.first?.contains("already in progress") == true)
    }

    @Test func aDownloadCutMidFileIsFetchedAgain() async throws {
        let fixture = try EmulatedShopify(variants: Self.variants(300))
        fixture.emulator.inject(.resetMidAnswer, shop: Self.shop, operation: "bulkDownload")
        fixture.emulator.inject(.serverError(503), shop: Self.shop, operation: "bulkDownload")
        let reading = try await fixture.connector.readCatalogue(bulkAbove: 10)
        #expect(reading.method == .bulk)
        #expect(reading.listings.count == 300)
        #expect(fixture.emulator.requestCount(shop: Self.shop, operation: "bulkDownload") == 3)
    }

    @Test func theReaderTakesChildLinesByParentIdAndCountsLinesThatAreNotJSON() throws {
        let location = "gid://shopify/Location/7"
        // Each JSONL line is split over source lines by `\` (no newline in the text). Ungrouped:
        // CUP's level comes before CUP, MUG's after another variant; TEA is stocked elsewhere
        // only; the level of a variant without a SKU is not needed; one level names no variant.
        let text = """
            {"location":{"id":"gid://shopify/Location/7"},"quantities":[{"name":"available","quantity":2}],\
            "__parentId":"gid://shopify/ProductVariant/3"}
            {"id":"gid://shopify/ProductVariant/1","sku":"MUG","displayName":"Mug",\
            "inventoryItem":{"id":"gid://shopify/InventoryItem/1","tracked":true}}
            {"location":{"id":"gid://shopify/Location/8"},"quantities":[{"name":"available","quantity":99}],\
            "__parentId":"gid://shopify/ProductVariant/1"}
            {"id":"gid://shopify/ProductVariant/2","sku":"","inventoryItem":{"id":"gid://shopify/InventoryItem/2"}}
            {"location":{"id":"gid://shopify/Location/7"},"quantities":[{"name":"available","quantity":6}],\
            "__parentId":"gid://shopify/ProductVariant/2"}
            not json
            {"id":"gid://shopify/ProductVariant/3","sku":"CUP","inventoryItem":{"id":"gid://shopify/InventoryItem/3",\
            "tracked":true}}
            {"location":{"id":"gid://shopify/Location/7"},"quantities":[{"name":"available","quantity":4}],\
            "__parentId":"gid://shopify/ProductVariant/1"}
            {"id":"gid://shopify/ProductVariant/4","sku":"TEA","inventoryItem":{"id":"gid://shopify/InventoryItem/4",\
            "tracked":true}}
            {"location":{"id":"gid://shopify/Location/8"},"quantities":[{"name":"available","quantity":5}],\
            "__parentId":"gid://shopify/ProductVariant/4"}
            {"location":{"id":"gid://shopify/Location/7"},"quantities":[{"name":"available","quantity":1}],\
            "__parentId":"gid://shopify/ProductVariant/404"}
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bulk-\(UUID().uuidString).jsonl")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        var reader = ShopifyBulkReader(location: location)
        let lines = try JSONLines.forEach(in: file) { reader.take($0) }
        #expect(lines == 11)
        #expect(reader.unreadable == 1)
        #expect(reader.orphans == 1)
        #expect(reader.listings.map(\.listing) == ["MUG", "CUP", "TEA"])
        #expect(reader.listings.map(\.quantity) == [4, 2, nil])
    }

    /// A shop with two locations stocking the same variants: the export holds both locations'
    /// levels as child lines, and the bulk reading gives each variant the quantity at the
    /// connected location alone — what paging with `inventoryLevel(locationId:)` gives — for
    /// the primary location and for another, with the levels after or before the variants.
    @Test(arguments: [(0, false), (1, false), (1, true)])
    func aMultiLocationExportGivesTheConnectedLocationsQuantityAsPagesDo(location: Int, childrenFirst: Bool)
        async throws
    {
        let fixture = try EmulatedShopify(
            variants: Self.variants(40), locations: ["Main Warehouse", "Retail Store"], connectedLocation: location)
        // The retail store stocks 30 of the 40 variants, other quantities than the warehouse's.
        for number in 1...30 {
            fixture.emulator.adminSetAvailable(shop: Self.shop, sku: "SKU-\(number)", to: 100 + number, location: 1)
        }
        if childrenFirst { fixture.emulator.setBulkChildrenFirst(shop: Self.shop) }
        let bulk = try await fixture.connector.readCatalogue(bulkAbove: 10)
        #expect(bulk.method == .bulk)
        #expect(bulk.notes.isEmpty)
        let pages = try await fixture.connector.readCatalogue()
        #expect(bulk.listings == pages)
        let expected: [Int?] = (1...40).map { number in
            location == 0 ? number % 7 : (number <= 30 ? 100 + number : nil)
        }
        #expect(bulk.listings.map(\.quantity) == expected)
        #expect(fixture.emulator.requestCount(shop: Self.shop, operation: "bulkDownload") == 1)
    }

    /// productVariantsCount stops at 10,000 unless asked for more (`limit`): a threshold above
    /// 10,000 is met by a catalogue above it, and the count asks no further than the threshold.
    @Test func aThresholdAboveTenThousandIsMetByTheCatalogueAboveIt() async throws {
        let fixture = try EmulatedShopify(variants: Self.variants(12_500), restoreRate: 100_000)
        #expect(try await fixture.connector.variantCount(upTo: 12_000) == 12_000)
        #expect(try await fixture.connector.variantCount(upTo: 20_000) == 12_500)
        let reading = try await fixture.connector.readCatalogue(bulkAbove: 12_000)
        #expect(reading.method == .bulk)
        #expect(reading.listings.count == 12_500)
        #expect(fixture.emulator.requestCount(shop: Self.shop, operation: "productVariants") == 0)
    }

    @Test func theEngineReconcilesALargeCatalogueInBulk() async throws {
        let skus = (1...30).map { "SKU-\($0)" }
        let fixture = try EngineFixture(
            stock: Dictionary(uniqueKeysWithValues: skus.map { ($0, 5) }),
            channels: [("shop", ChannelRule(priority: 1, cap: .units(5)), skus.map { ($0, 0) })])
        var options = SyncOptions()
        options.bulkCatalogueAbove = 20
        let report = await (try fixture.engine(options)).step()[0]
        #expect(report.failure == nil)
        #expect(report.catalogueMethod == .bulk)
        #expect(fixture.available("shop", "SKU-30") == 5)
        #expect(fixture.emulator.requestCount(shop: fixture.shop("shop"), operation: "productVariants") == 0)
    }
}
