/// One terminal cell: the grapheme shown and the role that styles it. A wide character
/// occupies its cell and the next, which holds an empty `text` (a continuation).
public struct Cell: Hashable, Sendable {
    public var text: String
    public var role: Role

    public init(_ text: String = " ", role: Role = .base) {
        self.text = text
        self.role = role
    }

    public var isContinuation: Bool { text.isEmpty }
}

/// A rectangle of the screen, in cells.
public struct Rect: Hashable, Sendable {
    public var x: Int, y: Int, width: Int, height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }

    public func inset(by amount: Int) -> Rect {
        Rect(x: x + amount, y: y + amount, width: width - 2 * amount, height: height - 2 * amount)
    }
}

/// What the console shows, as a value: width × height cells with roles. Views draw here; the
/// ncurses backend only copies it to the terminal, and tests compare it with golden dumps.
///
/// Invariant: `cells.count == width * height`; drawing outside the grid is clipped, never a crash;
/// a wide character never straddles the right edge.
///
/// Cells are stored packed (`PackedCell`: a scalar and a role number, with the rare longer
/// graphemes and unknown roles in `tables`), so a frame writes numbers, not `String`s; `Cell` is
/// what reading a cell gives.
public struct Screen: Equatable, Sendable {
    public let width: Int
    public let height: Int
    private(set) var packed: [PackedCell]
    private(set) var tables = CellTables()

    public init(width: Int, height: Int, role: Role = .base) {
        self.width = max(0, width)
        self.height = max(0, height)
        packed = []
        let blank = PackedCell(glyph: 0x20, role: tables.number(for: role))
        packed = Array(repeating: blank, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// Every cell, row by row (made on each read: for tests and dumps, not for drawing).
    public var cells: [Cell] { packed.map { tables.cell($0) } }

    public subscript(x: Int, y: Int) -> Cell {
        get { tables.cell(packed[y * width + x]) }
        set { packed[y * width + x] = tables.pack(newValue) }
    }

    /// Equal when every cell shows the same text in the same role, however each screen numbered
    /// its long graphemes and unknown roles.
    public static func == (lhs: Screen, rhs: Screen) -> Bool {
        guard lhs.width == rhs.width, lhs.height == rhs.height else { return false }
        // With the same tables a cell has one packed form, so the numbers alone decide.
        if lhs.tables == rhs.tables { return lhs.packed == rhs.packed }
        return zip(lhs.packed, rhs.packed).allSatisfy { lhs.tables.cell($0) == rhs.tables.cell($1) }
    }

    /// Fills a rectangle with spaces of one role.
    public mutating func fill(_ rect: Rect, role: Role) {
        let clipped = clip(rect)
        guard clipped.width > 0 else { return }
        let blank = PackedCell(glyph: 0x20, role: tables.number(for: role))
        for y in clipped.y..<clipped.maxY {
            let row = y * width
            for x in clipped.x..<clipped.maxX { packed[row + x] = blank }
        }
    }

    /// Writes `text` from (x, y), at most `limit` columns, clipped at the edge. Returns the
    /// columns used.
    @discardableResult
    public mutating func put(_ text: some StringProtocol, x: Int, y: Int, role: Role, limit: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let end = min(width, limit.map { x + $0 } ?? width)
        let number = tables.number(for: role)
        let row = y * width
        var column = x
        // Printable ASCII, most of what a frame draws: a cell a byte, without the Unicode
        // tables a Character goes through (what the loop below would do, at a fraction of the time).
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            for byte in text.utf8 {
                if column + 1 > end { break }
                if column >= 0 { packed[row + column] = PackedCell(glyph: UInt32(byte), role: number) }
                column += 1
            }
            return max(0, column - x)
        }
        // Sparklines, frames, arrows and accented letters: a cell (or two) a scalar, each scalar
        // being its own grapheme (`SingleScalarText`), as the loop below would place them.
        if text.unicodeScalars.allSatisfy(SingleScalarText.contains) {
            return putScalars(text.unicodeScalars, x: x, y: y, role: role, end: end)
        }
        return putCharacters(text, x: x, y: y, role: role, end: end)
    }

    /// `put` of the text these scalars spell, each one of `SingleScalarText` (a grapheme of its
    /// own): for a view that has scalars, not a string (a sparkline). `end`: the column to stop at.
    @discardableResult
    mutating func putScalars(_ scalars: some Sequence<Unicode.Scalar>, x: Int, y: Int, role: Role, end: Int) -> Int {
        guard y >= 0, y < height else { return 0 }
        let number = tables.number(for: role)
        let row = y * width
        let end = min(width, end)
        var column = x
        for scalar in scalars {
            assert(SingleScalarText.contains(scalar), "U+\(scalar.value) may join its neighbour")
            let scalarWidth = SingleScalarText.width(scalar)
            if column + scalarWidth > end { break }
            if column >= 0 {
                packed[row + column] = PackedCell(glyph: scalar.value, role: number)
                if scalarWidth == 2 {
                    packed[row + column + 1] = PackedCell(glyph: PackedCell.continuation, role: number)
                }
            }
            column += scalarWidth
        }
        return max(0, column - x)
    }

    /// `put` a grapheme at a time: for any text (escapes, combining marks, emoji sequences).
    /// Internal so tests can compare the faster paths of `put` with it.
    mutating func putCharacters(_ text: some StringProtocol, x: Int, y: Int, role: Role, end: Int) -> Int {
        guard y >= 0, y < height else { return 0 }
        let number = tables.number(for: role)
        let row = y * width
        var column = x
        for character in text {
            if TerminalText.needsEscape(character) {
                // A control character or a bidirectional override from a title or a file would act
                // on the terminal (or be drawn as ^X): shown escaped instead, as the CLI shows it,
                // in the columns `TextWidth` counts for it.
                let shown = TerminalText.escaped(String(character))
                guard column + TextWidth.of(shown) <= end else { break }
                column += put(shown, x: column, y: y, role: role)
                continue
            }
            let characterWidth = TextWidth.of(character)
            if characterWidth == 0 {
                // A combining mark joins the previous cell's grapheme.
                if column > 0, column - 1 < width, column - 1 >= 0 { self[column - 1, y].text.append(character) }
                continue
            }
            if column + characterWidth > end { break }
            if column >= 0 {
                packed[row + column] = PackedCell(glyph: tables.glyph(for: character), role: number)
                if characterWidth == 2 {
                    packed[row + column + 1] = PackedCell(glyph: PackedCell.continuation, role: number)
                }
            }
            column += characterWidth
        }
        return max(0, column - x)
    }

    /// Changes the role of cells without changing their text (to highlight a row or a match).
    public mutating func paint(_ rect: Rect, role: Role) {
        let clipped = clip(rect)
        guard clipped.width > 0 else { return }
        let number = tables.number(for: role)
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX { packed[y * width + x].role = number }
        }
    }

