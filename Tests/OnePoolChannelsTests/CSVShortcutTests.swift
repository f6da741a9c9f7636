import OnePoolTestSupport
import Testing

@testable import OnePoolChannels

/// The reader's shortcuts (lines with no quote split at commas; lines whose quoted fields all
/// close on the line unquoted directly) against libcsv reading every line itself: the same rows,
/// the same lines, and the same refusal (line, column, message) on random lines built from the
/// pieces that go wrong — stray and doubled quotes, text after a closing quote, quoted fields left
/// open across lines, lone CRs, CRLF, blank lines, non-ASCII text and a Latin-1 byte.
@Suite struct CSVShortcutTests {
    private struct Read: Equatable {
        var rows: [[String]] = []
        var lines: [Int] = []
        var refusal: String?

        /// Without rows whose every field is empty: libcsv drops some (`,` alone on a line, or
        /// ending the file), where the shortcut for lines with no quote keeps them, as CSV.swift
        /// did (`CSVDifferentialTests`) — a difference older than the quoted shortcut.
        var withoutEmptyRows: Read {
            var kept = self
            kept.rows = []
            kept.lines = []
            for (row, line) in zip(rows, lines) where row.contains(where: { !$0.isEmpty }) {
                kept.rows.append(row)
                kept.lines.append(line)
            }
            return kept
        }
    }

    private func read(_ bytes: [UInt8], libcsvOnly: Bool, chunk: Int) -> Read {
        var read = Read()
        do {
            let reader = try DelimitedRows(file: "f.csv", delimiter: .comma, libcsvOnly: libcsvOnly)
            let keep = { (row: DelimitedRow) in
                read.rows.append(row.strings())
                read.lines.append(row.line)
            }
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + chunk)
                try bytes[start..<end].withUnsafeBytes { try reader.feed($0, keep) }
                start = end
            }
            try reader.finish(keep)
        } catch {
            read.refusal = (error as? ImportFailure)?.description ?? "\(error)"
        }
        return read
    }

    private static let pieces: [[UInt8]] = [
        Array("a".utf8), Array("12.99".utf8), Array(",".utf8), Array(",".utf8), Array("\"".utf8),
        Array("\"\"".utf8), Array("\"x,y\"".utf8), Array("\"say \"\"hi\"\"\"".utf8), Array(" ".utf8),
        Array("\n".utf8), Array("\r\n".utf8), Array("\r".utf8), Array("é".utf8), Array("😀".utf8), [0xE9],
    ]

    @Test func shortcutsReadAsLibcsvDoes() {
        var random = SplitMix64(seed: 2026)
        var refused = 0
        var quotedRows = 0
        for round in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1...40, using: &random) {
                // The Latin-1 byte rarely, so that most files are read to the end.
                var piece = Self.pieces.randomElement(using: &random) ?? []
                if piece == [0xE9], Int.random(in: 0..<8, using: &random) != 0 { piece = Array("b".utf8) }
                bytes += piece
            }
            let chunk = round % 3 == 0 ? Int.random(in: 1...16, using: &random) : 1 << 20
            let fast = read(bytes, libcsvOnly: false, chunk: chunk).withoutEmptyRows
            let libcsv = read(bytes, libcsvOnly: true, chunk: chunk).withoutEmptyRows
            #expect(fast == libcsv, "round \(round): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
            if fast.refusal != nil { refused += 1 }
            quotedRows += fast.rows.filter { row in row.contains { $0.contains(",") || $0.contains("\"") } }.count
        }
        // Not vacuous: both refusals and rows with quoted commas or quotes were compared.
        #expect(refused > 300)
        #expect(quotedRows > 300)
    }

    /// Lines longer than the 16-byte steps and 64-byte mask words of the split (and a few past
    /// its 4,096-byte masks, split byte by byte): fields and quotes straddling the steps and
    /// words are read as libcsv reads them.
    @Test func longLinesReadAsLibcsvDoes() {
        var random = SplitMix64(seed: 2027)
        var longest = 0
        for round in 0..<400 {
            var bytes: [UInt8] = []
            let pieces =
                round % 20 == 0
                ? Int.random(in: 1_500...3_000, using: &random) : Int.random(in: 20...400, using: &random)
            for _ in 0..<pieces {
                var piece = Self.pieces.randomElement(using: &random) ?? []
                // Line ends and the Latin-1 byte rarely, so that lines run long.
                if piece.contains(10) || piece.contains(13) || piece == [0xE9],
                    Int.random(in: 0..<(round % 20 == 0 ? 1 << 30 : round % 2 == 0 ? 60 : 12), using: &random) != 0
                {
                    piece = Array("abc,".utf8)
                }
                bytes += piece
            }
            longest = max(longest, bytes.split(separator: 10).map(\.count).max() ?? 0)
            let chunk = round % 4 == 0 ? Int.random(in: 1...700, using: &random) : 1 << 20
            let fast = read(bytes, libcsvOnly: false, chunk: chunk).withoutEmptyRows
            let libcsv = read(bytes, libcsvOnly: true, chunk: chunk).withoutEmptyRows
            #expect(fast == libcsv, "round \(round): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
        #expect(longest > 4_096)
    }

    @Test func quotedFieldsOnOneLineAreUnquoted() throws {
        let text = "a,b,c\n\"x,y\",\"8\"\" pan\",\"\"\r\n1,\"\",\"end\"\n"
        let table = try DelimitedFile.read(bytes: Array(text.utf8), file: "f.csv")
        #expect(table.rows == [["x,y", "8\" pan", ""], ["1", "", "end"]])
        #expect(table.lines == [2, 3])
    }
}
