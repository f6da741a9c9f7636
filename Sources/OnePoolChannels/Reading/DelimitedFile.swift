import CSV
import Foundation

/// A delimited text file read into a header and rows, each row with the line it starts on.
///
/// Comma-separated files are read by CSV.swift (RFC 4180 quoting, fields spanning lines).
/// Tab-separated files are read the way Amazon writes its reports: no quoting at all — a `"`
/// in a product name is just a character — so they are split on tabs and newlines.
public struct DelimitedFile: Sendable {
    public enum Delimiter: Sendable {
        case comma, tab
    }

    public let file: String
    public let header: [String]
    public let rows: [[String]]
    /// The 1-based line on which each row starts.
    public let lines: [Int]
    /// Amounts in this file use a decimal comma ("12,99"), as the operator declared
    /// (`onepool import --decimal-comma`); otherwise a decimal point.
    public var decimalComma = false

    /// The column named `name` (exact, after trimming spaces), if present.
    public func column(_ name: String) -> Int? {
        header.firstIndex { $0.trimmingCharacters(in: .whitespaces) == name }
    }

    public static func read(bytes: [UInt8], file: String, delimiter: Delimiter? = nil) throws(ImportFailure) -> DelimitedFile {
        let text = try TextDecoding.decode(bytes, file: file)
        let resolved = delimiter ?? guessDelimiter(text)
        switch resolved {
        case .comma: return try readCSV(text, file: file)
        case .tab: return readTabs(text, file: file)
        }
    }

    /// Tabs in the first line mean a tab-separated file.
    static func guessDelimiter(_ text: String) -> Delimiter {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        return firstLine.contains("\t") ? .tab : .comma
    }

    private static func readCSV(_ text: String, file: String) throws(ImportFailure) -> DelimitedFile {
        if let line = unclosedQuoteLine(text) {
            throw ImportFailure([ImportProblem(
                file: file, line: line, message: "a quoted field opened on this line is never closed (expected a closing \")")])
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: false)
        } catch {
            throw ImportFailure([ImportProblem(file: file, line: 1, message: "cannot read the file as CSV: \(error)")])
        }
        var header: [String]?
        var rows: [[String]] = []
        var lines: [Int] = []
        var line = 1
        while let row = reader.next() {
            let start = line
            line += 1 + row.reduce(0) { $0 + newlineCount($1) }
            if row.count == 1 && row[0].isEmpty { continue }  // a blank line
            if header == nil {
                header = row
                continue
            }
            rows.append(row)
            lines.append(start)
        }
        guard let header else { throw ImportFailure([ImportProblem(file: file, line: 1, message: "the file is empty; expected a header line")]) }
        return DelimitedFile(file: file, header: header, rows: rows, lines: lines)
    }

    private static func readTabs(_ text: String, file: String) -> DelimitedFile {
        var header: [String]?
        var rows: [[String]] = []
        var lines: [Int] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if content.isEmpty { continue }
            let fields = content.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if header == nil {
                header = fields
            } else {
                rows.append(fields)
                lines.append(index + 1)
            }
        }
        return DelimitedFile(file: file, header: header ?? [], rows: rows, lines: lines)
    }

    /// Line breaks inside a field (CRLF counts once), so rows after it keep true line numbers.
    private static func newlineCount(_ field: String) -> Int {
        guard field.utf8.contains(where: { $0 == 10 || $0 == 13 }) else { return 0 }
        var count = 0
        for scalar in field.unicodeScalars where scalar == "\n" || scalar == "\r" { count += 1 }
        if count > 0 { count -= field.utf8.count - field.replacingOccurrences(of: "\r\n", with: "\n").utf8.count }
        return count
    }

    /// The line of a quote that opens a field and is never closed, if any. RFC 4180 doubles a
    /// quote inside a quoted field, so every quote toggles "inside a quoted field": an odd
    /// number of toggles by the end means one was left open.
    static func unclosedQuoteLine(_ text: String) -> Int? {
        var inside = false
        var line = 1
        var openedOn = 1
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\"") {
                inside.toggle()
                if inside { openedOn = line }
            } else if byte == UInt8(ascii: "\n") {
                line += 1
            }
        }
        return inside ? openedOn : nil
    }
}