    /// A box-drawing frame with an optional title in the top edge.
    public mutating func frame(_ rect: Rect, role: Role, title: String? = nil, titleRole: Role? = nil) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        for x in (rect.x + 1)..<(rect.maxX - 1) {
            put("─", x: x, y: rect.y, role: role)
            put("─", x: x, y: rect.maxY - 1, role: role)
        }
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            put("│", x: rect.x, y: y, role: role)
            put("│", x: rect.maxX - 1, y: y, role: role)
        }
        put("┌", x: rect.x, y: rect.y, role: role)
        put("┐", x: rect.maxX - 1, y: rect.y, role: role)
        put("└", x: rect.x, y: rect.maxY - 1, role: role)
        put("┘", x: rect.maxX - 1, y: rect.maxY - 1, role: role)
        if let title, rect.width > 6 {
            put(" \(TextWidth.truncate(title, to: rect.width - 6)) ", x: rect.x + 2, y: rect.y, role: titleRole ?? role)
        }
    }

    private func clip(_ rect: Rect) -> Rect {
        let x0 = max(0, rect.x)
        let y0 = max(0, rect.y)
        let x1 = min(width, rect.maxX)
        let y1 = min(height, rect.maxY)
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    // MARK: - Dumps for golden tests

    /// The characters, one line per row, trailing spaces kept so widths are visible.
    public func textDump() -> String {
        (0..<height).map { y in
            (0..<width).map { x in self[x, y].text }.joined()
        }.joined(separator: "\n")
    }

    /// One letter per cell naming its role (legend first), so a golden records styling too.
    public func roleDump() -> String {
        var letters: [Role: Character] = [:]
        var legend: [String] = []
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var rows: [String] = []
        for y in 0..<height {
            var row = ""
            for x in 0..<width {
                let role = self[x, y].role
                if letters[role] == nil {
                    let letter = letters.count < alphabet.count ? alphabet[letters.count] : "?"
                    letters[role] = letter
                    legend.append("\(letter) = \(role.name)")
                }
                row.append(letters[role] ?? "?")
            }
            rows.append(row)
        }
        return (legend + ["---"] + rows).joined(separator: "\n")
    }
}
