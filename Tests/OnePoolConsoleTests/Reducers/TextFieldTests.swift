import OnePoolConsole
import Testing

/// The one editor behind every text the console takes.
@Suite struct TextFieldTests {
    private func edited(_ start: String, _ keys: [Key]) -> TextField {
        var field = TextField(start)
        for key in keys { _ = field.edit(key) }
        return field
    }

    @Test func typingBackspaceDeleteAndTheCaret() {
        #expect(edited("", typed("abc")).text == "abc")
        #expect(edited("abc", [.backspace]).text == "ab")
        #expect(edited("abc", [.left, .left, .backspace]).text == "bc")
        #expect(edited("abc", [.home, .delete]).text == "bc")
        #expect(edited("abc", [.home, .character("x"), .end, .character("y")]).text == "xabcy")
        #expect(edited("abc", [.control("a"), .character("<"), .control("e"), .character(">")]).text == "<abc>")
        #expect(edited("two words", [.control("w")]).text == "two ")
        #expect(edited("two words", [.left, .left, .control("u")]).text == "ds")
        #expect(edited("", [.backspace, .delete, .left, .right]).text.isEmpty)
        var field = TextField("x")
        #expect(field.edit(.up) == nil && field.edit(.enter) == nil && field.edit(.tab) == nil)
    }

    @Test func editedMeansDifferentFromWhatItOpenedWith() {
        var field = TextField("48")
        #expect(!field.isEdited)
        _ = field.edit(.backspace)
        #expect(field.isEdited)
        _ = field.edit(.character("8"))
        #expect(!field.isEdited)
    }

    @Test func aLongTextShowsThePartAroundTheCaret() {
        let field = edited("", typed("abcdefghijklmnopqrstuvwxyz"))
        #expect(field.shown(width: 10).hasSuffix("z▏"))
        #expect(TextWidth.of(field.shown(width: 10)) == 10)
        #expect(edited("abc", [.home]).shown(width: 10) == "▏abc")
    }
}
