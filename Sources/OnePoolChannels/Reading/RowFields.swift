import Foundation
import OnePoolCore

/// Reads the fields of one row by column name and collects what is wrong with them, so a file
/// is judged whole: every bad cell is reported, not just the first. The row is either one of a
/// table read whole (`DelimitedFile`) or one streamed by `DelimitedRows` (valid only while it is
/// handed over: a `RowFields` of a streamed row must not outlive that).
struct RowFields {
    /// The file's name, header and conventions (its rows are empty when the file is streamed).
    let file: DelimitedFile
    private let stored: [String]?
    private let streamed: DelimitedRow?
    let line: Int
    var problems: [ImportProblem] = []

    init(_ file: DelimitedFile, row index: Int) {
        self.file = file
        self.stored = file.rows[index]
        self.streamed = nil
        self.line = file.lines[index]
    }

    init(_ file: DelimitedFile, streamed row: DelimitedRow) {
        self.file = file
        self.stored = nil
        self.streamed = row
        self.line = row.line
    }

    /// The row's cells as text (for a rejects file).
    var cells: [String] { stored ?? streamed?.strings() ?? [] }

    /// The cell of `column` (trimmed), "" when the row is shorter than the header.
    func text(_ column: Int?) -> String {
        guard let column else { return "" }
        if let streamed {
            let bytes = streamed.bytes(column)
            guard let first = bytes.first, let last = bytes.last else { return "" }
            let cell = String(decoding: bytes, as: UTF8.self)
            if first > 32, first < 127, last > 32, last < 127 { return cell }
            return cell.trimmingCharacters(in: .whitespaces)
        }
        guard let row = stored, column < row.count else { return "" }
        let cell = row[column]
        // Nothing to trim when both ends are printable ASCII (no space or tab): skips Foundation's
        // trimmingCharacters, which bridges every cell through UTF-16 (a fifth of a large import).
        if let first = cell.utf8.first, let last = cell.utf8.last, first > 32, first < 127, last > 32, last < 127 {
            return cell
        }
        return cell.trimmingCharacters(in: .whitespaces)
    }

    /// The bytes of a streamed row's cell when they need no trimming (non-empty, printable ASCII
    /// at both ends): numbers, amounts and times are then read from the file's own bytes, with
    /// no `String` made; nil sends the caller the way of `text` (a table's row, spaces, other
    /// text), which reads the same cell the same way.
    private func plainBytes(_ column: Int?) -> UnsafeBufferPointer<UInt8>? {
        guard let column, let streamed else { return nil }
        let bytes = streamed.bytes(column)
        guard let first = bytes.first, let last = bytes.last, first > 32, first < 127, last > 32, last < 127 else {
            return nil
        }
        return bytes
    }

    /// Plain decimal digits (at most 18, so no overflow) as a number; nil for anything else,
    /// which `Int(text)` then judges (a sign, too many digits, not a number).
    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count <= 18 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    /// The cents of an amount written the plainest way — one to three digits without a leading
    /// zero (or a lone 0), a point, two digits: "24.99", "0.50" — which `Money.read` reads the
    /// same (no sign, grouping or bound can come into it: at most 999.99); nil for anything
    /// else, which `Money.read` then judges. Nearly every price of an export is written so, and
    /// the general scanner cost ~300 instructions a cell.
    static func plainCents(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        let count = bytes.count
        guard count >= 4, count <= 6, bytes[count - 3] == 46 else { return nil }
        var value: Int64 = 0
        for index in 0..<count where index != count - 3 {
            let digit = bytes[index] &- 48
            guard digit <= 9 else { return nil }
            value = value * 10 + Int64(digit)
        }
        // "0.50" but not "05.00": a leading zero only as the whole integer part.
        if bytes[0] == 48, count != 4 { return nil }
        return value
    }

    /// Whether the cell of `column` is empty (or only spaces), without making its text.
    func isEmpty(_ column: Int?) -> Bool {
        guard let column else { return true }
        if let streamed {
            let bytes = streamed.bytes(column)
            if let first = bytes.first, first > 32, first < 127 { return false }
        }
        return text(column).isEmpty
    }

    /// Whether the cell of `column` is exactly `word` (after trimming), without making its text
    /// when the row is streamed and its bytes plainly differ.
    func cell(_ column: Int?, is word: StaticString) -> Bool {
        guard let column else { return word.utf8CodeUnitCount == 0 }
        if let streamed {
            let bytes = streamed.bytes(column)
            if Self.same(bytes, UnsafeRawPointer(word.utf8Start), word.utf8CodeUnitCount) { return true }
            if let first = bytes.first, let last = bytes.last, first > 32, first < 127, last > 32, last < 127 {
                return false
            }
        }
        return text(column) == word.description
    }

