import Foundation
import OnePoolCore
import OnePoolTestSupport
import Testing

/// `simulate --data` reads store-closed days by the rule `forecast evaluate` uses
/// (`StoreClosedDays`): inferred on daily sets by default, `--closed FILE` wins,
/// `--no-inferred-closed` switches the inference off.
@Suite struct SimulateClosedDaysTests {
    static let start = CivilDate(year: 2017, month: 1, day: 2)  // a Monday; 252 days to 2017-09-10
    /// Two closed days before the replay of the last 56 days, one inside it.
    static let closedDates = [
        CivilDate(year: 2017, month: 4, day: 17), CivilDate(year: 2017, month: 6, day: 5),
        CivilDate(year: 2017, month: 8, day: 15),
    ]
    static let closed = closedDates.map(\.description)

    /// `count` daily series, 1–4 units most days, none at all on the closed days.
    private func demandFile(series count: Int, in directory: TemporaryDirectory) throws -> String {
        let closedDays = Set(Self.closedDates.map(\.dayNumber))
        var text = "series_id,date,demand\n"
        for series in 0..<count {
            for offset in 0..<252 {
                let day = Self.start.dayNumber + offset
                let demand = closedDays.contains(day) ? 0 : (series * 7 + offset * 13 + (series * offset) % 11) % 5
                text += "S\(series),\(CivilDate(dayNumber: day)),\(demand)\n"
            }
        }
        let path = directory.child("set\(count).csv")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func json(_ arguments: [String]) throws -> [String: Any] {
        let home = TemporaryDirectory("onepool-simulate")
        let result = try OnePoolBinary.run(
            ["simulate", "--days", "56"] + arguments + ["--format", "json"], home: home.path)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    private func closedDays(_ report: [String: Any]) -> [String: Any] {
        report["closed_days"] as? [String: Any] ?? [:]
    }

    /// The policies' figures, to compare runs.
    private func policies(_ report: [String: Any]) -> String {
        (report["policies"] as? [[String: Any]] ?? []).map { row in
            row.keys.sorted().map { "\($0)=\(row[$0] ?? "")" }.joined(separator: " ")
        }.joined(separator: "\n")
    }

    @Test func aDaySoldNothingByTheWholeSetIsInferredClosed() throws {
        let directory = TemporaryDirectory("onepool-simulate")
        let data = try demandFile(series: 25, in: directory)
        let inferred = try json(["--data", data])
        #expect(closedDays(inferred)["source"] as? String == "inferred")
        #expect(closedDays(inferred)["dates"] as? [String] == Self.closed)
        #expect(closedDays(inferred)["days"] as? Int == 3 && closedDays(inferred)["in_replay"] as? Int == 1)
        // Inferred days are read exactly as the same days listed in a file.
        let list = directory.child("closed.txt")
        try (Self.closed.joined(separator: "\n") + "\n").write(toFile: list, atomically: true, encoding: .utf8)
        let listed = try json(["--data", data, "--closed", list])
        #expect(closedDays(listed)["source"] as? String == "file")
        #expect(policies(listed) == policies(inferred))
        // Switched off, nothing is censored: the replay before this change.
        let off = try json(["--data", data, "--no-inferred-closed"])
        #expect(closedDays(off)["source"] as? String == "none" && closedDays(off)["days"] as? Int == 0)
        #expect(policies(off) != policies(inferred))
        // A file wins even when it names no day of the data: then nothing is censored either.
        let elsewhere = directory.child("elsewhere.txt")
        try "2015-06-01\n".write(toFile: elsewhere, atomically: true, encoding: .utf8)
        let told = try json(["--data", data, "--closed", elsewhere])
        #expect(closedDays(told)["source"] as? String == "file" && closedDays(told)["days"] as? Int == 0)
        #expect(policies(told) == policies(off))
        // The table says so too.
        let home = TemporaryDirectory("onepool-simulate")
        let table = try OnePoolBinary.succeed(["simulate", "--days", "56", "--data", data], home: home.path)
        #expect(table.contains("Closed days: 3 inferred from the data"), "\(table)")
        #expect(table.contains("1 in the replay"))
    }

    @Test func aSetOfFewerThanTwentySeriesInfersNothing() throws {
        let directory = TemporaryDirectory("onepool-simulate")
        let data = try demandFile(series: 19, in: directory)
        let inferred = try json(["--data", data])
        #expect(closedDays(inferred)["source"] as? String == "inferred")
        #expect(closedDays(inferred)["days"] as? Int == 0 && closedDays(inferred)["dates"] as? [String] == [])
        #expect(policies(inferred) == policies(try json(["--data", data, "--no-inferred-closed"])))
    }

    @Test func theStoreReplayTakesNoClosedDayOptions() throws {
        let home = TemporaryDirectory("onepool-simulate")
        let refused = try OnePoolBinary.run(["simulate", "--no-inferred-closed"], home: home.path)
        #expect(refused.status == 1 && refused.stderr.contains("without --data"), "\(refused.stderr)")
    }
}
