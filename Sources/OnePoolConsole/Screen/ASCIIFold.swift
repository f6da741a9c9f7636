/// The screen as a terminal without UTF-8 can show it.
extension Screen {
    /// The same screen in ASCII only: sparklines and charts from `._-=#`, bars of `#`, boxes of
    /// `+-|`, arrows and punctuation as their nearest ASCII, accented Latin letters as their
    /// base letter, anything else as `?` in each of its cells. Every glyph keeps its width, so
    /// no column moves and nothing of an earlier frame is left behind.
    public func foldedToASCII() -> Screen {
        var folded = self
        for y in 0..<height {
            var x = 0
            while x < width {
                defer { x += 1 }
                // One ASCII scalar, most cells: kept as it is, without making the cell.
                if packed[y * width + x].glyph < 0x80 { continue }
                let cell = self[x, y]
                if cell.isContinuation {
                    folded[x, y] = Cell("?", role: cell.role)  // the second half of a wide character
                    continue
                }
                guard let first = cell.text.unicodeScalars.first, !first.isASCII || cell.text.unicodeScalars.count > 1
                else {
                    continue
                }
                if first.isASCII {
                    folded[x, y] = Cell(String(first), role: cell.role)  // a letter with combining marks
                    continue
                }
                folded[x, y] = Cell(String(Self.asciiStandIn(for: first)), role: cell.role)
            }
        }
        return folded
    }

    /// One ASCII character standing in for a non-ASCII one.
    static func asciiStandIn(for scalar: Unicode.Scalar) -> Character {
        if let mapped = standIns[scalar] { return mapped }
        if (0xC0...0xFF).contains(scalar.value), let letter = latin1Letter(scalar.value) { return letter }
        return "?"
    }

    private static let standIns: [Unicode.Scalar: Character] = {
        var table: [Unicode.Scalar: Character] = [:]
        let pairs: [(String, Character)] = [
            // Sparklines and chart bars, lowest to highest; partial bar cells.
            ("▁", "."), ("▂", "_"), ("▃", "_"), ("▄", "-"), ("▅", "-"), ("▆", "="), ("▇", "="), ("█", "#"),
            ("▏▎▍", "|"), ("▌▋▊▉", "#"),
            // Boxes and chart axes.
            ("─━┄┅╌╍═", "-"), ("│┃┆┇╎╏║", "|"), ("┌┐└┘├┤┬┴┼╭╮╯╰╔╗╚╝", "+"),
            // Arrows, marks, punctuation.
            ("↑▲", "^"), ("↓▼", "v"), ("←◀", "<"), ("→▶", ">"), ("■●•", "*"), ("□○", "o"), ("✓✔", "v"),
            ("…", "~"), ("·", "."), ("—–‐‑−", "-"), ("“”„«»", "\""), ("‘’‚", "'"), ("×", "x"), ("≤", "<"), ("≥", ">"),
            ("⚠", "!"), ("€", "E"), ("£", "L"), ("¥", "Y"), ("°", "o"), ("ß", "s"), ("æ", "a"), ("Æ", "A"), ("œ", "o"),
            ("Œ", "O"),
            // What Core's rules and explanations write: a sum (Σ SKUs: …), rounding brackets,
            // the positive part (x)⁺, a ratio, an unbounded cover, a bundle's limiting part.
            ("Σ", "S"), ("⌈⌊", "["), ("⌉⌋", "]"), ("⁺", "+"), ("÷", "/"), ("∞", "~"), ("±", "+"), ("≠", "#"),
            ("≈", "~"), ("‹◂", "<"), ("›▸", ">"), ("²", "2"), ("³", "3"), ("¹", "1"),
        ]
        for (scalars, character) in pairs {
            for scalar in scalars.unicodeScalars { table[scalar] = character }
        }
        return table
    }()

    /// À…ÿ without their accents.
    private static func latin1Letter(_ value: UInt32) -> Character? {
        let letters: [(ClosedRange<UInt32>, Character)] = [
            (0xC0...0xC5, "A"), (0xC7...0xC7, "C"), (0xC8...0xCB, "E"), (0xCC...0xCF, "I"), (0xD1...0xD1, "N"),
            (0xD2...0xD6, "O"), (0xD8...0xD8, "O"), (0xD9...0xDC, "U"), (0xDD...0xDD, "Y"), (0xE0...0xE5, "a"),
            (0xE7...0xE7, "c"), (0xE8...0xEB, "e"), (0xEC...0xEF, "i"), (0xF1...0xF1, "n"), (0xF2...0xF6, "o"),
            (0xF8...0xF8, "o"), (0xF9...0xFC, "u"), (0xFD...0xFD, "y"), (0xFF...0xFF, "y"),
        ]
        return letters.first { $0.0.contains(value) }?.1
    }
}

extension TerminalText {
    /// Printed text for a terminal without UTF-8, folded as the console's frames are
    /// (`Screen.foldedToASCII`): each non-ASCII character becomes its ASCII stand-in, padded with
    /// `?` to the columns it took, so what is printed in columns stays in them.
    public static func foldedToASCII(_ text: String) -> String {
        guard !text.unicodeScalars.allSatisfy(\.isASCII) else { return text }
        var result = ""
        for character in text {
            let scalars = character.unicodeScalars
            if scalars.allSatisfy(\.isASCII) {
                result.append(character)
                continue
            }
            guard let first = scalars.first else { continue }
            if first.isASCII {
                result.unicodeScalars.append(first)  // a letter with combining marks
                continue
            }
            let width = TextWidth.of(character)
            guard width > 0 else { continue }  // a mark or joiner on its own takes no column
            result.append(Screen.asciiStandIn(for: first))
            result += String(repeating: "?", count: width - 1)
        }
        return result
    }
}
