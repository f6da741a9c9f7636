import Foundation

/// A delimited text file read into a header and rows, each row with the line it starts on.
///
/// For the small files a whole table suits (catalogues, mappings, products): rows are read by
/// `DelimitedRows` (libcsv; see there for quoting, encodings and errors) and kept as text. Order
/// exports, which can be millions of lines, are streamed row by row instead (`OrderFileImport`).
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

    public init(file: String, header: [String], rows: [[String]] = [], lines: [Int] = [], decimalComma: Bool = false) {
        self.file = file
        self.header = header
        self.rows = rows
        self.lines = lines
        self.decimalComma = decimalComma
    }

    /// The column named `name` (exact, after trimming spaces), if present.
    public func column(_ name: String) -> Int? {
        header.firstIndex { $0.trimmingCharacters(in: .whitespaces) == name }
    }

    public static func read(
        bytes: [UInt8], file: String, delimiter: Delimiter? = nil
    ) throws(ImportFailure) -> DelimitedFile {
        var header: [String]?
        var rows: [[String]] = []
        var lines: [Int] = []
        do {
            try bytes.withUnsafeBytes { buffer in
                let start =
                    buffer.starts(with: [0xEF, 0xBB, 0xBF])
                    ? UnsafeRawBufferPointer(rebasing: buffer[3...]) : buffer
                let reader = try DelimitedRows(file: file, delimiter: delimiter ?? DelimitedRows.guessDelimiter(start))
                let each = { (row: DelimitedRow) in
                    if header == nil {
                        header = row.strings()
                    } else {
                        rows.append(row.strings())
                        lines.append(row.line)
                    }
                }
                try reader.feed(buffer, each)
                try reader.finish(each)
            }
        } catch let failure as ImportFailure {
            throw failure
        } catch {
            throw ImportFailure([ImportProblem(file: file, line: 1, message: "cannot read the file: \(error)")])
        }
        guard let header else {
            throw ImportFailure([
                ImportProblem(
                    file: file, line: 1, message: "the file is empty; expected a header line")
            ])
        }
        return DelimitedFile(file: file, header: header, rows: rows, lines: lines)
    }
}
