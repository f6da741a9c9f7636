import Foundation
import OnePoolTestSupport
import Testing

@testable import OnePoolChannels

/// The libcsv reader (`DelimitedRows`) against the reader it replaced (CSV.swift, kept in
/// Reference/ReferenceReader.swift): the same header, rows and lines on the samples and on
/// generated files with quotes, doubled quotes, CRLF, line breaks in cells, blank lines and a
/// byte-order mark; the same refusal line for Latin-1 bytes; the same rows whatever the chunks
/// the file arrives in.
@Suite struct CSVDifferentialTests {
    private func bothRead(_ bytes: [UInt8], file: String = "f.csv") throws -> (new: DelimitedFile, old: DelimitedFile) {
        (try DelimitedFile.read(bytes: bytes, file: file), try ReferenceReader.read(bytes: bytes, file: file))
    }

    private func expectSame(_ new: DelimitedFile, _ old: DelimitedFile, _ note: String) {
        #expect(new.header == old.header, "\(note): header")
        #expect(new.lines == old.lines, "\(note): lines")
        #expect(new.rows == old.rows, "\(note): rows")
    }

    @Test(arguments: [
        "shopify_orders_export.csv", "shopify_inventory.csv", "shopify_products_export.csv",
        "amazon_all_orders.txt", "amazon_price_quantity.txt", "amazon_returns_mfn.txt",
    ])
    func theSamplesReadAsBefore(name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Samples.directory.appendingPathComponent(name)))
        let (new, old) = try bothRead(bytes, file: name)
        #expect(!new.rows.isEmpty)
        expectSame(new, old, name)
    }

    @Test func generatedFilesReadAsBefore() throws {
        var random = SplitMix64(seed: 15)
        for round in 0..<300 {
            let table = GeneratedTable(&random)
            let bytes = table.bytes(&random)
            let (new, old) = try bothRead(bytes)
            expectSame(new, old, "round \(round): \(table.description)")
            #expect(new.rows == table.rows, "round \(round): rows as generated")
            if new.rows != old.rows { break }
        }
    }

    /// A byte that is not UTF-8 (Latin-1 "é", Windows-1252 quotes) is refused by both readers,
    /// naming the same line.
    @Test func latin1BytesAreRefusedOnTheSameLine() throws {
        var random = SplitMix64(seed: 1252)
        for round in 0..<200 {
            let table = GeneratedTable(&random, crlf: false)
            var bytes = table.bytes(&random)
            // Replace one byte of a cell (not a delimiter, quote or line end) with a Latin-1 byte.
            let candidates = bytes.indices.filter { ![10, 13, 34, 44].contains(bytes[$0]) && bytes[$0] < 128 }
            guard let position = candidates.randomElement(using: &random) else { continue }
            bytes[position] = [0xE9, 0x93, 0xA3, 0xFC].randomElement(using: &random) ?? 0xE9
            let newLine = refusalLine { _ = try DelimitedFile.read(bytes: bytes, file: "f.csv") }
            let oldLine = refusalLine { _ = try ReferenceReader.read(bytes: bytes, file: "f.csv") }
            #expect(
                newLine != nil && newLine == oldLine,
                "round \(round): new \(String(describing: newLine)), old \(String(describing: oldLine))")
        }
    }

    private func refusalLine(_ read: () throws -> Void) -> Int? {
        do {
            try read()
            return nil
        } catch {
            return (error as? ImportFailure)?.problems.first?.line
        }
    }

    /// Streaming: the same rows whether the file arrives whole or cut into chunks of any size
    /// (a chunk may end inside a quoted field, a CRLF, or a UTF-8 sequence).
    @Test func chunksOfAnySizeGiveTheSameRows() throws {
        var random = SplitMix64(seed: 4180)
        for round in 0..<200 {
            let table = GeneratedTable(&random)
            let bytes = table.bytes(&random)
            let whole = try DelimitedFile.read(bytes: bytes, file: "f.csv")
            var rows: [[String]] = []
            var lines: [Int] = []
            let reader = try DelimitedRows(file: "f.csv", delimiter: .comma)
            let keep = { (row: DelimitedRow) in
                rows.append(row.strings())
                lines.append(row.line)
            }
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + Int.random(in: 1...64, using: &random))
                try bytes[start..<end].withUnsafeBytes { try reader.feed($0, keep) }
                start = end
            }
            try reader.finish(keep)
            #expect(Array(rows.dropFirst()) == whole.rows, "round \(round)")
            #expect(Array(lines.dropFirst()) == whole.lines, "round \(round)")
        }
    }

    /// Where the two differ on purpose: malformed quoting. CSV.swift dropped a byte of
    /// `"abc"def` silently; libcsv's strict mode refuses it, naming line and field.
    @Test func malformedQuotingIsRefusedWithLineAndColumn() {
        let cases: [(String, String)] = [
            ("a,b\n1,\"abc\"def\n", "f.csv:2:2: text after a quoted field's closing \""),
            ("a,b\n1,2\n3,ab\"c\n", "f.csv:3:2: a \" inside a field that does not start with one"),
            ("a,b\n\"x\ny\",\"p\nq\"z\n", "f.csv:4:2: text after a quoted field's closing \""),
            ("a,b\n1,\"open\n2,3\n", "f.csv:2:2: a quoted field opened on this line is never closed"),
        ]
        for (text, expected) in cases {
            do {
                _ = try DelimitedFile.read(bytes: Array(text.utf8), file: "f.csv")
                Issue.record("accepted \(text.debugDescription)")
            } catch {
                let message = (error as? ImportFailure)?.description ?? "\(error)"
                #expect(message.hasPrefix(expected), "\(text.debugDescription): \(message)")
            }
        }
    }

    @Test func utf16IsRefusedAndTabsAreSplitWithoutQuoting() throws {
        #expect(throws: ImportFailure.self) { _ = try DelimitedFile.read(bytes: [0xFF, 0xFE, 0x61, 0], file: "f.txt") }
        let tabs = try DelimitedFile.read(bytes: Array("a\tb\r\n\r\n8\" pan\t\"x\n\t\n3".utf8), file: "f.txt")
        #expect(tabs.header == ["a", "b"])
        #expect(tabs.rows == [["8\" pan", "\"x"], ["", ""], ["3"]])
        #expect(tabs.lines == [3, 4, 5])
    }
}

