import Foundation
import OnePoolChannels
import OnePoolCore
import Testing

/// Day one from Shopify's own exports (issue 11): the products export brings prices, costs,
/// barcodes and vendors under either header layout; the inventory export's Unavailable and
/// Incoming are used; its Committed is compared, never added.
@Suite struct DayOneImportTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")

    static func fixture(_ name: String, renaming: [String: String] = [:]) throws -> DelimitedFile {
        var text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        if !renaming.isEmpty, let end = text.firstIndex(of: "\n") {
            let header = text[..<end].split(separator: ",", omittingEmptySubsequences: false).map {
                renaming[String($0)] ?? String($0)
            }
            text = header.joined(separator: ",") + text[end...]
        }
        return try DelimitedFile.read(bytes: Array(text.utf8), file: name)
    }

    /// The help centre's newer names for the columns the products import reads.
    static let newerHeaders = [
        "Handle": "URL handle", "Variant SKU": "SKU", "Variant Price": "Price", "Variant Barcode": "Barcode",
        "Option1 Value": "Option1 value", "Option2 Value": "Option2 value", "Option3 Value": "Option3 value",
        "Body (HTML)": "Description", "Variant Compare At Price": "Compare-at price",
    ]

    @Test(arguments: [false, true])
    func theProductsExportBringsPricesCostsBarcodesAndVendors(newer: Bool) throws {
        let file = try Self.fixture("shopify_products_export.csv", renaming: newer ? Self.newerHeaders : [:])
        #expect(CatalogueFormat.detect(file) == .shopifyProducts)
        let reading = try CatalogueFormat.read(file, as: .shopifyProducts)
        #expect(reading.rejected.isEmpty)
        #expect(reading.rows.count == 11)
        #expect(reading.skipped == ["variants without a SKU": 1])
        let mug = try #require(reading.rows.first { $0.sku == "MUG-ENM-WHT-12" })
        #expect(mug.title == "Enamel Mug - White / 12oz")
        #expect(mug.price == Money(cents: 1499))
        #expect(mug.cost == Money(cents: 520))
        #expect(mug.barcode == "5607314050131")
        #expect(mug.supplier == "Harbor & Hearth Supply", "the vendor is on the product's first row only")
        #expect(reading.rows.first { $0.sku == "SKIL-CI-10" }?.barcode == "073854100103", "the leading zero stays")
        #expect(reading.rows.first { $0.sku == "STK-SHEET" }?.barcode == nil)

        var store = MemoryStore(channels: ["shopify"])
        let plan = try store.importCatalogue(file, asOf: time("2024-05-01T09:00:00Z"))
        #expect(plan.created == 11)
        #expect(plan.counted == 0, "a products export counts nothing")
        #expect(store.state.sku("MATCHA-TIN-100")?.supplier == "Uji Leaf Trading")
        #expect(Set(plan.vendorsWithoutRecord) == ["Harbor & Hearth Supply", "Uji Leaf Trading", "Northwind Goods"])
        let again = try store.importCatalogue(file, asOf: time("2024-05-01T09:00:00Z"))
        #expect(again.changes.isEmpty)
    }

    @Test func productsAfterInventoryFillTheSKUsTheInventoryCreated() throws {
        var store = MemoryStore(channels: ["shopify"])
        let inventory = try store.importCatalogue(
            try Self.fixture("shopify_inventory.csv"), asOf: time("2024-05-01T09:00:00Z"))
        #expect(inventory.created == 8)
        #expect(store.state.sku("TORCH-CB-M")?.price == .zero)
        let products = try store.importCatalogue(
            try Self.fixture("shopify_products_export.csv"), asOf: time("2024-05-02T09:00:00Z"))
        #expect(products.updated == 8)
        #expect(products.created == 3)
        let torch = try #require(store.state.sku("TORCH-CB-M"))
        #expect(
            torch.price == Money(cents: 4400) && torch.unitCost == Money(cents: 1780)
                && torch.barcode == "4260358710044")
        #expect(store.state.stock("TORCH-CB-M")?.onHand == 11, "the counts stand")
    }

    @Test func unavailableIsUnsellableIncomingIsIncomingAndCommittedIsOnlyCompared() throws {
        var store = MemoryStore(channels: ["shopify"])
        let plan = try store.importCatalogue(
            try Self.fixture("shopify_inventory.csv"), asOf: time("2024-05-01T09:00:00Z"))
        // MUG-ENM-BLK-12: on hand 20 + 4, unavailable 2, incoming 48, committed 5 (Main Warehouse).
        #expect(
            store.state.stock("MUG-ENM-BLK-12") == StockLevel(onHand: 24, committed: 0, unsellable: 2, incoming: 48))
        #expect(plan.unsellableSet == 4 && plan.incomingSet == 3)
        let difference = try #require(plan.committedDifferences.first { $0.sku == "MUG-ENM-BLK-12" })
        #expect(difference.inFile == 5 && difference.inOnePool == 0 && difference.scope == "shopify")
        // The same export again: nothing new, and committed is still never taken from it.
        let again = try store.importCatalogue(
            try Self.fixture("shopify_inventory.csv"), asOf: time("2024-05-01T09:00:00Z"))
        #expect(again.changes.isEmpty)
        #expect(store.state.stock("MUG-ENM-BLK-12")?.committed == 0)
        #expect(again.committedDifferences.count == plan.committedDifferences.count)
    }

    @Test func anExportNeverLowersIncomingBelowOnePoolsOwnPOsInFlight() throws {
        var store = MemoryStore(channels: ["shopify"])
        let header =
            "Handle,Title,SKU,Location,Incoming (not editable),Unavailable (not editable),Committed (not editable),"
            + "On hand (current)\n"
        _ = try store.importCatalogue(
            try csvFile(header + "mug,Mug,MUG,Main,0,0,0,10\n"), asOf: time("2024-05-01T09:00:00Z"))
        store.apply([
            ProposedChange(.purchasing(.supplierSet(Supplier(code: "ACME", name: "Acme", leadTimeDays: 10)))),
            ProposedChange(.purchasing(.approverSet(user: "ana", limit: Money(cents: 1_000_000)))),
            ProposedChange(
                .purchasing(
                    .drafted(
                        PurchaseOrder(
                            id: "PO-00001", supplier: "ACME",
                            lines: [POLine(sku: "MUG", quantity: 30, unitCost: .zero, reason: "t")],
                            expectedAt: time("2024-05-11T00:00:00Z"))))),
            ProposedChange(.purchasing(.approved(id: "PO-00001", approver: "ana"))),
            ProposedChange(.purchasing(.sent(id: "PO-00001"))),
        ])
        #expect(store.state.stock("MUG")?.incoming == 30)
        _ = try store.importCatalogue(
            try csvFile(header + "mug,Mug,MUG,Main,12,0,0,10\n"), asOf: time("2024-05-02T09:00:00Z"))
        #expect(store.state.stock("MUG")?.incoming == 30, "Shopify's 12 are less than the PO still brings")
        _ = try store.importCatalogue(
            try csvFile(header + "mug,Mug,MUG,Main,50,0,0,10\n"), asOf: time("2024-05-03T09:00:00Z"))
        #expect(store.state.stock("MUG")?.incoming == 50)
    }
}
