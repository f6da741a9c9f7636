import Foundation
import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolChannels

/// A Shopify export's lines are keyed by their order's id and their place in the order, so the
/// reader alone refuses what would make two lines one: an order name or an order id that comes
/// twice, with every row of the repeated order. The planner then remembers no line
/// (`linesAreUnique`), and the import plans exactly what the whole-table path plans.
@Suite struct RepeatedOrderTests {
    private static let header = "Name,Created at,Lineitem quantity,Lineitem sku,Lineitem price,Id\n"

    private func streamed(_ text: String) throws -> (OrderFileImport.Outcome, ScratchStaging) {
        var store = MemoryStore()
        store.apply([ProposedChange(.skuCreated(SKU(code: "MUG", title: "Mug", price: Money(cents: 1200))))])
        store.apply([ProposedChange(.skuCreated(SKU(code: "TEA", title: "Tea", price: Money(cents: 500))))])
        let directory = TemporaryDirectory()
        let path = directory.child("o.csv")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let options = OrderFileImport.Options(file: "o.csv", format: nil, channel: "shopify")
        return try ImportPasses.checked(path: path, options: options, state: store.state, time: store.time)
    }

    @Test func anOrderIdTwiceIsRefusedWithEveryRowOfTheRepeat() throws {
        let text =
            Self.header + "#1,2024-05-01 10:00:00 +0000,1,MUG,12.00,11\n#1,,2,TEA,5.00,\n"
            + "#2,2024-05-01 11:00:00 +0000,1,MUG,12.00,11\n#2,,1,TEA,5.00,\n"
        let (outcome, staging) = try streamed(text)
        let refusal = "order #2 has the same id as the order on line 2 (11); expected each order once"
        #expect(outcome.problems.map(\.description) == ["o.csv:4:6: Id: " + refusal, "o.csv:5:1: Name: " + refusal])
        // The first order's two lines are planned; nothing of the repeat.
        #expect(staging.changes.count == 2)
    }

    @Test func anOrderNameTwiceIsRefusedWithEveryRowOfTheRepeat() throws {
        let text =
            Self.header + "#1,2024-05-01 10:00:00 +0000,1,MUG,12.00,11\n"
            + "#1,2024-05-01 11:00:00 +0000,1,MUG,12.00,12\n#1,,1,TEA,5.00,\n"
        let (outcome, staging) = try streamed(text)
        let refusal = "order #1 appears twice in this file (first on line 2); expected each order once"
        #expect(outcome.problems.map(\.description) == ["o.csv:3:1: Name: " + refusal, "o.csv:4:1: Name: " + refusal])
        #expect(staging.changes.count == 1)
    }

    /// An order without an id is keyed by its name: another order whose id is that name would
    /// give its lines the same keys.
    @Test func anIdThatIsAnotherOrdersNameIsRefused() throws {
        let text =
            Self.header + "A7,2024-05-01 10:00:00 +0000,1,MUG,12.00,\n#2,2024-05-01 11:00:00 +0000,1,MUG,12.00,A7\n"
        let (outcome, _) = try streamed(text)
        #expect(
            outcome.problems.map(\.description) == [
                "o.csv:3:6: Id: order #2 has the same id as the order on line 2 (A7); expected each order once"
            ])
    }

    @Test func ordersWithTheirOwnIdsAndNamesAllPlan() throws {
        var text = Self.header
        for order in 0..<500 {
            text +=
                "#\(1000 + order),2024-05-01 10:00:00 +0000,1,MUG,12.00,\(900_000 + order)\n#\(1000 + order),,1,TEA,5.00,\n"
        }
        let (outcome, staging) = try streamed(text)
        #expect(outcome.problems.isEmpty)
        #expect(outcome.summary.placed == 1000)
        #expect(staging.changes.count == 1000)
    }

    /// The table of first lines against a dictionary, through many growths.
    @Test func firstLinesRemembersTheFirstLineOfEachDigest() {
        var random = SplitMix64(seed: 12)
        var table = FirstLines()
        var expected: [UInt64: Int] = [:]
        for line in 1...50_000 {
            // Few distinct digests at first, so repeats are common; never 0 (an empty slot).
            let digest = UInt64.random(in: 1...UInt64(line * 3), using: &random) &* 0x9e37_79b9_7f4a_7c15 | 1
            let earlier = table.firstLine(of: digest, recording: line)
            #expect(earlier == expected[digest])
            if expected[digest] == nil { expected[digest] = line }
        }
        #expect(table.count == expected.count)
        for (digest, line) in expected.prefix(1000) { #expect(table.firstLine(of: digest) == line) }
        #expect(table.bytes <= expected.count * 12 * 8 / 3)
    }
}
