/// One line of text being typed, with a cursor: the one editor behind the lookup, the stock
/// filter, every form field and every prompt, so editing keys mean the same everywhere.
///
/// Invariant: `0 <= cursor <= text.count` (in characters).
public struct TextField: Hashable, Sendable {
    public private(set) var text: String
    public private(set) var cursor: Int
    /// What the field held when it was opened: a form is "half filled" once this changed.
    public let initial: String

    public init(_ text: String = "") {
        self.text = text
        self.initial = text
        cursor = text.count
    }

    public var isEdited: Bool { text != initial }

    /// What an editing key did.
    public enum Edit: Equatable, Sendable {
        /// The text changed.
        case changed
        /// Only the cursor moved.
        case moved
    }

    /// Applies an editing key: a printable character is typed at the cursor; Backspace and
    /// Delete remove around it; ←/→, Home/End (and Ctrl-A/Ctrl-E) move it; Ctrl-U clears to
    /// the start, Ctrl-W removes the word before it. Returns nil for any other key.
    public mutating func edit(_ key: Key) -> Edit? {
        var characters = Array(text)
        switch key {
        case .character(let character):
            characters.insert(character, at: cursor)
            cursor += 1
        case .backspace:
            guard cursor > 0 else { return .moved }
            characters.remove(at: cursor - 1)
            cursor -= 1
        case .delete:
            guard cursor < characters.count else { return .moved }
            characters.remove(at: cursor)
        case .left:
            cursor = max(0, cursor - 1)
            return .moved
        case .right:
            cursor = min(characters.count, cursor + 1)
            return .moved
        case .home, .control("a"):
            cursor = 0
            return .moved
        case .end, .control("e"):
            cursor = characters.count
            return .moved
        case .control("u"):
            characters.removeFirst(cursor)
            cursor = 0
        case .control("w"):
            var start = cursor
            while start > 0 && characters[start - 1] == " " { start -= 1 }
            while start > 0 && characters[start - 1] != " " { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
        default:
            return nil
        }
        text = String(characters)
        return .changed
    }

    /// Replaces the whole text (the cursor goes to its end).
    public mutating func set(_ newText: String) {
        text = newText
        cursor = newText.count
    }

    /// The text as shown in `width` columns with the caret at the cursor: the part around the
    /// cursor when the whole does not fit.
    public func shown(width: Int, caret: Character? = "▏") -> String {
        let characters = Array(text)
        let before = String(characters[..<cursor])
        let after = String(characters[cursor...])
        let caretText = caret.map(String.init) ?? ""
        var line = before + caretText + after
        guard TextWidth.of(line) > width, width > 1 else { return line }
        if TextWidth.of(before) + TextWidth.of(caretText) <= width - 1 { return TextWidth.truncate(line, to: width) }
        // Keep the caret in view: drop from the front until what is before it fits.
        var head = Substring(before)
        while !head.isEmpty && TextWidth.of(head) + TextWidth.of(caretText) > width - 1 { head = head.dropFirst() }
        line = "…" + head + caretText + after
        return TextWidth.truncate(line, to: width)
    }
}
