import OnePoolChannels
import OnePoolCore
import Testing

@Suite struct ImportBehaviourTests {
    private func catalogue(_ store: inout MemoryStore, asOf: String = "2024-05-01T00:00:00Z") throws {
        _ = try store.importCatalogue(
            try csvFile("sku,title,cost,price,on_hand\nMUG,Mug,3.00,12.00,50\nBOX,Box,1.00,4.00,10\n"), asOf: time(asOf)
        )
    }

    @Test func aNewerExportAppliesOnlyWhatChanged() throws {
        var store = MemoryStore()
        try catalogue(&store)
        let header = "channel,order_id,line,sku,qty,unit_price,placed_at,status,status_at\n"
        let first =
            header
            + "till,1,1,MUG,2,12.00,2024-05-02T10:00:00Z,open,\ntill,2,1,MUG,1,12.00,2024-05-02T11:00:00Z,open,\n"
        _ = try store.importOrders(try csvFile(first), channel: "till")
        #expect(store.state.stock("MUG") == StockLevel(onHand: 50, committed: 3))
        let newer =
            header + "till,1,1,MUG,2,12.00,2024-05-02T10:00:00Z,shipped,2024-05-03T09:00:00Z\n"
            + "till,2,1,MUG,1,12.00,2024-05-02T11:00:00Z,cancelled,2024-05-02T12:00:00Z\ntill,3,1,BOX,4,4.00,2024-05-03T08:00:00Z,open,\n"
        let (_, plan) = try store.importOrders(try csvFile(newer), channel: "till")
        #expect(plan.changes.map(\.change.kind) == ["order-shipped", "order-cancelled", "order-placed"])
        #expect(store.state.stock("MUG") == StockLevel(onHand: 48, committed: 0))
        #expect(store.state.stock("BOX") == StockLevel(onHand: 10, committed: 4))
        let (_, again) = try store.importOrders(try csvFile(newer), channel: "till")
        #expect(again.changes.isEmpty)
    }

