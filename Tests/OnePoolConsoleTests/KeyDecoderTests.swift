import OnePoolConsole
import Testing

/// The decoder between the terminal library and the console: what ncurses' keypad decodes
/// passes through; the common sequences it does not know (tmux, PuTTY, the linux console) are
/// keys; anything else is swallowed whole; a lone Escape is a key once nothing follows.
@Suite struct KeyDecoderTests {
    /// Feeds `text` as character codes, then (unless `flush` is false) the escape delay passing.
    private func keys(_ text: String, flush: Bool = true) -> [Key] {
        var decoder = KeyDecoder()
        var keys = text.unicodeScalars.flatMap { decoder.feed(.character($0.value)) }
        if flush { keys += decoder.flush() }
        return keys
    }

    static let sequences: [(String, Key)] = [
        ("\u{1B}[1~", .home), ("\u{1B}[4~", .end), ("\u{1B}[7~", .home), ("\u{1B}[8~", .end), ("\u{1B}[H", .home),
        ("\u{1B}[F", .end), ("\u{1B}OH", .home), ("\u{1B}OF", .end), ("\u{1B}[A", .up), ("\u{1B}[B", .down),
        ("\u{1B}[C", .right), ("\u{1B}[D", .left), ("\u{1B}OA", .up), ("\u{1B}OD", .left), ("\u{1B}[5~", .pageUp),
        ("\u{1B}[6~", .pageDown), ("\u{1B}[3~", .delete), ("\u{1B}[Z", .backTab), ("\u{1B}[1;5A", .up),
        ("\u{1B}[1;2F", .end),
        ("\u{1B}OP", .function(1)), ("\u{1B}[11~", .function(1)), ("\u{1B}[15~", .function(5)),
        ("\u{1B}[17~", .function(6)),
        ("\u{1B}[24~", .function(12)), ("\u{1B}[[A", .function(1)), ("\u{1B}[[E", .function(5)),
        ("\u{1B}[1;2P", .function(1)),
        // The numeric keypad in application keypad mode (PuTTY, NumLock on): its digits and signs.
        ("\u{1B}Op", .character("0")), ("\u{1B}Ot", .character("4")), ("\u{1B}Oy", .character("9")),
        ("\u{1B}On", .character(".")), ("\u{1B}Om", .character("-")), ("\u{1B}OM", .enter),
    ]

    @Test(arguments: sequences)
    func commonSequencesAreKeys(sequence: String, key: Key) {
        #expect(keys(sequence) == [key], "\(sequence.debugDescription)")
        // The same sequence between typed characters changes nothing around it.
        #expect(keys("a" + sequence + "b") == [.char("a"), key, .char("b")])
    }

    /// The keypad's centre with NumLock off: the linux console sends ESC[G, xterm ESC[E or
    /// ESC O E. It is decoded as Begin, which nothing binds: no key anywhere, and no part of it
    /// is typed into a field (a half-filled form stays as it was).
    @Test(arguments: ["\u{1B}[G", "\u{1B}[E", "\u{1B}OE", "\u{1B}[1;2G"])
    func theKeypadCentreIsBeginAndDoesNothing(sequence: String) {
        #expect(keys(sequence) == [.begin], "\(sequence.debugDescription)")
        #expect(keys("1" + sequence + "2") == [.char("1"), .begin, .char("2")])
        for scope in KeyScope.allCases {
            #expect(KeyMap.standard.command(for: .begin, in: scope) == nil, "Begin is bound in \(scope)")
        }
        var field = TextField("12")
        #expect(field.edit(.begin) == nil)
        #expect(field.text == "12")
    }

    @Test(arguments: [
        "\u{1B}[2~", "\u{1B}[99z", "\u{1B}[200~", "\u{1B}[?1;2c", "\u{1B}[38;5;208m", "\u{1B}Oa", "\u{1B}[[Z",
    ])
    func unknownSequencesAreSwallowedWhole(sequence: String) {
        #expect(keys(sequence).isEmpty, "\(sequence.debugDescription)")
        #expect(keys("q" + sequence + "q") == [.char("q"), .char("q")], "\(sequence.debugDescription)")
    }

    @Test func aLoneEscapeIsAKeyOnlyOnceTheDelayPassed() {
        var decoder = KeyDecoder()
        #expect(decoder.feed(.character(27)).isEmpty)
        #expect(decoder.isPending)
        #expect(decoder.flush() == [.escape])
        #expect(!decoder.isPending)
        #expect(keys("\u{1B}\u{1B}") == [.escape, .escape])
        // Escape, then a key ncurses decoded: two keys.
        var again = KeyDecoder()
        #expect(again.feed(.character(27)).isEmpty)
        #expect(again.feed(.key(.up)) == [.escape, .up])
    }

    @Test func anUnfinishedSequenceIsDroppedNotTyped() {
        #expect(keys("\u{1B}[1").isEmpty)
        #expect(keys("\u{1B}[1;").isEmpty)
        // Escape and a key in one read (typed quickly, or batched by a slow link) are two keys;
        // so are Escape and `[` with nothing after them.
        #expect(keys("\u{1B}5") == [.escape, .char("5")])
        #expect(keys("\u{1B}q") == [.escape, .char("q")])
        #expect(keys("\u{1B}[") == [.escape, .char("[")])
        // A control character interrupting a sequence still counts; a new Escape starts over.
        #expect(keys("\u{1B}[1\t") == [.tab])
        #expect(keys("\u{1B}[1\u{1B}[4~") == [.end])
        // Noise that never ends is given up after a bound.
        #expect(
            keys("\u{1B}[" + String(repeating: "1", count: 100) + "~").map(\.description).allSatisfy {
                $0 == "1" || $0 == "~"
            })
    }

    @Test func singleCharactersBecomeNamedKeys() {
        #expect(keys("\t\r\n\u{7F}\u{08}") == [.tab, .enter, .enter, .backspace, .backspace])
        #expect(keys("\u{03}\u{1A}\u{0C}") == [.control("c"), .control("z"), .control("l")])
        #expect(keys("\u{00}\u{1C}\u{1F}").isEmpty)
        #expect(keys("é日") == [.char("é"), .char("日")])
    }

    @Test func keysTheTerminalLibraryDecodedPassThrough() {
        var decoder = KeyDecoder()
        for key in [Key.home, .end, .pageUp, .backTab, .function(3)] { #expect(decoder.feed(.key(key)) == [key]) }
    }
}
