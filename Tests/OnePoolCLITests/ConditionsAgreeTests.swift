import Foundation
import OnePoolConsole
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport
import Testing

/// One rule, one place (issue 13): a store with a SKU in each condition — fine, out of stock,
/// into safety, oversold — a channel over-exposed and a channel starved, read by `stock`,
/// `allocation`, `briefing --format json`, the console's rows and alerts and its channel board.
/// Every front end must name the same SKUs and listings, because each calls Core's definition.
@Suite struct ConditionsAgreeTests {
    private struct Fixture {
        let home: TemporaryDirectory
        let store: String

        func run(_ arguments: [String]) throws -> String {
            let result = try OnePoolBinary.run(arguments + ["--store", store], home: home.path)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return result.stdout
        }

        func json(_ arguments: [String]) throws -> [[String: Any]] {
            let text = try run(arguments + ["--format", "json"])
            return try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        }
    }

    private func fixture() throws -> Fixture {
        let home = TemporaryDirectory("onepool-conditions")
        let fixture = Fixture(home: home, store: home.child("store"))
        _ = try fixture.run(["init"])
        _ = try fixture.run(["channel", "add", "shopify"])
        _ = try fixture.run(["channel", "add", "amazon"])
        for code in ["MUG", "CUP", "BOWL", "PLATE"] {
            _ = try fixture.run(["sku", "add", code, "--title", code, "--price", "10.00"])
        }
        _ = try fixture.run(["receive", "MUG", "50"])
        _ = try fixture.run(["receive", "BOWL", "10"])
        _ = try fixture.run(["safety", "BOWL", "2"])
        _ = try fixture.run(["receive", "PLATE", "3"])
        _ = try fixture.run(["publish", "--channel", "shopify", "--record", "--out", home.child("shopify.txt")])
        _ = try fixture.run(["sell", "--channel", "shopify", "--order", "1", "BOWL", "9"])  // into safety
        _ = try fixture.run(["sell", "--channel", "shopify", "--order", "2", "PLATE", "5"])  // oversold
        _ = try fixture.run(["sell", "--channel", "shopify", "--order", "3", "MUG", "10"])  // over-exposed
        return fixture
    }

    @Test func everyFrontEndNamesTheSameConditions() throws {
        let fixture = try fixture()
        let state = try Store.open(at: fixture.store).state

        // Core's verdicts, the reference every front end must match.
        var expected: [String: StockCondition] = [:]
        for code in state.skuCodes { expected[code.rawValue] = try #require(state.pools[code]).stock.condition }
        #expect(expected == ["MUG": .normal, "CUP": .outOfStock, "BOWL": .belowSafety, "PLATE": .oversold])
        let exposed = Set(state.overExposed().map(\.key))
        let shopify = { ListingKey(channel: "shopify", listing: $0) }
        #expect(exposed == [shopify("MUG"), shopify("BOWL"), shopify("PLATE")])
        #expect(state.starvations().map { "\($0.channel):\($0.sku)" } == ["amazon:MUG"])

        // `stock`: its status column and its filters.
        let status = Dictionary(
            uniqueKeysWithValues: try fixture.json(["stock"]).map {
                ($0["sku"] as? String ?? "", $0["status"] as? String ?? "")
            })
        #expect(status == ["MUG": "", "CUP": "OUT", "BOWL": "SAFETY", "PLATE": "OVERSOLD"])
        let oversold = try fixture.json(["stock", "--only", "oversold"]).compactMap { $0["sku"] as? String }
        #expect(oversold == ["PLATE"])
        let out = try fixture.json(["stock", "--only", "out"]).compactMap { $0["sku"] as? String }
        #expect(Set(out) == ["CUP", "BOWL", "PLATE"])

        // `allocation`: over-exposed and starved flags.
        var flags: [String: String] = [:]
        for row in try fixture.json(["allocation"]) {
            let flag = row["flag"] as? String ?? ""
            if !flag.isEmpty { flags["\(row["channel"] as? String ?? ""):\(row["sku"] as? String ?? "")"] = flag }
        }
        #expect(
            flags == ["shopify:MUG": "OVER", "shopify:BOWL": "OVER", "shopify:PLATE": "OVER", "amazon:MUG": "STARVED"])

        // `briefing`: oversold names PLATE only (BOWL is into safety), exposure and starvation.
        let briefing = try fixture.run(["briefing", "--format", "json"])
        let report = try #require(JSONSerialization.jsonObject(with: Data(briefing.utf8)) as? [String: Any])
        let items = try #require(report["items"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(items.contains("oversold:PLATE"))
        #expect(!items.contains("oversold:BOWL"))
        #expect(items.contains("over-exposed:shopify"))
        #expect(items.contains("channel-starved:amazon"))

        // The console: row conditions, alerts, the filter and the channel board.
        let data = ConsoleData(storeName: "conditions", state: state, today: 20_000, utcOffsetSeconds: 0)
        for row in data.rows { #expect(row.condition == expected[row.code.rawValue], "\(row.code)") }
        let alerts = StockConditionAlerts().alerts(in: data)
        #expect(
            Dictionary(uniqueKeysWithValues: alerts.map { ($0.sku, $0.kind) })
                == ["CUP": .outOfStock, "BOWL": .belowSafety, "PLATE": .oversold])
        #expect(data.oversoldCount == 1)
        #expect(data.rows.filter(StockFilter.oversold.admits).map(\.code) == ["PLATE"])
        #expect(Set(data.rows.filter(StockFilter.outOfStock.admits).map(\.code)) == ["BOWL", "CUP", "PLATE"])
        #expect(Set(data.channels.overExposures.map(\.key)) == exposed)
        #expect(data.channels.overExposures == state.overExposed())
    }
}