    /// Whether a streamed row's cell of `column` is exactly `text`, byte for byte, with nothing to
    /// trim (printable ASCII at both ends): then its text is `text` and need not be made. False
    /// says nothing (a table's row, spaces, other text): the caller reads the cell with `text`.
    func cell(_ column: Int?, isPlainly text: String) -> Bool {
        guard let bytes = plainBytes(column) else { return false }
        var text = text
        return text.withUTF8 { Self.same(bytes, UnsafeRawPointer($0.baseAddress), $0.count) }
    }

    /// Whether `bytes` are the `count` bytes at `other` (compared by `memcmp`: the generic
    /// `elementsEqual` went element by element, 1.7% of a large import).
    private static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ other: UnsafeRawPointer?, _ count: Int) -> Bool {
        guard bytes.count == count else { return false }
        guard count > 0, let start = bytes.baseAddress, let other else { return true }
        return memcmp(start, other, count) == 0
    }

    mutating func problem(_ column: Int?, _ message: String) {
        let name = column.map { "\(file.header[$0].trimmingCharacters(in: .whitespaces)): " } ?? ""
        problems.append(
            ImportProblem(file: file.file, line: line, column: column.map { $0 + 1 }, message: name + message))
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

    /// A cell naming a new or existing SKU: its problem (a code a spreadsheet would run, a
    /// space, more than 64 bytes) is reported here, with its column, as the store would refuse it.
    mutating func skuCode(_ column: Int?) -> String? {
        guard let code = required(column, "a SKU code") else { return nil }
        guard SKU.isValidCode(code) else {
            problem(column, Refusal.invalidCode(code).description)
            return nil
        }
        return code
    }

    /// A whole number of units, `minimum` to `Bounds.eventUnits` (a barcode pasted into a
    /// quantity is refused here, with the range, rather than reaching the store).
    mutating func quantity(_ column: Int?, minimum: Int = 1) -> Int? {
        whole(column, in: minimum...Bounds.eventUnits, what: "a whole number of units", unit: " units")
    }

    /// A whole number in `range`; the problem names the range ("expected 1–10000000 units").
    mutating func whole(_ column: Int?, in range: ClosedRange<Int>, what: String, unit: String = "") -> Int? {
        if let bytes = plainBytes(column), let number = Self.digits(bytes), range.contains(number) { return number }
        let value = text(column)
        let bounds =
            range.lowerBound < 0
            ? "\(range.lowerBound) to \(range.upperBound)\(unit)" : "\(range.lowerBound)–\(range.upperBound)\(unit)"
        guard let number = Int(value) else {
            let digits = value.drop { $0 == "-" || $0 == "+" }
            let isNumber = !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
            problem(
                column,
                isNumber ? "expected \(bounds), found \(value)" : "expected \(what) (\(bounds)), found '\(value)'")
            return nil
        }
        guard range.contains(number) else {
            problem(column, "expected \(bounds), found \(number)")
            return nil
        }
        return number
    }

    /// A unit amount ("12.99", "1,299.00", or "12,99" in a file declared to use decimal
    /// commas), 0 to `Bounds.unitCents`. Nil when the cell is empty (no problem) or does not read
    /// as an amount (a problem recorded: callers check `problems` before using the row).
    mutating func money(_ column: Int?) -> Money? {
        do {
            if let bytes = plainBytes(column) {
                if !file.decimalComma, let cents = Self.plainCents(bytes) { return Money(cents: cents) }
                return try Money.read(utf8: bytes, decimalComma: file.decimalComma)
            }
            let value = text(column)
            if value.isEmpty { return nil }
            return try Money.read(value, decimalComma: file.decimalComma)
        } catch {
            var hint = ""
            if case .otherDecimalSeparator = error.kind,
                !file.decimalComma
            {
                hint = " (or declare the file's decimal commas)"
            }
            problem(column, error.description + hint)
            return nil
        }
    }

    /// A moment ("2024-05-01 10:00:03 -0400", "2024-05-01T15:02:11+00:00", "2024-05-01"). Nil
    /// when the cell is empty (no problem) or does not read as a moment (a problem recorded).
    mutating func time(_ column: Int?) -> Timestamp? {
        if let bytes = plainBytes(column), let time = TimeText.parse(utf8: bytes) { return time }
        let value = text(column)
        if value.isEmpty { return nil }
        guard let time = TimeText.parse(value) else {
            problem(
                column,
                "expected a date and time like 2024-05-01 10:00:03 -0400 or 2024-05-01T15:02:11Z, found '\(value)'")
            return nil
        }
        return time
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
                missing.append(
                    ImportProblem(
                        file: file, line: 1,
                        message: "missing column '\(name)' (the header has: \(header.joined(separator: ", ")))"))
            }
        }
        if !missing.isEmpty { throw ImportFailure(missing) }
        return found
    }
}
