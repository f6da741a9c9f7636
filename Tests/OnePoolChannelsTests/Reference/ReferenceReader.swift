import CSV
import Foundation

@testable import OnePoolChannels

/// The reader OnePool used before libcsv (CSV.swift over decoded text), kept verbatim as the
/// reference of the differential tests: on every well-formed file the new reader must give the
/// same header, rows and lines, and on Latin-1 bytes refuse with the same line.
enum ReferenceReader {
    typealias Delimiter = DelimitedFile.Delimiter

    static func read(bytes: [UInt8], file: String, delimiter: Delimiter? = nil) throws(ImportFailure) -> DelimitedFile {
        let text = try ReferenceTextDecoding.decode(bytes, file: file)
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
            throw ImportFailure([
                ImportProblem(
                    file: file, line: line,
                    message: "a quoted field opened on this line is never closed (expected a closing \")")
            ])
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
        guard let header else {
            throw ImportFailure([
                ImportProblem(file: file, line: 1, message: "the file is empty; expected a header line")
            ])
        }
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

/// Turns a file's bytes into text, refusing what would be misread rather than guessing.
///
/// UTF-8 with or without a byte-order mark is accepted (spreadsheets add one); UTF-16 (what
/// Excel's "Unicode text" writes) and bytes that are not UTF-8 at all are refused with the line.
enum ReferenceTextDecoding {
    static func decode(_ bytes: [UInt8], file: String) throws(ImportFailure) -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if body.starts(with: [0xFF, 0xFE]) || body.starts(with: [0xFE, 0xFF]) {
            throw ImportFailure([
                ImportProblem(
                    file: file, line: 1,
                    message:
                        "the file is UTF-16 (it starts with a UTF-16 byte-order mark); expected UTF-8 — save or export it as \"CSV UTF-8\""
                )
            ])
        }
        if let text = String(validating: body, as: UTF8.self) { return text }
        throw ImportFailure([
            ImportProblem(
                file: file, line: firstInvalidLine(body),
                message:
                    "the file is not UTF-8 text (found a byte that is not UTF-8, e.g. Latin-1 or Windows-1252); expected UTF-8 — re-export as \"CSV UTF-8\""
            )
        ])
    }

    /// The line holding the first byte sequence that does not decode as UTF-8.
    private static func firstInvalidLine(_ bytes: ArraySlice<UInt8>) -> Int {
        var line = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput: return line
            case .error: return line
            }
        }
    }
}
