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

    /// The layout counts an escaped character as the columns its escape is drawn in: a title
    /// holding ESC fitted to a column fills exactly that column, and the next column starts
    /// where the layout said (before, "\e" took two cells the layout counted as none).
    @Test func escapesAreCountedAsTheColumnsTheyAreDrawnIn() {
        #expect(TextWidth.of("A\u{1B}B") == 4)
        #expect(TextWidth.of("\t") == 2)
        #expect(TextWidth.of("x\u{202E}") == 1 + "\\u{202E}".count)
        let title = "Mug\u{1B}[2J Blue"
        let fitted = TextWidth.fit(title, to: 8)
        #expect(TextWidth.of(fitted) == 8)
        var screen = Screen(width: 12, height: 1)
        let used = screen.put(fitted, x: 0, y: 0, role: .base)
        screen.put("|", x: 8, y: 0, role: .base)
        #expect(used == 8)
        #expect(screen.textDump() == "Mug\\e[2…|   ", "the column after it starts where the layout says")
        #expect(TextWidth.truncate("ab\u{1B}cdef", to: 5) == "ab\u{1B}…")
    }

    /// Printed text for a terminal without UTF-8 takes the console's ASCII stand-ins, each in
    /// the columns the character took (issue 12: the overview printed for TERM=dumb, LANG=C).
    @Test func printedTextFoldsToASCIIKeepingColumns() {
        #expect(TerminalText.foldedToASCII("Overstock — 12 · cash…") == "Overstock - 12 . cash~")
        #expect(TerminalText.foldedToASCII("日本茶 Tin") == "?????? Tin")
        #expect(TextWidth.of(TerminalText.foldedToASCII("日本茶 Café")) == TextWidth.of("日本茶 Café"))
        #expect(TerminalText.foldedToASCII("Cafe\u{301} ok\r\n") == "Cafe ok\r\n")
        #expect(TerminalText.foldedToASCII("plain") == "plain")
        let folded = TerminalText.foldedToASCII("Café")
        #expect(folded == "Cafe")
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
