/// Text from a store or a file made safe to print on a terminal: every control character is
/// shown as an escape instead of acting (a tab shifting a column, a carriage return rewriting a
/// line, ESC starting a terminal sequence). Titles, names and reasons come from people and
/// channel exports, so anything printed from them passes through here.
public enum TerminalText {
    /// `text` with control characters (C0, DEL, C1) written as `\t`, `\n`, `\r`, `\e` or
    /// `\u{…}`, and the bidirectional overrides that reorder what follows them shown the same
    /// way. Printable text, including CJK and emoji, is unchanged.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\u{1B}": result += "\\e"
            default: result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            }
        }
        return result
    }

    /// `escaped`, keeping line breaks: for messages of several lines whose parts may hold
    /// anything (an error that quotes a cell).
    public static func escapedKeepingLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { escaped(String($0)) }.joined(
            separator: "\n")
    }

    /// Whether any scalar of `character` is shown escaped.
    static func needsEscape(_ character: Character) -> Bool {
        if let ascii = character.asciiValue { return ascii < 0x20 || ascii == 0x7F }
        return character.unicodeScalars.contains(where: needsEscape)
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return true }
        // Bidirectional embeddings, overrides and isolates reorder the text after them.
        return (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }

    /// `text` escaped and padded with spaces to `columns` display columns (CJK characters take
    /// two); never cut. Right-aligned when asked.
    public static func padded(_ text: String, to columns: Int, rightAligned: Bool = false) -> String {
        let shown = escaped(text)
        let padding = String(repeating: " ", count: max(0, columns - TextWidth.of(shown)))
        return rightAligned ? padding + shown : shown + padding
    }

    /// The display width of `text` once escaped.
    public static func width(_ text: String) -> Int { TextWidth.of(escaped(text)) }
}
