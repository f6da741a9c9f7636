import OnePoolChannels
import OnePoolCore
import Testing

/// Golden imports of every sample in Tests/Fixtures/samples: the changes they make, the stock that
/// results, and that importing each a second time changes nothing.
@Suite struct SampleImportTests {
    @Test func shopifyInventoryCreatesSKUsAndCountsOnHandOverLocations() throws {
        var store = MemoryStore()
        let file = try Samples.file("shopify_inventory.csv")
        let plan = try store.importCatalogue(file, asOf: time("2024-05-01T00:00:00Z"))
        #expect(plan.created == 8)
        #expect(plan.counted == 8)
        let onHand = Dictionary(uniqueKeysWithValues: store.state.pools.map { ($0.key, $0.value.stock.onHand) })
        #expect(
            onHand == [
                "MUG-ENM-BLK-12": 24, "MUG-ENM-WHT-12": 5, "TOTE-ORG-NAT": 9, "SKIL-CI-10": 1, "TORCH-CB-M": 11,
                "MATCHA-TIN-100": 21, "STK-SHEET": 251, "CARD-TY-3": 35,
            ])
        #expect(store.state.sku("MUG-ENM-BLK-12")?.title == "Enamel Mug - Black / 12oz")
        #expect(store.state.sku("MATCHA-TIN-100")?.title == "抹茶 Matcha Tin 100g")
        #expect(store.state.pools["STK-SHEET"]?.countedAt == time("2024-05-01T00:00:00Z"))
        // Twice: nothing.
        let again = try store.importCatalogue(file, asOf: time("2024-05-01T00:00:00Z"))
        #expect(again.changes.isEmpty)
    }

    @Test func shopifyOrdersAfterTheCountCommitShipAndRelease() throws {
        var store = MemoryStore()
        _ = try store.importCatalogue(try Samples.file("shopify_inventory.csv"), asOf: time("2024-05-01T00:00:00Z"))
        let file = try Samples.file("shopify_orders_export.csv")
        let (reading, plan) = try store.importOrders(file, channel: "shopify")
        #expect(reading.skipped == ["line items without a SKU (custom items, not stock)": 1])
        #expect(reading.rejected.isEmpty)
        #expect(reading.lines.count == 12)
        // #1001: two lines fulfilled, one pending; #1002, #1005 fulfilled; #1003, #1006 cancelled (never open).
        #expect(plan.summary == summary(placed: 10, shipped: 4, unchanged: 2, refunded: 2))
        let firstLine = try #require(reading.lines.first)
        #expect(firstLine.order == "5550000001001")
        #expect(firstLine.placedAt == time("2024-05-01T14:00:03Z"))
        // The two identical lines of #1008 are two lines, not a duplicate.
        #expect(reading.lines.filter { $0.order == "5550000001008" }.map(\.line) == [1, 2, 3])
        // The export's Unavailable is unsellable and its Incoming incoming (issue 11).
        let mug = StockLevel(onHand: 24 - 2 - 3, committed: 0, unsellable: 2, incoming: 48)
        #expect(store.state.stock("MUG-ENM-BLK-12") == mug)
        #expect(store.state.stock("MUG-ENM-WHT-12") == StockLevel(onHand: 5, committed: 2))
        #expect(store.state.stock("SKIL-CI-10") == StockLevel(onHand: 1, committed: 1, unsellable: 1))
        #expect(
            store.state.openLines[OrderLineID(channel: "shopify", order: "5550000001004", line: 1)]?.unitPrice
                == Money(cents: 550_000))
        // Twice: nothing.
        let (_, again) = try store.importOrders(file, channel: "shopify")
        #expect(again.changes.isEmpty)
        #expect(again.summary.unchanged == 12)
    }

    @Test func linesShippedBeforeTheCountAreDemandHistoryOnly() throws {
        var store = MemoryStore()
        _ = try store.importCatalogue(try Samples.file("shopify_inventory.csv"), asOf: time("2024-06-01T00:00:00Z"))
        let (_, plan) = try store.importOrders(try Samples.file("shopify_orders_export.csv"), channel: "shopify")
        #expect(plan.summary.historyOnly == 4)
        #expect(plan.summary.shipped == 0)
        // On hand is the count; the still-open lines are committed.
        #expect(store.state.stock("MUG-ENM-BLK-12") == StockLevel(onHand: 24, unsellable: 2, incoming: 48))
        #expect(store.state.stock("MUG-ENM-WHT-12") == StockLevel(onHand: 5, committed: 2))
        var history = DemandHistory(utcOffsetSeconds: 0)
        for change in store.log { history.record(Event(sequence: 0, time: store.time, actor: "", change: change)) }
        #expect(history.series["MUG-ENM-BLK-12"]?.units.reduce(0, +) == 5)
    }

    @Test func amazonOrdersSkipFBAParkUnmappedListingsAndNumberItemsStably() throws {
        var store = MemoryStore()
        _ = try store.importCatalogue(try Samples.file("shopify_inventory.csv"), asOf: time("2024-05-01T00:00:00Z"))
        let file = try Samples.file("amazon_all_orders.txt")
        let (reading, plan) = try store.importOrders(file, channel: "amazon")
        #expect(reading.skipped == ["fulfilled by Amazon (FBA): Amazon's stock, not ours": 1])
        #expect(plan.summary == summary(placed: 6, shipped: 4, parked: 1, unchanged: 2))
        // item-price is per item line: 29.98 for 2 → 14.99 each.
        let mug = try #require(
            reading.lines.first { $0.order == "113-1234567-0000001" && $0.listing == "MUG-ENM-BLK-12" })
        #expect(mug.unitPrice == Money(cents: 1499))
        #expect(mug.line == 1)
        #expect(reading.lines.first { $0.order == "113-1234567-0000001" && $0.listing == "SKIL-CI-10" }?.line == 2)
        // The cancelled item of a shipped order: never open, nothing to release.
        #expect(
            reading.lines.first { $0.order == "113-1234567-0000004" && $0.listing == "SKIL-CI-10" }?.status
                == .cancelled)
        #expect(store.state.unmappedListings().map(\.key) == [ListingKey(channel: "amazon", listing: "TORCH-CB-M-DE")])
        #expect(store.state.stock("STK-SHEET")?.committed == 10)
        let (_, again) = try store.importOrders(file, channel: "amazon")
        #expect(again.changes.isEmpty)
    }

    @Test func amazonPriceAndQuantitySampleReadsBack() throws {
        let file = try Samples.file("amazon_price_quantity.txt")
        let quantities = try UploadReader.quantities(file)
        #expect(quantities["MUG-ENM-BLK-12"] == 17)
        #expect(quantities["STK-SHEET"] == 249)
        #expect(quantities["TOTE-ORG-NAT"] == nil)  // no quantity given: left unchanged on Amazon
    }

    private func summary(placed: Int = 0, shipped: Int = 0, parked: Int = 0, unchanged: Int = 0, refunded: Int = 0)
        -> OrderImportSummary
    {
        var summary = OrderImportSummary()
        summary.placed = placed
        summary.shipped = shipped
        summary.parked = parked
        summary.unchanged = unchanged
        summary.refundedLines = refunded
        return summary
    }
}

