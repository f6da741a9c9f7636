import OnePoolConsole
import Testing

@Suite struct ScreenTests {
    @Test func wideCharactersTakeTwoCellsAndNeverStraddleTheEdge() {
        var screen = Screen(width: 6, height: 1)
        let used = screen.put("日本茶x", x: 0, y: 0, role: .base)
        #expect(used == 6)
        #expect(screen.textDump() == "日本茶")
        var edge = Screen(width: 5, height: 1)
        edge.put("ab日本", x: 0, y: 0, role: .base)
        #expect(edge.textDump() == "ab日 ")
    }

    @Test func combiningMarksJoinTheirLetter() {
        var screen = Screen(width: 4, height: 1)
        screen.put("e\u{301}x", x: 0, y: 0, role: .base)
        #expect(screen[0, 0].text == "e\u{301}")
        #expect(screen[1, 0].text == "x")
    }

    @Test func truncationAddsAnEllipsisAndCountsColumns() {
        #expect(TextWidth.truncate("Seagrass Basket", to: 8) == "Seagrass…".dropLast(2) + "…")
        #expect(TextWidth.of("Café ☕") == 7)
        #expect(TextWidth.fit("7", to: 4, rightAligned: true) == "   7")
    }

    /// A control character or bidirectional override in store text (a title, a reason) is shown
    /// escaped, one cell per character of the escape, never handed to the terminal.
    @Test func controlCharactersAreShownEscapedAndCounted() {
        var screen = Screen(width: 20, height: 1)
        let used = screen.put("A\u{1B}[2JB\tC\u{202E}D", x: 0, y: 0, role: .base)
        #expect(screen.textDump() == "A\\e[2JB\\tC\\u{202E}D ")
        #expect(used == 19)
        #expect(!(0..<20).contains { screen[$0, 0].text.unicodeScalars.contains(where: { $0.value < 0x20 }) })
        var narrow = Screen(width: 2, height: 1)
        #expect(narrow.put("A\u{1B}B", x: 0, y: 0, role: .base) == 1, "an escape that does not fit is left out whole")
    }

    @Test func drawingOutsideIsClippedNotACrash() {
        var screen = Screen(width: 3, height: 2)
        screen.put("hello", x: -2, y: 0, role: .base)
        screen.put("x", x: 1, y: 5, role: .base)
        screen.fill(Rect(x: 2, y: 1, width: 10, height: 10), role: .header)
        #expect(screen.textDump() == "llo\n   ")
        #expect(screen[2, 1].role == .header)
    }

    @Test func sparklinesScaleToTheirLargestValueAndBucketToFit() {
        #expect(Sparkline.render([0, 1, 2, 4, 8], width: 5) == " ▁▂▄█")
        #expect(Sparkline.bucket(Array(repeating: 1, count: 30), into: 10) == Array(repeating: 3, count: 10))
        #expect(Sparkline.render([0, 0], width: 2) == "  ")
    }

    @Test func rolesFallBackAlongTheirDottedNames() {
        #expect(
            Role.tableRowSelected.fallbackChain.map(\.name) == ["table.row.selected", "table.row", "table", "base"])
    }
}
