import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport
import Testing

/// `onepool return`, `inspect` and `returns` as an operator uses them, with each refusal.
@Suite struct ReturnCommandTests {
    /// MUG: 10 received; shopify order 1001 line 1 sold and shipped 3; order 1002 sold (open).
    private func storeWithAShipment() throws -> (TemporaryDirectory, String) {
        let home = TemporaryDirectory("onepool-returns")
        let store = home.child("store")
        for arguments in [
            ["init", "--time-zone", "UTC"], ["channel", "add", "shopify"],
            ["sku", "add", "MUG", "--title", "Blue mug", "--price", "12", "--cost", "3"], ["receive", "MUG", "10"],
            ["sell", "--channel", "shopify", "--order", "1001", "MUG", "3"],
            ["ship", "--channel", "shopify", "--order", "1001"],
            ["sell", "--channel", "shopify", "--order", "1002", "MUG", "1"],
        ] {
            try OnePoolBinary.succeed(arguments + ["--store", store], home: home.path)
        }
        return (home, store)
    }

    private func run(_ arguments: [String], _ home: TemporaryDirectory, _ store: String) throws -> OnePoolBinary.Result
    {
        try OnePoolBinary.run(arguments + ["--store", store], home: home.path)
    }

    /// Runs a refused command and checks it wrote nothing and said `words` on standard error.
    private func expectRefused(
        _ arguments: [String], saying words: [String], _ home: TemporaryDirectory, _ store: String
    ) throws {
        let before = try Store.open(at: store).state.lastSequence
        let result = try run(arguments, home, store)
        #expect(result.status != 0, "\(arguments) was accepted")
        for word in words { #expect(result.stderr.contains(word), "\(arguments): \(result.stderr)") }
        #expect(try Store.open(at: store).state.lastSequence == before, "\(arguments) wrote something")
    }

    @Test func aReturnAwaitsInspectionThenIsRestockedOrWrittenOff() throws {
        let (home, store) = try storeWithAShipment()
        let back = try run(
            [
                "return", "--channel", "shopify", "--order", "1001", "MUG", "2", "--reason", "defective", "--return-id",
                "R1",
            ],
            home, store)
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout.contains("awaiting inspection — defective"))
        var state = try Store.open(at: store).state
        #expect(state.stock("MUG") == StockLevel(onHand: 9, committed: 1, unsellable: 2))
        #expect(state.returns.awaitingUnits("MUG") == 2)

        let again = try run(
            [
                "return", "--channel", "shopify", "--order", "1001", "MUG", "2", "--reason", "defective", "--return-id",
                "R1",
            ],
            home, store)
        #expect(again.status == 0 && again.stdout.contains("Already recorded"))
        #expect(try Store.open(at: store).state.lastSequence == state.lastSequence, "a repeat wrote an event")

        let listed = try run(["returns", "--awaiting"], home, store)
        #expect(listed.stdout.contains("2 unit(s) awaiting inspection"))
        #expect(listed.stdout.contains("awaiting") && listed.stdout.contains("R1"))

        try OnePoolBinary.succeed(["inspect", "MUG", "1", "--restock", "--store", store], home: home.path)
        let off = try run(["inspect", "MUG", "1", "--unsellable", "--reason", "cracked"], home, store)
        #expect(off.status == 0 && off.stdout.contains("0 still awaiting inspection"), "\(off.stdout)")
        state = try Store.open(at: store).state
        #expect(state.stock("MUG") == StockLevel(onHand: 9, committed: 1, unsellable: 1))
        #expect(state.returns.awaiting.isEmpty)

        let json = try run(["returns", "--format", "json"], home, store)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let returns = try #require(document["returns"] as? [[String: Any]])
        #expect(returns.count == 1)
        #expect(returns.first?["status"] as? String == "inspected")
        #expect(returns.first?["written_off"] as? Int == 1)
        let rates = try #require(document["rates"] as? [[String: Any]])
        #expect(rates.contains { $0["scope"] as? String == "sku" && $0["rate_percent"] as? Double == 66.7 })
    }

    @Test func eachRefusalSaysWhyAndWritesNothing() throws {
        let (home, store) = try storeWithAShipment()
        let base = ["return", "--channel", "shopify"]
        // More than shipped.
        try expectRefused(base + ["--order", "1001", "MUG", "4"], saying: ["shipped 3", "not 4"], home, store)
        try expectRefused(
            base + ["--order", "1001", "--line", "1", "MUG", "4"], saying: ["3 shipped", "not 4"], home, store)
        // Unknown order, unknown line, a line that has not shipped.
        try expectRefused(base + ["--order", "77", "MUG", "1"], saying: ["no shipped line of MUG"], home, store)
        try expectRefused(
            base + ["--order", "1001", "--line", "2", "MUG", "1"], saying: ["no such line has shipped"], home, store)
        try expectRefused(base + ["--order", "1002", "MUG", "1"], saying: ["has not shipped"], home, store)
        try expectRefused(
            ["return", "--channel", "etsy", "--order", "1001", "MUG", "1"], saying: ["unknown channel"], home, store)
        try expectRefused(base + ["--order", "1001", "CUP", "1"], saying: ["unknown SKU"], home, store)
        try expectRefused(base + ["--order", "1001", "MUG", "0"], saying: ["1–10000000"], home, store)
        // The same return id with other facts is a conflict, not "already recorded".
        try OnePoolBinary.succeed(
            base + ["--order", "1001", "MUG", "1", "--return-id", "R1", "--store", store], home: home.path)
        try expectRefused(
            base + ["--order", "1001", "MUG", "2", "--return-id", "R1"],
            saying: ["recorded with another SKU, quantity"],
            home, store)
        try expectRefused(
            base + ["--order", "1001", "MUG", "1", "--return-id", "R1", "--reason", "other"],
            saying: ["R1"], home, store)
        // Two more may come back, over every return of the line.
        try OnePoolBinary.succeed(
            base + ["--order", "1001", "MUG", "2", "--return-id", "R2", "--store", store], home: home.path)
        try expectRefused(
            base + ["--order", "1001", "MUG", "1", "--return-id", "R3"], saying: ["3 came back already"], home, store)
        // Inspecting more than awaits, a write-off without a reason, restore of awaiting units.
        try expectRefused(["inspect", "MUG", "4", "--restock"], saying: ["awaiting inspection is 3"], home, store)
        try expectRefused(["inspect", "MUG", "1", "--unsellable"], saying: ["--reason"], home, store)
        try expectRefused(["inspect", "MUG", "1"], saying: ["--restock"], home, store)
        try expectRefused(["restore", "MUG", "1"], saying: ["not awaiting inspection"], home, store)
    }
}