@Suite struct ShopifyTemplateTests {
    /// Publishing onto the store's own inventory export: its rows for the location come back whole,
    /// with "On hand (new)" set to the allocation plus what Shopify holds committed.
    @Test func theExportsRowsComeBackWithOnHandNewFilledIn() throws {
        let template = try Samples.file("shopify_inventory.csv")
        let lines = [
            PublishLine(
                listing: "MUG-ENM-BLK-12", sku: "MUG-ENM-BLK-12", pack: 1, quantity: 14, previous: nil, committed: 2),
            PublishLine(listing: "STK-SHEET", sku: "STK-SHEET", pack: 1, quantity: 240, previous: 250, committed: 1),
            PublishLine(listing: "NOT-IN-SHOPIFY", sku: "X", pack: 1, quantity: 5, previous: nil, committed: 0),
        ]
        let (text, missing) = try UploadWriter.shopifyInventory(lines, location: "Main Warehouse", template: template)
        #expect(missing == ["NOT-IN-SHOPIFY"])
        let written = try DelimitedFile.read(bytes: Array(text.utf8), file: "upload.csv")
        #expect(written.header == template.header)
        #expect(written.rows.count == 2)
        #expect(written.rows.allSatisfy { $0[written.column("Location")!] == "Main Warehouse" })
        #expect(written.rows.first?[written.column("Handle")!] == "enamel-mug")
        #expect(try UploadReader.quantities(written) == ["MUG-ENM-BLK-12": 16, "STK-SHEET": 241])
    }
}
