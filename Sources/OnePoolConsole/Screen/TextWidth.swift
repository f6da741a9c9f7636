/// How many terminal columns a character takes: 0 for combining marks and zero-width joiners,
/// 2 for East Asian wide and most emoji, else 1. A pure approximation of `wcwidth` that does not
/// depend on the process locale, so golden screens are the same on every machine.
public enum TextWidth {
    public static func of(_ character: Character) -> Int {
        if let ascii = character.asciiValue, ascii >= 32 && ascii < 127 { return 1 }
        // A control character or bidirectional override is drawn as its escape (`Screen.put`),
        // so it takes the escape's columns ("\e" two): counted here, the layout matches the draw.
        if TerminalText.needsEscape(character) { return of(TerminalText.escaped(String(character))) }
        guard let first = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.count > 1,
            character.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation })
        {
            return 2
        }
        return of(first)
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0 { return 0 }
        if value < 32 || (value >= 0x7F && value < 0xA0) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if isWide(value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    public static func of(_ text: some StringProtocol) -> Int {
        if text.utf8.allSatisfy({ $0 >= 32 && $0 < 127 }) { return text.utf8.count }
        return text.reduce(0) { $0 + of($1) }
    }

    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
            0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// The longest prefix of `text` that fits in `columns`, with "…" when cut. With `atWord`,
    /// a cut falls between words where one ends in the last third, so a number is never split
    /// ("wanted 500, free…" rather than "wanted 500, free stoc…").
    public static func truncate(_ text: String, to columns: Int, atWord: Bool = false) -> String {
        guard columns > 0 else { return "" }
        if of(text) <= columns { return text }
        var result = ""
        var used = 0
        var lastBreak: (index: String.Index, used: Int)? = nil
        for character in text {
            let width = of(character)
            if used + width > columns - 1 { break }
            if character == " " { lastBreak = (result.endIndex, used) }
            result.append(character)
            used += width
        }
        if atWord, let cut = lastBreak, cut.used >= (columns - 1) * 2 / 3 {
            result = String(result[..<cut.index])
            while let last = result.last, " ,;:·—-".contains(last) { result.removeLast() }
        }
        return result + "…"
    }

    /// `text` padded with spaces (or cut) to exactly `columns`; right-aligned when asked.
    public static func fit(_ text: String, to columns: Int, rightAligned: Bool = false) -> String {
        pad(truncate(text, to: columns), to: columns, rightAligned: rightAligned)
    }

    /// `text` cut in its middle when it does not fit ("MUG-ST…41-SGE"): for codes, whose end
    /// tells variants apart. Padded to exactly `columns`.
    public static func fitMiddle(_ text: String, to columns: Int, rightAligned: Bool = false) -> String {
        guard of(text) > columns, columns > 2 else { return fit(text, to: columns, rightAligned: rightAligned) }
        let characters = Array(text)
        let (head, used) = longestHead(of: text, within: (columns - 1) / 2)
        var tail: [Character] = []
        var tailUsed = 0
        for character in characters.reversed() {
            if used + 1 + tailUsed + of(character) > columns { break }
            tail.insert(character, at: 0)
            tailUsed += of(character)
        }
        return pad(head + "…" + String(tail), to: columns, rightAligned: rightAligned)
    }

    /// The longest start of `text` that fits in `columns`, and the columns it takes.
    static func longestHead(of text: String, within columns: Int) -> (head: String, used: Int) {
        var head = ""
        var used = 0
        for character in text {
            let width = of(character)
            if used + width > columns { break }
            head.append(character)
            used += width
        }
        return (head, used)
    }

    static func pad(_ text: String, to columns: Int, rightAligned: Bool) -> String {
        let padding = String(repeating: " ", count: max(0, columns - of(text)))
        return rightAligned ? padding + text : text + padding
    }

    /// `text` broken into lines of at most `columns`, between words where it can be (a word longer
    /// than a line is cut across lines). Line breaks in `text` are kept.
    public static func wrap(_ text: String, to columns: Int) -> [String] {
        guard columns > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var used = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                var word = String(word)
                let width = of(word)
                if used > 0 && used + 1 + width <= columns {
                    line += " " + word
                    used += 1 + width
                    continue
                }
                if used > 0 {
                    lines.append(line)
                    line = ""
                    used = 0
                }
                while of(word) > columns {
                    let head = longestHead(of: word, within: columns).head
                    if head.isEmpty { break }
                    lines.append(head)
                    word.removeFirst(head.count)
                }
                line = word
                used = of(word)
            }
            lines.append(line)
        }
        return lines
    }
}
