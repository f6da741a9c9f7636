import Foundation
import OnePoolCore
import OnePoolTestSupport
import Testing

/// `forecast evaluate` and `simulate --data` on real demand kept in Fixtures/: 300 carparts series
/// (monthly) and 6 pasta series (daily, 2016-09 → 2018) with their promotion days from 2016-09
/// (pasta_6_promo_days.csv), copies of ../shared/data's files.
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

    /// 25 daily series, 2016-01-04 … 2017-12-31, all selling nothing on both Christmases.
    private func closedChristmasFile(in directory: TemporaryDirectory) throws -> String {
        var text = "series_id,date,demand\n"
        let start = CivilDate(year: 2016, month: 1, day: 4).dayNumber
        let end = CivilDate(year: 2018, month: 1, day: 1).dayNumber
        for series in 0..<25 {
            for day in start..<end {
                let date = CivilDate(dayNumber: day)
                let demand = date.month == 12 && date.day == 25 ? 0 : (series + day) % 3 + 1
                text += "S\(series),\(date),\(demand)\n"
            }
        }
        let path = directory.child("christmas.csv")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func dailySetsInferClosedDaysUnlessToldOrSwitchedOff() throws {
        let directory = TemporaryDirectory("onepool-evaluate")
        let data = try closedChristmasFile(in: directory)
        let base = ["forecast", "evaluate", "--data", data, "--horizon", "28", "--season", "7"]
        let inferred = try json(base)
        let closed = try #require(inferred["closed_days"] as? [String: Any])
        #expect(closed["source"] as? String == "inferred")
        #expect(closed["inferred"] as? [String] == ["2016-12-25"])
        #expect(closed["zero_ahead"] as? [String] == ["2017-12-25"])
        let off = try json(base + ["--no-inferred-closed"])
        #expect((off["closed_days"] as? [String: Any])?["source"] as? String == "none")
        let rmsseInferred = try #require(inferred["rmsse"] as? Double)
        let rmsseOff = try #require(off["rmsse"] as? Double)
        #expect(rmsseInferred < rmsseOff, "RMSSE \(rmsseOff) → \(rmsseInferred)")
        // A closed-days file wins: here it names no day of the data, so nothing is zeroed.
        let file = directory.child("closed.txt")
        try "2015-06-01\n".write(toFile: file, atomically: true, encoding: .utf8)
        let told = try json(base + ["--closed", file])
        #expect((told["closed_days"] as? [String: Any])?["source"] as? String == "file")
        #expect(told["rmsse"] as? Double == rmsseOff)
        // The table says how many days were inferred closed.
        let home = TemporaryDirectory("onepool-evaluate")
        let table = try OnePoolBinary.succeed(base, home: home.path)
        #expect(table.contains("days inferred closed before the newest origin") && table.contains("2017-12-25"))
    }

    @Test func smallSetsAndMonthlyFilesInferNoClosedDays() throws {
        // Six pasta series are too few to tell a closed store from six quiet series.
        let pasta = [
            "forecast", "evaluate", "--data", "\(Self.fixtures)/pasta_6.csv", "--horizon", "28", "--season", "7",
        ]
        let inferred = try json(pasta)
        let off = try json(pasta + ["--no-inferred-closed"])
        let closed = try #require(inferred["closed_days"] as? [String: Any])
        #expect(closed["source"] as? String == "inferred" && (closed["inferred"] as? [String])?.isEmpty == true)
        #expect(inferred["rmsse"] as? Double == off["rmsse"] as? Double)
        let monthly = try json([
            "forecast", "evaluate", "--data", "\(Self.fixtures)/carparts_300.csv", "--horizon", "6", "--half", "A",
        ])
        #expect((monthly["closed_days"] as? [String: Any])?["source"] as? String == "none")
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

    @Test func promotionsModelledAsALiftBeatSettingThemAside() throws {
        let base = [
            "forecast", "evaluate", "--data", "\(Self.fixtures)/pasta_6.csv", "--horizon", "28", "--season", "7",
            "--origins", "2", "--promotions", "\(Self.fixtures)/pasta_6_promo_days.csv",
        ]
        let lift = try json(base)
        let censor = try json(base + ["--promotion-days", "censor"])
        let liftBias = try #require(lift["bias"] as? Double)
        let censorBias = try #require(censor["bias"] as? Double)
        // Set aside, the promotion days ahead are forecast at baseline: far too low.
        #expect(censorBias < -0.2 && abs(liftBias) < abs(censorBias), "bias lift \(liftBias), censor \(censorBias)")
        let liftError = try #require(lift["tot_err"] as? Double)
        let censorError = try #require(censor["tot_err"] as? Double)
        #expect(liftError < censorError, "totErr lift \(liftError), censor \(censorError)")
    }

    @Test func simulateTakesPromotionsWithADemandFileOnly() throws {
        let home = TemporaryDirectory("onepool-simulate")
        let promotions = "\(Self.fixtures)/pasta_6_promo_days.csv"
        let result = try OnePoolBinary.run(
            [
                "simulate", "--data", "\(Self.fixtures)/pasta_6.csv", "--days", "182", "--promotions", promotions,
                "--format", "csv",
            ], home: home.path)
        #expect(result.status == 0, "\(result.stderr)")
        let service = try #require(Double(result.stdout.split(separator: "\n")[1].split(separator: ",")[2]))
        #expect(service > 0.85 && service <= 1, "forecast policy cycle service \(service)")
        let refused = try OnePoolBinary.run(["simulate", "--promotions", promotions], home: home.path)
        #expect(refused.status == 1 && refused.stderr.contains("without --data"), "\(refused.stderr)")
    }
}
