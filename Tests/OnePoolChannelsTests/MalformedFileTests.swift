import OnePoolChannels
import OnePoolCore
import Testing

/// Bad files are refused whole, with every problem located as file:line:column.
@Suite struct MalformedFileTests {
    static let header = "channel,order_id,line,sku,qty,unit_price,placed_at,status\n"

    private func problems(_ text: String) -> [String] {
        do {
            let file = try csvFile(text, name: "orders.csv")
            let reading = try OrderFileFormat.read(file, as: .generic)
            let plan = OrderImportPlan.make(
                lines: reading.lines, channel: "till", file: "orders.csv", state: MemoryStore().state,
                time: time("2024-05-01"))
            return reading.rejected.flatMap(\.problems).map(\.description) + plan.problems.map(\.description)
        } catch {
            return ((error as? ImportFailure)?.problems ?? []).map(\.description)
        }
    }

    @Test func anUnclosedQuoteNamesTheLineItOpensOn() {
        let text =
            Self.header
            + "till,1,1,MUG,1,2.00,2024-05-01,open\ntill,2,1,\"MUG,1,2.00,2024-05-01,open\ntill,3,1,MUG,1,2.00,2024-05-01,open\n"
        #expect(
            problems(text) == [
                "orders.csv:3:4: a quoted field opened on this line is never closed (expected a closing \")"
            ])
    }

    @Test func aMissingColumnIsNamed() {
        #expect(
            problems("channel,order_id,line,sku,unit_price,placed_at,status\ntill,1,1,MUG,2.00,2024-05-01,open\n")
                .first?
                .hasPrefix("orders.csv:1: missing column 'qty'") == true)
    }

    @Test func everyBadCellIsListedWithItsColumn() {
        let text =
            Self.header
            + "till,1,1,MUG,two,2.00,2024-05-01,open\n"
            + "till,2,1,MUG,-3,2.00,2024-05-01,open\n"
            + "till,3,1,MUG,1,abc,yesterday,maybe\n"
            + "till,4,1,MUG,4006381333931,\"12,99\",2024-05-01,open\n"
            + "till,5,1,MUG,99999999999999999999,12.999,2024-05-01,open\n"
        #expect(
            problems(text) == [
                "orders.csv:2:5: qty: expected a whole number of units (1–10000000 units), found 'two'",
                "orders.csv:3:5: qty: expected 1–10000000 units, found -3",
                "orders.csv:4:6: unit_price: 'abc' is not an amount: expected a number such as 12.99 or 1,299.00",
                "orders.csv:4:7: placed_at: expected a date and time like 2024-05-01 10:00:03 -0400 or 2024-05-01T15:02:11Z, found 'yesterday'",
                "orders.csv:4:8: status: expected open, shipped or cancelled, found 'maybe'",
                "orders.csv:5:5: qty: expected 1–10000000 units, found 4006381333931",
                "orders.csv:5:6: unit_price: '12,99' has a decimal comma: write 12.99 "
                    + "(or declare the file's decimal commas)",
                "orders.csv:6:5: qty: expected 1–10000000 units, found 99999999999999999999",
                "orders.csv:6:6: unit_price: '12.999' has too many decimals: at most 2 decimals",
            ])
    }

    /// A quoted "1,299.00" is one thousand two hundred and ninety-nine; with the file's decimal
    /// commas declared, "12,99" is twelve ninety-nine — never 1299.
    @Test func amountsReadAsWrittenWithEitherDecimalSeparator() throws {
        let text = Self.header + "till,1,1,MUG,1,\"1,299.00\",2024-05-01,open\n"
        let reading = try OrderFileFormat.read(try csvFile(text, name: "orders.csv"), as: .generic)
        #expect(reading.lines.first?.unitPrice == Money(cents: 129_900))
        var european = try csvFile(Self.header + "till,1,1,MUG,1,\"12,99\",2024-05-01,open\n", name: "orders.csv")
        european.decimalComma = true
        #expect(try OrderFileFormat.read(european, as: .generic).lines.first?.unitPrice == Money(cents: 1299))
    }

    @Test func aLineTwiceInOneFileIsRefused() {
        let text = Self.header + "till,1,1,MUG,1,2.00,2024-05-01,open\ntill,1,1,MUG,1,2.00,2024-05-01,open\n"
        #expect(
            problems(text).contains(
                "orders.csv:3: order 1 line 1 appears twice in this file (first on line 2); expected each line once"))
    }

    @Test func lineNumbersCountLineBreaksInsideQuotedFields() {
        let text =
            Self.header + "till,\"multi\nline\",1,MUG,1,2.00,2024-05-01,open\ntill,2,1,MUG,x,2.00,2024-05-01,open\n"
        #expect(
            problems(text) == ["orders.csv:4:5: qty: expected a whole number of units (1–10000000 units), found 'x'"])
    }

    @Test func utf16AndLatin1AreRefusedNotGuessed() {
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("s\0k\0u\0".utf8)
        #expect(throws: ImportFailure.self) { try DelimitedFile.read(bytes: utf16, file: "x.csv") }
        let latin1: [UInt8] = Array("sku,title\nA,ok\nB,Cr".utf8) + [0xE8] + Array("me\n".utf8)
        do {
            _ = try DelimitedFile.read(bytes: latin1, file: "x.csv")
            Issue.record("Latin-1 was accepted")
        } catch {
            #expect((error as? ImportFailure)?.problems.first?.line == 3)
            #expect((error as? ImportFailure)?.problems.first?.message.contains("not UTF-8") == true)
        }
    }

    @Test func aUTF8ByteOrderMarkIsAccepted() throws {
        let file = try DelimitedFile.read(
            bytes: [0xEF, 0xBB, 0xBF] + Array("sku,on_hand\nMUG,3\n".utf8), file: "x.csv")
        #expect(file.header == ["sku", "on_hand"])
        #expect(CatalogueFormat.detect(file) == .generic)
    }

    @Test func aBadFileChangesNothing() throws {
        var store = MemoryStore()
        let before = store.state
        let text = Self.header + "till,1,1,MUG,1,2.00,2024-05-01,open\ntill,2,1,MUG,zero,2.00,2024-05-01,open\n"
        let file = try csvFile(text)
        let reading = try OrderFileFormat.read(file, as: .generic)
        // A caller must not apply a file with rejected rows; the reader offers nothing half-read
        // as valid: the good row is there, the bad one only as rejected.
        #expect(reading.rejected.count == 1)
        #expect(reading.lines.count == 1)
        #expect(store.state == before)
        _ = store
    }
}
