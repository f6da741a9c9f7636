import Testing

@testable import OnePoolConsole

/// The screen's packed cells (`PackedCell`, `CellTables`, `KnownRoles`): every cell reads back
/// as it was written, and two screens are equal when they show the same, whatever order their
/// tables were filled in.
@Suite struct PackedCellTests {
    @Test func theKnownRolesAreRoleAllInOrder() {
        #expect(KnownRoles.names == Role.all.map(\.name))
        for (index, role) in Role.all.enumerated() {
            #expect(Int(role.number) == index, "\(role)")
            #expect(KnownRoles.role(role.number) == role)
        }
        #expect(Role("pane.custom").number == KnownRoles.unknown)
    }

    @Test func rolesCompareByNameWhetherKnownOrNot() {
        #expect(Role("table.row") == .tableRow)
        #expect(Role("pane.custom") == Role("pane.custom"))
        #expect(Role("pane.custom") != Role("pane.other"))
        #expect(Role("pane.custom") != .base)
        #expect(Set([Role("pane.custom"), Role("pane.custom"), .base, Role("base")]).count == 2)
    }

    @Test func aCellReadsBackAsItWasWritten() {
        var tables = CellTables()
        for text in ["x", " ", "▁", "日", "", "e\u{301}", "👍🏽", "ab", "\t"] {
            for role in [Role.base, .tableRowSelected, Role("pane.custom")] {
                let cell = Cell(text, role: role)
                let packed = tables.pack(cell)
                #expect(tables.cell(packed) == cell, "\(text) \(role)")
            }
        }
        #expect(tables.glyph(for: "x") == 0x78)
        #expect(tables.glyph(for: "") == PackedCell.continuation)
        // Long graphemes and unknown roles are kept once however often they are drawn.
        #expect(tables.glyph(for: "e\u{301}") == tables.glyph(for: Character("e\u{301}")))
        #expect(tables.clusters == ["e\u{301}", "👍🏽", "ab"])
        #expect(tables.number(for: Role("pane.custom")) == UInt16(KnownRoles.count))
        #expect(tables.otherRoles == [Role("pane.custom")])
    }

    @Test func aRoleOutsideTheKnownListIsDrawnAndDumped() {
        var screen = Screen(width: 4, height: 1, role: Role("pane.back"))
        screen.put("ab", x: 1, y: 0, role: Role("pane.custom"))
        screen.paint(Rect(x: 3, y: 0, width: 1, height: 1), role: .header)
        #expect(screen[0, 0] == Cell(" ", role: Role("pane.back")))
        #expect(screen[2, 0] == Cell("b", role: Role("pane.custom")))
        #expect(screen.roleDump() == "a = pane.back\nb = pane.custom\nc = header\n---\nabbc")
    }

    /// Equality reads cells, not table numbers: the same picture drawn in another order (or
    /// over a grapheme that was later overwritten) is the same screen.
    @Test func screensAreEqualWhenTheyShowTheSame() {
        var first = Screen(width: 4, height: 1)
        first.put("e\u{301}", x: 0, y: 0, role: Role("pane.a"))
        first.put("👍🏽", x: 2, y: 0, role: Role("pane.b"))
        var second = Screen(width: 4, height: 1)
        second.put("x", x: 0, y: 0, role: Role("pane.c"))
        second.put("👍🏽", x: 2, y: 0, role: Role("pane.b"))
        second.put("e\u{301}", x: 0, y: 0, role: Role("pane.a"))
        #expect(first == second)
        second.put("o\u{301}", x: 0, y: 0, role: Role("pane.a"))
        #expect(first != second)
        var third = first
        third.paint(Rect(x: 3, y: 0, width: 1, height: 1), role: Role("pane.d"))
        #expect(first != third)
    }

