import Foundation
import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolChannels

/// The streamed import (`OrderFileImport`: file → rows → lines → staged changes) decides exactly
/// what reading the whole table and planning its lines does, over files larger than a chunk.
@Suite struct StreamingImportTests {
    private func streamed(
        _ bytes: [UInt8], name: String, channel: ChannelName?, state: StockState, time: Timestamp
    ) throws -> (OrderFileImport.Outcome, ScratchStaging) {
        let directory = TemporaryDirectory()
        let path = directory.child(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let options = OrderFileImport.Options(file: name, format: nil, channel: channel)
        return try ImportPasses.checked(path: path, options: options, state: state, time: time)
    }

    private func whole(
        _ bytes: [UInt8], name: String, channel: ChannelName, state: StockState, time: Timestamp
    ) throws -> (OrderFileReading, OrderImportPlan) {
        let table = try DelimitedFile.read(bytes: bytes, file: name)
        let reading = try OrderFileFormat.read(table, as: try requireFormat(OrderFileFormat.detect(table)))
        return (
            reading, OrderImportPlan.make(lines: reading.lines, channel: channel, file: name, state: state, time: time)
        )
    }

    @Test func theShopifySampleStreamsToTheSameChanges() throws {
        var store = MemoryStore()
        _ = try store.importCatalogue(try Samples.file("shopify_inventory.csv"), asOf: time("2024-05-01T00:00:00Z"))
        let bytes = [UInt8](try Data(contentsOf: Samples.directory.appendingPathComponent("shopify_orders_export.csv")))
        let (outcome, staging) = try streamed(
            bytes, name: "orders.csv", channel: "shopify", state: store.state, time: store.time)
        let (reading, plan) = try whole(
            bytes, name: "orders.csv", channel: "shopify", state: store.state, time: store.time)
        #expect(staging.changes == plan.changes)
        #expect(outcome.summary == plan.summary)
        #expect(outcome.lines == reading.lines.count)
        #expect(outcome.skipped == reading.skipped)
        #expect(outcome.rejected.isEmpty)
    }

    /// A generic file of 20,000 lines (several chunks), with quoted titles, a line twice, an
    /// unknown SKU parked, and bad cells: the same changes, summary and problems either way.
    @Test func aLargeGenericFileStreamsToTheSameChangesAndProblems() throws {
        var store = MemoryStore()
        store.apply([
            ProposedChange(.skuCreated(SKU(code: "MUG", title: "Mug", price: Money(cents: 1200)))),
            ProposedChange(.skuCreated(SKU(code: "TOTE", title: "Tote, cotton", price: Money(cents: 900)))),
            ProposedChange(.received(sku: "MUG", quantity: 100_000, reference: nil, fromIncoming: 0)),
        ])
        var random = SplitMix64(seed: 20_000)
        var text = GenericOrdersReader.header.joined(separator: ",") + ",status_at\n"
        for index in 0..<20_000 {
            let sku = ["MUG", "TOTE", "RETIRED"].randomElement(using: &random) ?? "MUG"
            let status = ["open", "shipped", "cancelled"].randomElement(using: &random) ?? "open"
            let quantity = index == 12_345 ? "two" : "\(Int.random(in: 1...3, using: &random))"
            let order = index == 19_000 ? 17 : index / 2
            text +=
                "till,\"\(order)\",\(index % 2 + 1),\(sku),\(quantity),\"1,2\(index % 10)0.00\",2024-05-01T10:00:00Z,"
                + "\(status),2024-05-02\n"
        }
        let bytes = Array(text.utf8)
        #expect(bytes.count > 1 << 20)
        let (outcome, staging) = try streamed(
            bytes, name: "orders.csv", channel: nil, state: store.state, time: store.time)
        let (reading, plan) = try whole(bytes, name: "orders.csv", channel: "", state: store.state, time: store.time)
        #expect(staging.changes == plan.changes)
        #expect(outcome.summary == plan.summary)
        #expect(outcome.lines == reading.lines.count)
        let expected = (reading.rejected.flatMap(\.problems) + plan.problems).map(\.description).sorted()
        #expect(outcome.problems.map(\.description).sorted() == expected)
        #expect(expected.contains { $0.hasPrefix("orders.csv:12347:5: qty:") })
        #expect(
            expected.contains {
                $0.hasPrefix("orders.csv:19002: order 17 line 1 appears twice in this file (first on line 36)")
            })
        #expect(outcome.summary.parked > 0)
    }

    /// A Shopify line item apart from its order's first row is refused (the reader keeps only
    /// the current order), naming the order's first line.
    @Test func aShopifyLineItemApartFromItsOrderIsRefused() throws {
        let header = "Name,Created at,Lineitem quantity,Lineitem sku,Lineitem price,Id\n"
        let text =
            header + "#1,2024-05-01 10:00:00 +0000,1,MUG,12.00,11\n#2,2024-05-01 11:00:00 +0000,1,MUG,12.00,12\n"
            + "#1,,1,MUG,12.00,\n"
        var store = MemoryStore()
        store.apply([ProposedChange(.skuCreated(SKU(code: "MUG", title: "Mug", price: Money(cents: 1200))))])
        let (outcome, _) = try streamed(
            Array(text.utf8), name: "o.csv", channel: "shopify", state: store.state, time: store.time)
        #expect(
            outcome.problems.map(\.description) == [
                "o.csv:4:1: Name: a line item of order #1 apart from its order's first row (line 2); expected an order's rows "
                    + "one after another, as Shopify exports them"
            ])
    }
}
