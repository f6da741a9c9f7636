import Foundation
import OnePoolCore

/// Reads the fields of one row by column name and collects what is wrong with them, so a file
/// is judged whole: every bad cell is reported, not just the first.
struct RowFields {
    let file: DelimitedFile
    let index: Int
    var problems: [ImportProblem] = []

    init(_ file: DelimitedFile, row index: Int) {
        self.file = file
        self.index = index
    }

    var line: Int { file.lines[index] }

    /// The cell of `column` (trimmed), "" when the row is shorter than the header.
    func text(_ column: Int?) -> String {
        guard let column else { return "" }
        let row = file.rows[index]
        guard column < row.count else { return "" }
        let cell = row[column]
        // Nothing to trim when both ends are printable ASCII (no space or tab): skips Foundation's
        // trimmingCharacters, which bridges every cell through UTF-16 (a fifth of a large import).
        if let first = cell.utf8.first, let last = cell.utf8.last, first > 32, first < 127, last > 32, last < 127 { return cell }
        return cell.trimmingCharacters(in: .whitespaces)
    }

    mutating func problem(_ column: Int?, _ message: String) {
        let name = column.map { "\(file.header[$0].trimmingCharacters(in: .whitespaces)): " } ?? ""
        problems.append(ImportProblem(file: file.file, line: line, column: column.map { $0 + 1 }, message: name + message))
    }

    /// A required non-empty cell.
    mutating func required(_ column: Int?, _ what: String) -> String? {
        let value = text(column)
        if value.isEmpty {
            problem(column, "expected \(what), found an empty cell")
            return nil
        }
        return value
    }

    /// A whole number of units, at least `minimum`.
    mutating func quantity(_ column: Int?, minimum: Int = 1) -> Int? {
        let value = text(column)
        guard let number = Int(value) else {
            problem(column, "expected a whole number of units, found '\(value)'")
            return nil
        }
        guard number >= minimum else {
            problem(column, "expected a quantity of \(minimum) or more, found \(number)")
            return nil
        }
        guard number <= StockState.absurdQuantity else {
            problem(column, "expected at most \(StockState.absurdQuantity) units, found \(number)")
            return nil
        }
        return number
    }

    /// An amount of money ("12.99", "5500"); empty gives nil without a problem.
    mutating func money(_ column: Int?) -> Money?? {
        let value = text(column)
        if value.isEmpty { return .some(nil) }
        guard let money = Money.parse(value), money.cents >= 0 else {
            problem(column, "expected an amount like 12.99, found '\(value)'")
            return nil
        }
        return .some(money)
    }

    /// A moment ("2024-05-01 10:00:03 -0400", "2024-05-01T15:02:11+00:00", "2024-05-01");
    /// empty gives nil without a problem.
    mutating func time(_ column: Int?) -> Timestamp?? {
        let value = text(column)
        if value.isEmpty { return .some(nil) }
        guard let time = TimeText.parse(value) else {
            problem(column, "expected a date and time like 2024-05-01 10:00:03 -0400 or 2024-05-01T15:02:11Z, found '\(value)'")
            return nil
        }
        return .some(time)
    }
}

extension DelimitedFile {
    /// Columns that must be present, by name: a problem on line 1 for each one missing.
    func requireColumns(_ names: [String]) throws(ImportFailure) -> [String: Int] {
        var found: [String: Int] = [:]
        var missing: [ImportProblem] = []
        for name in names {
            if let index = column(name) {
                found[name] = index
            } else {
                missing.append(ImportProblem(file: file, line: 1, message: "missing column '\(name)' (the header has: \(header.joined(separator: ", ")))"))
            }
        }
        if !missing.isEmpty { throw ImportFailure(missing) }
        return found
    }
}