    @Test func mappingAListingAppliesItsWaitingLinesTimesThePack() throws {
        var store = MemoryStore()
        try catalogue(&store)
        let text =
            "channel,order_id,line,sku,qty,unit_price,placed_at,status\n"
            + "till,1,1,MUG-6PK,2,60.00,2024-05-02T10:00:00Z,open\ntill,2,1,MUG-6PK,1,60.00,2024-05-02T11:00:00Z,shipped\n"
        let (_, plan) = try store.importOrders(try csvFile(text), channel: "till")
        #expect(plan.summary.parked == 2)
        #expect(store.state.stock("MUG")?.committed == 0)
        #expect(store.state.unmappedListings().first?.openUnits == 2)
        // Map the listing: the waiting lines become 6-unit lines of MUG.
        let key = ListingKey(channel: "till", listing: "MUG-6PK")
        let mapping = try MappingPlan.make(
            [MappingEntry(key: key, mapping: ListingMapping(sku: "MUG", pack: 6), fileLine: 0)], file: nil,
            state: store.state, time: store.time)
        let changes = mapping.changes
        store.apply(changes)
        #expect(store.state.unmappedListings().isEmpty)
        #expect(store.state.stock("MUG") == StockLevel(onHand: 44, committed: 12))
        #expect(
            store.state.openLines[OrderLineID(channel: "till", order: "1", line: 1)]?.unitPrice == Money(cents: 1000))
        // The same file again: already applied under the SKU, nothing new and nothing parked.
        let (_, again) = try store.importOrders(try csvFile(text), channel: "till")
        #expect(again.changes.isEmpty)
    }

    @Test func publishedQuantitiesReadBackTheSame() throws {
        var store = MemoryStore()
        try catalogue(&store)
        store.apply([
            ProposedChange(
                .listingMapped(ListingKey(channel: "amazon", listing: "MUG-6PK"), ListingMapping(sku: "MUG", pack: 6))),
            // A channel's own listing id that looks like a formula: carried byte for byte.
            ProposedChange(
                .listingMapped(
                    ListingKey(channel: "amazon", listing: "=HYPERLINK(1)"),
                    ListingMapping(sku: "MUG", pack: 1))),
            ProposedChange(
                .listingMapped(
                    ListingKey(channel: "amazon", listing: "-MUG"),
                    ListingMapping(sku: "MUG", pack: 1))),
            ProposedChange(
                .channelConfigured(
                    name: "amazon",
                    settings: ChannelSettings(rule: ChannelRule(priority: 1, cap: .units(40)), format: .amazon))),
        ])
        let lines = PublishPlan.make(state: store.state, channel: "amazon", full: true)
        #expect(lines.first { $0.listing == "MUG-6PK" }?.quantity == 40 / 6)
        for text in [
            UploadWriter.amazonPriceQuantity(lines), UploadWriter.generic(lines, channel: "amazon"),
            UploadWriter.shopifyInventory(lines, location: "Main"),
        ] {
            let file = try DelimitedFile.read(bytes: Array(text.utf8), file: "upload")
            let read = try UploadReader.quantities(file)
            if text.hasPrefix("Handle") {
                #expect(
                    read
                        == Dictionary(
                            uniqueKeysWithValues: lines.map { ($0.listing, $0.quantity + $0.committed / $0.pack) }))
            } else {
                #expect(read == Dictionary(uniqueKeysWithValues: lines.map { ($0.listing, $0.quantity) }))
            }
        }
        let uploads = [
            UploadWriter.generic(lines, channel: "amazon"), UploadWriter.amazonPriceQuantity(lines),
            UploadWriter.shopifyInventory(lines, location: "Main"),
        ]
        for text in uploads {
            #expect(text.contains("=HYPERLINK(1)") && !text.contains("'=HYPERLINK"))
            #expect(text.contains("-MUG") && !text.contains("'-MUG"))
        }
        // The rejects file is for a person: header and cells escaped.
        let rejects = UploadWriter.rejects(
            header: ["=cmd", "sku"],
            rows: [RejectedRow(line: 2, fields: ["@x", "+y"], problems: [])])
        #expect(rejects.hasPrefix("line,problems,'=cmd,sku\n") && rejects.contains("'@x,'+y"))
        // Recorded: an unchanged channel publishes nothing the next time.
        store.apply(PublishPlan.changes(lines, channel: "amazon"))
        #expect(PublishPlan.make(state: store.state, channel: "amazon", full: false).isEmpty)
        // A sale elsewhere shrinks the pool: amazon is now over-exposed until it is published again.
        store.apply([ProposedChange(.adjusted(sku: "MUG", delta: -45, reason: "breakage"))])
        #expect(store.state.overExposed(channel: "amazon").map(\.key.listing).contains("MUG"))
    }

    @Test func timesInEveryChannelLayoutParse() {
        #expect(TimeText.parse("2024-05-01 10:00:03 -0400") == Timestamp(secondsSince1970: 1_714_572_003))
        #expect(TimeText.parse("2024-05-01T14:00:03+00:00") == Timestamp(secondsSince1970: 1_714_572_003))
        #expect(TimeText.parse("2024-05-01T14:00:03Z") == Timestamp(secondsSince1970: 1_714_572_003))
        #expect(TimeText.parse("2024-05-01T14:00:03.250Z") == Timestamp(millisecondsSince1970: 1_714_572_003_250))
        #expect(TimeText.parse("2024-05-01") == Timestamp(secondsSince1970: 1_714_521_600))
        #expect(TimeText.parse("2024-02-30") == nil)
        #expect(TimeText.parse("01/05/2024") == nil)
        #expect(TimeText.iso(Timestamp(secondsSince1970: 1_714_572_003)) == "2024-05-01T14:00:03Z")
    }
}
