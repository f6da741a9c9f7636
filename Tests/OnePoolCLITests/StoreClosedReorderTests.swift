import Foundation
import OnePoolConsole
import OnePoolStore
import OnePoolTestSupport
import Testing

@testable import OnePoolConsoleRuntime
@testable import OnePoolCore

/// `reorder --explain` and `forecast SKU` on a store whose order history has one day with no
/// orders at all: the day is inferred store-closed (`InferredClosedDays`) and censored, as
/// `forecast evaluate` censors it in a file.
@Suite struct StoreClosedReorderTests {
    static let now = ["ONEPOOL_NOW": "2026-11-27T08:00:00Z"]
    static let first = CivilDate(year: 2026, month: 9, day: 28).dayNumber
    static let closed = CivilDate(year: 2026, month: 11, day: 10).dayNumber

    /// 25 SKUs, each selling 3 a day from 2026-09-28 to yesterday (2026-11-26) but none on
    /// 2026-11-10; `skus` fewer than 20 infer nothing.
    private func store(skus: Int = 25) throws -> (TemporaryDirectory, String) {
        let home = TemporaryDirectory("onepool-closed")
        let store = home.child("store")
        func run(_ arguments: [String]) throws {
            let result = try OnePoolBinary.run(arguments + ["--store", store], home: home.path, extra: Self.now)
            guard result.status == 0 else {
                throw OnePoolBinary.Failure(
                    description: "onepool \(arguments.joined(separator: " ")): \(result.stderr)")
            }
        }
        try run(["init", "--time-zone", "UTC"])
        try run(["channel", "add", "till"])
        var catalogue = "sku,title,barcode,cost,price,on_hand\n"
        for sku in 0..<skus { catalogue += "S\(sku),Item \(sku),,2.00,5.00,1000\n" }
        let catalogueFile = home.child("catalogue.csv")
        try catalogue.write(toFile: catalogueFile, atomically: true, encoding: .utf8)
        try run(["import", catalogueFile, "--as-of", "2026-09-01T00:00:00Z"])
        var rows = "channel,order_id,line,sku,qty,unit_price,placed_at,status\n"
        for day in Self.first..<(Self.first + 60) where day != Self.closed {
            for sku in 0..<skus {
                rows += "till,T\(day)-\(sku),1,S\(sku),3,5.00,\(CivilDate(dayNumber: day))T12:00:00Z,shipped\n"
            }
        }
        let orders = home.child("orders.csv")
        try rows.write(toFile: orders, atomically: true, encoding: .utf8)
        try run(["import", orders, "--channel", "till"])
        return (home, store)
    }

    /// The standard output of a read at `now`, which must succeed.
    private func read(_ arguments: [String], _ home: TemporaryDirectory, _ store: String) throws -> String {
        try OnePoolBinary.succeed(arguments + ["--store", store], home: home.path, extra: Self.now)
    }

    @Test func reorderExplainCensorsTheDayWithNoOrders() throws {
        let (home, store) = try store()
        func run(_ arguments: [String]) throws -> String { try read(arguments, home, store) }
        let text = try run(["reorder", "--explain", "S3"])
        #expect(text.contains("store closed"), "\(text)")
        #expect(text.contains("1 d") && text.contains("(inferred)"))
        #expect(text.contains("0 censored (out of stock)"))
        let json = try run(["reorder", "--explain", "S3", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let inputs = try #require(object["inputs"] as? [[String: Any]])
        let closedRow = try #require(inputs.first { $0["name"] as? String == "store closed" })
        #expect(closedRow["value"] as? String == "1 d")
        // `forecast SKU` reads the same history: the day is censored in its chart too.
        let forecast = try run(["forecast", "S3", "--days", "30", "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(forecast.utf8)) as? [String: Any])
        #expect(report["store_closed_days"] as? Int == 1)
        #expect(report["censored_days"] as? Int == 1)
        let days = try #require(report["days"] as? [[String: Any]])
        let censored = days.filter { $0["censored"] as? Bool == true }.compactMap { $0["date"] as? String }
        #expect(censored == ["\(CivilDate(dayNumber: Self.closed))"])
        // `simulate` from the store censors it too and says so.
        let simulated = try run(["simulate", "--days", "28"])
        let said = "Closed days: 1 inferred from the store's history (the whole store sold nothing), 1 in the replay."
        #expect(simulated.contains(said), "\(simulated)")
        let shown = try run(["forecast", "S3"])
        #expect(shown.contains("0 day(s) out of stock and 1 store closed (inferred), censored"), "\(shown)")
    }

    @Test func aSmallStoreInfersNothing() throws {
        let (home, store) = try store(skus: 19)
        let text = try read(["reorder", "--explain", "S3"], home, store)
        #expect(!text.contains("store closed"), "\(text)")
        #expect(text.contains("0 censored (out of stock)"))
    }

    /// The console's loader censors the day as the CLI's reading does: its forecast of S3 is the
    /// one made from the history with the inferred day censored, not the one without.
    @Test func theConsolesForecastCensorsTheDayToo() throws {
        let (home, path) = try store()
        defer { withExtendedLifetime(home) {} }  // the directory goes with it
        let store = try Store.open(at: path)
        let state = store.state
        let today = CivilDate(year: 2026, month: 11, day: 27).dayNumber
        var plain = ReplenishmentHistory(utcOffsetSeconds: 0)
        try store.forEachEvent { plain.record($0) }
        var censored = plain
        censored.inferClosedDays(through: today - 1)
        #expect(censored.closedDays == [Self.closed])
        let pool = try #require(state.pools[SKUCode("S3")])
        func recommendation(_ history: ReplenishmentHistory) -> Recommendation {
            let planner = ReplenishmentPlanner().calibrated(state: state, history: history, today: today)
            return planner.recommend(pool, state: state, history: history, today: today)
        }
        let expected = recommendation(censored)
        #expect(expected.dailyForecast != recommendation(plain).dailyForecast, "the censored day moves the forecast")
        let loader = BackgroundLoader()
        loader.start(
            storePath: path, state: state, now: Timestamp(secondsSince1970: Int64(today) * 86_400 + 8 * 3_600),
            today: today, utcOffsetSeconds: 0, keepEvents: 10)
        defer { loader.stop() }
        var summaries: [SKUCode: ForecastSummary]? = nil
        let deadline = Date().addingTimeInterval(120)
        while summaries == nil, Date() < deadline {
            for report in loader.take() {
                if case .forecasts(let computed, _, _) = report { summaries = computed }
                if case .failed(let why) = report { Issue.record("the loader failed: \(why)") }
            }
            if summaries == nil { Thread.sleep(forTimeInterval: 0.05) }
        }
        let shown = try #require(summaries?[SKUCode("S3")])
        #expect(shown.dailyForecast == expected.dailyForecast)
        #expect(shown.reorderPoint == expected.reorderPoint)
    }
}
