import Foundation
import OnePoolTestSupport
import Testing

/// `forecast evaluate` and `simulate --data` on real demand kept in Fixtures/: 300 carparts series
/// (monthly) and 6 pasta series (daily, 2016-09 → 2018), copies of ../shared/data's files.
@Suite struct ForecastDataCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        .path

    private func json(_ arguments: [String]) throws -> [String: Any] {
        let home = TemporaryDirectory("onepool-evaluate")
        let result = try OnePoolBinary.run(arguments + ["--format", "json"], home: home.path)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func evaluateCountsCoverageOverOriginsAndClasses() throws {
        let report = try json([
            "forecast", "evaluate", "--data", "\(Self.fixtures)/carparts_300.csv", "--horizon", "6", "--origins", "3",
        ])
        #expect(report["judged"] as? Int == 259)  // 41 of the 300 have a missing month
        let coverage = try #require(report["coverage95_all_origins"] as? Double)
        #expect(coverage > 0.88 && coverage < 0.99, "coverage \(coverage)")
        let byOrigin = try #require(report["coverage95_by_origin"] as? [Double])
        #expect(byOrigin.count == 3)
        let classes = try #require(report["coverage95_by_class"] as? [String: Any])
        #expect(
            Set(classes.keys).isSubset(of: ["smooth", "erratic", "intermittent", "lumpy"])
                && classes["intermittent"] != nil)
        let rmsse = try #require(report["rmsse"] as? Double)
        let totalError = try #require(report["tot_err"] as? Double)
        #expect(rmsse > 0.15 && rmsse < 0.6, "RMSSE \(rmsse)")
        #expect(totalError > 0.5 && totalError < 3, "totErr \(totalError)")  // small totals in these 300
    }

    @Test func theValidationHalvesSplitTheSeries() throws {
        let a = try json([
            "forecast", "evaluate", "--data", "\(Self.fixtures)/carparts_300.csv", "--horizon", "6", "--half", "A",
        ])
        let b = try json([
            "forecast", "evaluate", "--data", "\(Self.fixtures)/carparts_300.csv", "--horizon", "6", "--half", "B",
        ])
        let judgedA = try #require(a["judged"] as? Int)
        let judgedB = try #require(b["judged"] as? Int)
        #expect(judgedA + judgedB == 259 && judgedA > 100 && judgedB > 100)
    }

    @Test func closedDaysAreForecastZeroAheadAndRangesAreChecked() throws {
        let plain = try json([
            "forecast", "evaluate", "--data", "\(Self.fixtures)/pasta_6.csv", "--horizon", "28", "--season", "7",
        ])
        let closed = try json([
            "forecast", "evaluate", "--data", "\(Self.fixtures)/pasta_6.csv", "--horizon", "28", "--season", "7",
            "--closed", "\(Self.fixtures)/pasta_closed_days.txt",
        ])
        // The last 28 days of 2018 hold three closed days (8, 25 and 26 December): forecasting
        // zero there must lower the error.
        let before = try #require(plain["rmsse"] as? Double)
        let after = try #require(closed["rmsse"] as? Double)
        #expect(after < before)
        let home = TemporaryDirectory("onepool-evaluate")
        let bad = try OnePoolBinary.run(
            ["forecast", "evaluate", "--data", "\(Self.fixtures)/pasta_6.csv", "--horizon", "28", "--origins", "0"],
            home: home.path)
        #expect(bad.status == 64 && bad.stderr.contains("expected 1–52 origins"))
    }

    @Test func simulateReplaysADemandFileAgainstMinMaxAtEqualService() throws {
        let home = TemporaryDirectory("onepool-simulate")
        let result = try OnePoolBinary.run(
            ["simulate", "--data", "\(Self.fixtures)/pasta_6.csv", "--days", "182", "--format", "csv"], home: home.path)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = result.stdout.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(rows.count == 4)
        #expect(rows[1][0] == "forecast" && rows[3][0].contains("equal service"))
        let service = try #require(Double(rows[1][2]))
        #expect(service > 0.85 && service <= 1, "forecast policy cycle service \(service)")
        // min/max tuned to the same service reaches at least it.
        #expect(try #require(Double(rows[3][2])) >= service)
    }
}
