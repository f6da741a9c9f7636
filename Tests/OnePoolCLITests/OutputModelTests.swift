import Foundation
import OnePoolConsole
import OnePoolCore
import Testing

@testable import OnePoolCLI

/// The one way read verbs print: Codable models → table, CSV and JSON that agree.
@Suite struct OutputModelTests {
    struct Row: Codable {
        var sku: Identifier
        var title: String
        var onHand: Int
        var price: Amount
        var cover: Fixed?
        var late: Bool
    }

    static let rows = [
        Row(
            sku: "MUG", title: "Blue, \"big\" mug", onHand: 12, price: Amount(Money(cents: 129_900)),
            cover: Fixed(3.14159, places: 1), late: false),
        Row(sku: "=SKU", title: "=HYPERLINK(\"x\")", onHand: -3, price: Amount(.zero), cover: nil, late: true),
    ]

    @Test func columnsComeFromTheModelEvenWithoutRows() {
        #expect(OutputColumns.of(Row.self) == ["sku", "title", "on_hand", "price", "cover", "late"])
        #expect(Output.rows([Row](), format: .csv) == "sku,title,on_hand,price,cover,late")
        #expect(Output.rows([Row](), format: .table) == "SKU  TITLE  ON_HAND  PRICE  COVER  LATE")
        #expect(Output.rows([Row](), format: .json) == "[]")
    }

    @Test func csvEscapesFormulasInFreeTextOnlyAndQuotesWhatNeedsIt() {
        let lines = Output.rows(Self.rows, format: .csv).split(separator: "\n").map(String.init)
        #expect(lines[1] == "MUG,\"Blue, \"\"big\"\" mug\",12,1299.00,3.1,no")
        // The identifier is written byte for byte; the title cannot run as a formula.
        #expect(lines[2] == "=SKU,\"'=HYPERLINK(\"\"x\"\")\",-3,0.00,,yes")
    }

    @Test func jsonKeepsOrderNullsAndExactAmounts() throws {
        let json = Output.rows(Self.rows, format: .json)
        #expect(json.contains("\"price\": 1299.00"))
        #expect(json.contains("\"cover\": null"))
        #expect(json.contains("\"title\": \"=HYPERLINK(\\\"x\\\")\""))
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(objects.count == 2 && objects[0]["on_hand"] as? Int == 12 && objects[1]["late"] as? Bool == true)
        let first = try #require(json.range(of: "\"sku\""))
        let second = try #require(json.range(of: "\"late\""))
        #expect(first.lowerBound < second.lowerBound)
    }

    @Test func tablesEscapeControlCharactersAndMeasureWideCharacters() {
        struct Titled: Codable {
            var sku: Identifier
            var title: String
            var units: Int
        }
        let table = Output.rows(
            [
                Titled(sku: "A", title: "抹茶 Tin", units: 1),
                Titled(sku: "B", title: "tab\there\u{1B}[31mred\r\nnext", units: 22),
            ], format: .table)
        let lines = table.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 3)
        #expect(lines[2] == "B    tab\\there\\e[31mred\\r\\nnext     22")
        // "抹茶 Tin" takes 8 columns (each CJK character two): the number column still lines up.
        #expect(lines[1].hasPrefix("A    抹茶 Tin   ") && lines[1].hasSuffix(" 1"))
        #expect(TextWidth.of(lines[1]) == TextWidth.of(lines[2]))
        #expect(!table.contains("\u{1B}") && !table.contains("\t"))
    }

    @Test func aSaturatedSumIsTooLargeNotANumber() {
        let huge = Amount(Money(cents: Int64.max))
        #expect(Output.plain(huge.outputValue) == "")
        #expect(JSONText.render(huge.outputValue) == "null")
        #expect(NumberText.money(Money(cents: Int64.max)) == "too large")
    }

    @Test func jsonStringsEscapeEveryControlCharacter() {
        #expect(JSONText.string("a\u{0}b\u{1B}c\u{7F}\u{2028}") == "\"a\\u0000b\\u001bc\\u007f\\u2028\"")
    }
}
