import Foundation
import OnePoolTestSupport
import Testing

/// `reorder`, `forecast SKU` and `simulate` on a tiny store with a few days of sales.
@Suite struct ReplenishmentCommandTests {
    /// MUG sells 3 a day for 20 days (from 2026-03-01), lead time 3, cases of 6; NEW has no history.
    private func storeWithSales() throws -> (TemporaryDirectory, String) {
        let home = TemporaryDirectory("onepool-replenish")
        let store = home.child("store")
        func at(_ day: Int, _ arguments: [String]) throws {
            let result = try OnePoolBinary.run(
                arguments + ["--store", store], home: home.path,
                extra: ["ONEPOOL_NOW": "2026-03-\(day < 10 ? "0" : "")\(day)T12:00:00Z"])
            guard result.status == 0 else {
                throw OnePoolBinary.Failure(
                    description: "onepool \(arguments.joined(separator: " ")): \(result.stderr)")
            }
        }
        try at(1, ["init", "--time-zone", "UTC"])
        try at(1, ["channel", "add", "shopify"])
        try at(
            1,
            [
                "sku", "add", "MUG", "--title", "Blue mug", "--price", "12", "--cost", "4", "--lead-time", "3",
                "--case-pack", "6", "--moq", "6", "--supplier", "Acme",
            ])
        try at(1, ["sku", "add", "NEW", "--title", "New lamp", "--price", "30", "--supplier", "Acme"])
        try at(1, ["receive", "MUG", "70"])
        for day in 1...20 {
            try at(day, ["sell", "--channel", "shopify", "--order", "o\(day)", "MUG", "3"])
        }
        return (home, store)
    }

    private func run(_ arguments: [String], _ home: TemporaryDirectory, _ store: String) throws -> OnePoolBinary.Result
    {
        try OnePoolBinary.run(
            arguments + ["--store", store], home: home.path, extra: ["ONEPOOL_NOW": "2026-03-21T09:00:00Z"])
    }

    @Test func reorderRanksRecommendationsAndExplainsThem() throws {
        let (home, store) = try storeWithSales()
        // 70 − 60 sold = 10 available; 3 a day over 3 + 7 days: below the reorder point.
        let table = try run(["reorder"], home, store)
        #expect(table.status == 0, "\(table.stderr)")
        let rows = table.stdout.split(separator: "\n")
        #expect(rows.first?.contains("MONEY_AT_RISK") == true)
        #expect(rows.dropFirst().first?.hasPrefix("MUG") == true, "\(table.stdout)")
        let json = try run(["reorder", "--format", "json", "--all"], home, store)
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let mug = try #require(objects.first { $0["sku"] as? String == "MUG" })
        let order = try #require(mug["order"] as? Int)
        #expect(order > 0 && order % 6 == 0)
        #expect(mug["position"] as? Int == 10)
        let lamp = try #require(objects.first { $0["sku"] as? String == "NEW" })
        #expect(lamp["order"] as? Int == 1)  // no history: one minimum order when nothing is in stock
        #expect((lamp["method"] as? String)?.hasPrefix("fallback") == true)

        let explained = try run(["reorder", "--explain", "MUG"], home, store)
        #expect(explained.stdout.contains("reorder point s") && explained.stdout.contains("money at risk"))
        #expect(explained.stdout.contains("lead time") && explained.stdout.contains("3 d"))
        let unknown = try run(["reorder", "--supplier", "Nobody"], home, store)
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown supplier 'Nobody'"))
    }

    @Test func forecastShowsHistoryMethodAndChart() throws {
        let (home, store) = try storeWithSales()
        let shown = try run(["forecast", "MUG", "--days", "14"], home, store)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("History: 20 days"), "\(shown.stdout)")
        #expect(shown.stdout.contains("60 units"))
        #expect(shown.stdout.contains("Method: "))
        #expect(shown.stdout.contains("█"))
        let fresh = try run(["forecast", "NEW"], home, store)
        #expect(fresh.status == 0 && fresh.stdout.contains("Method: none"), "\(fresh.stdout)\(fresh.stderr)")
        let missing = try run(["forecast", "NOPE"], home, store)
        #expect(missing.status != 0 && missing.stderr.contains("unknown SKU 'NOPE'"))
        // `evaluate` is still a subcommand of the group.
        let help = try run(["forecast", "evaluate", "--help"], home, store)
        #expect(help.stdout.contains("--horizon"))
    }
}
