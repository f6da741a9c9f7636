import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport
import Testing

/// Day one from Shopify's three exports, as an operator runs it (issue 11): prices and costs
/// are known, damaged units are not offered, and `po draft` says on standard output why a SKU
/// that needs ordering was not drafted.
@Suite struct DayOneCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("OnePoolChannelsTests/Fixtures").path

    private static let now = ["ONEPOOL_NOW": "2024-05-03T09:00:00Z"]

    private func run(_ arguments: [String], _ home: TemporaryDirectory, _ store: String) throws -> String {
        try OnePoolBinary.succeed(arguments + ["--store", store], home: home.path, extra: Self.now)
    }

    @Test func threeExportsLeaveNothingBlind() throws {
        let home = TemporaryDirectory("onepool-day-one")
        let store = home.child("store")
        try run(["init", "--time-zone", "UTC"], home, store)
        try run(["channel", "add", "shopify"], home, store)
        let inventory = try run(
            ["import", "\(Self.fixtures)/shopify_inventory.csv", "--as-of", "2024-05-01T09:00:00Z"], home, store)
        #expect(inventory.contains("unsellable set from Unavailable for 4 SKU(s), incoming from Incoming for 3"))
        #expect(inventory.contains("MUG-ENM-BLK-12: export 5, OnePool 0 (shopify)"))
        let products = try run(["import", "\(Self.fixtures)/shopify_products_export.csv"], home, store)
        #expect(products.contains("created 3, updated 8"))
        #expect(products.contains("vendors that are not suppliers yet"))
        try run(["import", "\(Self.fixtures)/shopify_orders_export.csv", "--channel", "shopify"], home, store)

        let state = try Store.open(at: store).state
        #expect(state.sku("SKIL-CI-10")?.price == Money(cents: 4000))
        #expect(state.stock("MUG-ENM-BLK-12")?.unsellable == 2, "damaged units are not offered")
        let briefing = try run(["briefing", "--date", "2024-05-03", "--format", "json"], home, store)
        let parsed = try JSONSerialization.jsonObject(with: Data(briefing.utf8)) as? [String: Any]
        let items = try #require(parsed?["items"] as? [[String: Any]])
        let oversold = try #require(items.first { $0["kind"] as? String == "oversold" })
        #expect((oversold["money"] as? Double ?? 0) > 0, "an oversell is ranked by the money it puts at risk")

        let draft = try run(["po", "draft"], home, store)
        #expect(draft.contains("Nothing drafted"))
        #expect(draft.contains("supplier \"Harbor & Hearth Supply\" is not on record"))
        #expect(draft.contains("`onepool supplier add \"Harbor & Hearth Supply\" --lead-time DAYS`"), "what to type")
        try run(["import", "\(Self.fixtures)/shopify_products_export.csv", "--supplier-lead-time", "14"], home, store)
        let drafted = try run(["po", "draft"], home, store)
        #expect(drafted.contains("PO-00001  Harbor & Hearth Supply"))
    }

    @Test func aSupplierLeadTimeOutOfRangeIsRefused() throws {
        let home = TemporaryDirectory("onepool-day-one")
        let store = home.child("store")
        try run(["init", "--time-zone", "UTC"], home, store)
        let result = try OnePoolBinary.run(
            [
                "import", "\(Self.fixtures)/shopify_products_export.csv", "--supplier-lead-time", "9999", "--store",
                store,
            ],
            home: home.path)
        #expect(result.status == 64)
        #expect(result.stderr.contains("'--supplier-lead-time <days>': expected 0–730 days"))
    }
}