/// A random table and one way of writing it as RFC 4180 CSV: cells with commas, quotes
/// (doubled when written), LF and CRLF inside quoted cells, spaces, non-ASCII text; LF or CRLF
/// line ends; blank lines between rows; sometimes a byte-order mark, sometimes no final line end.
struct GeneratedTable: CustomStringConvertible {
    var header: [String]
    var rows: [[String]]
    var crlf: Bool
    var bom: Bool
    var finalNewline: Bool
    var blankLines: Bool

    init(_ random: inout SplitMix64, crlf: Bool? = nil) {
        let columns = Int.random(in: 1...8, using: &random)
        header = (0..<columns).map { "col\($0)" }
        let pieces = [
            "a", "Mug", "12.99", "1,299.00", "say \"hi\"", "\"", "two\nlines", "crlf\r\nline", " pad ",
            "Crème brûlée", "抹茶", "😀", "", "x,y", "8\" pan", "tab\there", "end\r\n",
        ]
        rows = (0..<Int.random(in: 0...12, using: &random)).map { _ in
            (0..<columns).map { _ in
                (0..<Int.random(in: 0...3, using: &random)).map { _ in pieces.randomElement(using: &random) ?? "" }
                    .joined()
            }
        }
        // A row of one empty cell is a blank line to both readers: not a row.
        rows.removeAll { $0 == [""] }
        self.crlf = crlf ?? Bool.random(using: &random)
        bom = Bool.random(using: &random)
        finalNewline = Bool.random(using: &random)
        blankLines = Bool.random(using: &random)
    }

    func bytes(_ random: inout SplitMix64) -> [UInt8] {
        let end = crlf ? "\r\n" : "\n"
        func cell(_ text: String) -> String {
            let special = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            return special || (text.isEmpty && Bool.random(using: &random))
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var text = header.map(cell).joined(separator: ",")
        for row in rows {
            text += end
            if blankLines && Bool.random(using: &random) { text += end }
            text += row.map(cell).joined(separator: ",")
        }
        if finalNewline { text += end }
        return (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
    }

    var description: String {
        "\(header.count) columns, \(rows.count) rows, crlf \(crlf), bom \(bom), final newline \(finalNewline), blank lines \(blankLines)"
    }
}