    /// Every scalar `put` places without grapheme breaking is a grapheme of its own next to any
    /// other of the set, takes the columns `TextWidth` gives its character, and needs no escape.
    @Test func singleScalarTextIsOneGraphemeAScalar() {
        let scalars = (0...0x2FFF).compactMap(Unicode.Scalar.init).filter(SingleScalarText.contains)
        #expect(scalars.count == 2101)
        for scalar in scalars {
            let character = Character(scalar)
            #expect(SingleScalarText.width(scalar) == TextWidth.of(character), "U+\(scalar.value)")
            #expect(SingleScalarText.width(scalar) > 0, "U+\(scalar.value)")
            #expect(!TerminalText.needsEscape(character), "U+\(scalar.value)")
        }
        var random = Random(seed: 15)
        for _ in 0..<20 {
            let text = String(String.UnicodeScalarView((0..<4000).map { _ in scalars[random.below(scalars.count)] }))
            #expect(text.count == text.unicodeScalars.count)
        }
        for scalar in scalars {
            for neighbour in ["e", "─", "\u{2764}", "\u{231A}", "\u{AE}"] {
                #expect("\(neighbour)\(scalar)\(neighbour)".count == 3, "U+\(scalar.value) by \(neighbour)")
            }
        }
    }

    /// `put`'s ASCII and single-scalar paths draw what the grapheme-at-a-time path draws, for any
    /// mix of text, start and limit.
    @Test func putsFastPathsDrawAsTheGeneralOne() {
        let pieces = [
            "a", "Z", " ", "~", "▁", "█", "─", "┌", "·", "…", "▲", "→", "é", "ß", "\u{231A}", "\u{2705}", "日",
            "e\u{301}", "\u{301}", "\t", "\u{1B}", "\u{202E}", "👍🏽", "\u{AD}", "\u{FE0F}", "\u{2764}", "\u{200D}",
        ]
        let fast = ["a", "Z", " ", "~", "▁", "█", "─", "┌", "·", "…", "▲", "→", "é", "ß", "\u{231A}", "\u{2705}"]
        var random = Random(seed: 7)
        for round in 0..<3000 {
            // Half the texts only of the fast paths' characters, so those paths are taken often.
            let source = round % 2 == 0 ? fast : pieces
            let text = (0..<random.below(12)).map { _ in source[random.below(source.count)] }.joined()
            let x = random.below(14) - 3
            let limit = random.below(3) == 0 ? random.below(10) : nil
            var viaPut = Screen(width: 12, height: 2)
            var viaCharacters = viaPut
            let end = min(viaPut.width, limit.map { x + $0 } ?? viaPut.width)
            let used = viaPut.put(text, x: x, y: 1, role: .tableRow, limit: limit)
            let usedCharacters = viaCharacters.putCharacters(text, x: x, y: 1, role: .tableRow, end: end)
            #expect(used == usedCharacters, "\(text.debugDescription) at \(x) limit \(String(describing: limit))")
            #expect(viaPut == viaCharacters, "\(text.debugDescription) at \(x) limit \(String(describing: limit))")
            #expect(viaPut.textDump() == viaCharacters.textDump())
        }
    }

    /// A backend draws a row as runs: each run's cells in one role, neighbours in different
    /// roles, the scalars of every cell's text in order (none for a wide character's second cell).
    @Test func aRowIsDrawnAsRunsOfOneRole() {
        var screen = Screen(width: 14, height: 2)
        screen.put("ab日e\u{301}", x: 0, y: 0, role: .header)
        screen.put("▁█👍🏽", x: 6, y: 0, role: Role("pane.custom"))
        screen.paint(Rect(x: 3, y: 0, width: 1, height: 1), role: .status)  // 日's second cell alone
        var runs: [(Int, Role, String)] = []
        screen.forEachRun(inRow: 0) { x, role, scalars in
            runs.append((x, role, String(String.UnicodeScalarView(scalars))))
        }
        #expect(runs.map(\.0) == [0, 3, 4, 5, 6, 10])
        #expect(runs.map(\.1) == [.header, .status, .header, .base, Role("pane.custom"), .base])
        #expect(runs.map(\.2) == ["ab日", "", "e\u{301}", " ", "▁█👍🏽", "    "])
        var whole = ""
        screen.forEachRun(inRow: 1) { x, role, scalars in
            #expect(x == 0 && role == .base)
            whole = String(String.UnicodeScalarView(scalars))
        }
        #expect(whole == String(repeating: " ", count: 14))
    }

    /// A small seeded generator: the tests draw the same texts on every run.
    struct Random {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func below(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }
}
