import CSV
import Foundation
import OnePoolCore

/// A long demand file (`series_id,period|date,demand`, one row per series and period) read into
/// series, with every problem tied to its file and line.
///
/// Malformed files stop with the first problem: a missing column, a row with too few fields, a
/// period or demand that is not what the header promises, a negative demand. Problems that only
/// make one series unusable (an empty demand, a period missing or repeated) mark that series with
/// a reason, so the caller can count it and name its line without dropping it silently.
struct DemandCSV {
    struct Series {
        var id: String
        var values: [Double]
        /// The period of `values[0]` (a day number, a month number or the integer itself).
        var firstPeriod: Int = 0
        /// The line of the series' last row, to point at when the whole series is the problem.
        var lastLine: Int = 0
        /// Why this series cannot be used, with the line that shows it.
        var problem: (reason: String, line: Int, detail: String)?
    }

    var series: [Series]
    /// Periods in a year: 364 for days (52 weeks, so weekdays line up), 12 for months, 0 for plain integers.
    var periodsPerYear = 0

    /// Periods as whole numbers so gaps are a subtraction: days, months or plain integers.
    private enum PeriodKind: String {
        case day = "a date like 2014-01-02"
        case month = "a month like 1998-01"
        case integer = "a whole number 0–1000000000"
    }

    /// A period number's range, when periods are plain integers.
    private static let periodRange = 0...1_000_000_000
    /// One period's demand: at most a SKU's whole range of units.
    static let demandRange = "0–\(Bounds.skuUnits) units"

    init(path: String) throws {
        guard let stream = InputStream(fileAtPath: path), FileManager.default.fileExists(atPath: path) else {
            throw CLIError("\(path): no such file")
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true, trimFields: true)
        } catch {
            throw CLIError("\(path):1: expected a CSV header series_id,period|date,demand (\(error))")
        }
        let header = (reader.headerRow ?? []).map { $0.lowercased() }
        guard let idColumn = header.firstIndex(of: "series_id"),
            let periodColumn = header.firstIndex(of: "period") ?? header.firstIndex(of: "date"),
            let demandColumn = header.firstIndex(of: "demand")
        else {
            throw CLIError(
                "\(path):1: expected columns series_id, period (or date) and demand; found \(header.isEmpty ? "nothing" : header.joined(separator: ","))"
            )
        }
        let needed = max(idColumn, periodColumn, demandColumn) + 1
        var order: [String] = []
        var rows: [String: [(period: Int, demand: Double?, line: Int)]] = [:]
        var kind: PeriodKind?
        var line = 1
        while let row = reader.next() {
            line += 1
            if row.count == 1 && row[0].isEmpty { continue }
            guard row.count >= needed else {
                throw CLIError(
                    "\(path):\(line): expected \(header.count) fields (\(header.joined(separator: ","))), found \(row.count)"
                )
            }
            let id = row[idColumn]
            guard !id.isEmpty else { throw CLIError("\(path):\(line): expected a series_id, found an empty field") }
            let text = row[periodColumn]
            let rowKind = kind ?? Self.kind(of: text)
            guard let rowKind, let period = Self.period(text, as: rowKind) else {
                let expected = kind?.rawValue ?? "a period (2014-01-02, 1998-01 or a whole number)"
                let place = "\(path):\(line):\(periodColumn + 1)"
                throw CLIError("\(place): expected \(expected) in column \(header[periodColumn]), found '\(text)'")
            }
            kind = rowKind
            let demandText = row[demandColumn]
            var demand: Double?
            if !demandText.isEmpty {
                let column = demandColumn + 1
                guard let value = Double(demandText), value.isFinite else {
                    throw CLIError(
                        "\(path):\(line):\(column): expected a number of units in column demand (\(Self.demandRange)), "
                            + "found '\(demandText)'")
                }
                guard value >= 0, value <= Double(Bounds.skuUnits) else {
                    throw CLIError(
                        "\(path):\(line):\(column): expected a demand of \(Self.demandRange), found \(demandText)")
                }
                demand = value
            }
            if rows[id] == nil { order.append(id) }
            rows[id, default: []].append((period, demand, line))
        }
        // CSV.swift reports the end of the stream as `cannotReadFile`; anything else is damage.
        if let error = reader.error, !Self.isEndOfFile(error) {
            throw CLIError("\(path):\(line + 1): expected well-formed CSV (\(error))")
        }
        guard !order.isEmpty else { throw CLIError("\(path):2: expected at least one row of demand after the header") }
        series = order.map { id in Self.assemble(id: id, rows: rows[id] ?? []) }
        switch kind {
        case .day: periodsPerYear = 364
        case .month: periodsPerYear = 12
        default: periodsPerYear = 0
        }
    }

    /// One series in period order, or the first reason it cannot be used.
    private static func assemble(id: String, rows: [(period: Int, demand: Double?, line: Int)]) -> Series {
        let sorted = rows.sorted { $0.period < $1.period }
        var values: [Double] = []
        values.reserveCapacity(sorted.count)
        for (index, row) in sorted.enumerated() {
            if index > 0 {
                let step = row.period - sorted[index - 1].period
                if step == 0 {
                    return Series(
                        id: id, values: [],
                        problem: (
                            "period repeated", row.line,
                            "series \(id) has this period twice (also line \(sorted[index - 1].line))"
                        ))
                }
                if step > 1 {
                    return Series(
                        id: id, values: [],
                        problem: (
                            "gap in periods", row.line,
                            "series \(id) skips \(step - 1) period(s) before this row; expected one row per period, zeros written out"
                        ))
                }
            }
            guard let demand = row.demand else {
                return Series(
                    id: id, values: [],
                    problem: (
                        "missing demand", row.line,
                        "series \(id) has an empty demand; expected a number (write 0 for no sales)"
                    ))
            }
            values.append(demand)
        }
        return Series(
            id: id, values: values, firstPeriod: sorted.first?.period ?? 0, lastLine: rows.map(\.line).max() ?? 0,
            problem: nil)
    }

    private static func isEndOfFile(_ error: Error) -> Bool {
        if case CSVError.cannotReadFile = error { return true }
        return false
    }

    private static func kind(of text: String) -> PeriodKind? {
        for kind in [PeriodKind.day, .month, .integer] where period(text, as: kind) != nil { return kind }
        return nil
    }

    /// A date like 2014-01-02 as its day number (what `firstPeriod` counts for daily files).
    static func dayNumber(_ text: String) -> Int? { period(text, as: .day) }

    private static func period(_ text: String, as kind: PeriodKind) -> Int? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        switch kind {
        case .integer:
            // Periods are subtracted to find gaps: a bounded range keeps that from overflowing.
            guard let value = Int(text), periodRange.contains(value) else { return nil }
            return value
        case .month:
            guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]),
                (1...12).contains(month)
            else { return nil }
            return year * 12 + month - 1
        case .day:
            guard parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]),
                let day = Int(parts[2]),
                (1...12).contains(month), (1...31).contains(day)
            else { return nil }
            let date = CivilDate(year: year, month: month, day: day)
            // 2014-02-30 is not a day: it must come back unchanged from its day number.
            return CivilDate(dayNumber: date.dayNumber) == date ? date.dayNumber : nil
        }
    }
}
