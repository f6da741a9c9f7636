/// One column of a table: its heading, width (the last column may take what is left) and
/// alignment. How a cell is cut when it does not fit: at its end, or in its middle (codes,
/// where the end tells variants apart).
struct TableColumn {
    enum Cut { case end, middle }

    var title: String
    var width: Int
    var rightAligned = false
    var cut = Cut.end
    /// Keeps the column's last cell blank, so a cut cell never runs into the next column.
    var gap = false

    init(_ title: String, _ width: Int, right: Bool = false, cut: Cut = .end, gap: Bool = false) {
        self.title = title
        self.width = width
        self.rightAligned = right
        self.cut = cut
        self.gap = gap
    }
}

/// The table every list pane draws: a header row, then rows of cells, laid out once from the
/// columns so headers and cells can never disagree.
struct Table {
    var columns: [TableColumn]
    /// The first column's x.
    var x: Int

    /// The heading row, across `area`'s width.
    func header(in area: Rect, y: Int, into screen: inout Screen, trailing: String? = nil) {
        screen.fill(Rect(x: area.x, y: y, width: area.width, height: 1), role: .tableHeader)
        var column = x
        for spec in columns {
            column += screen.putFitted(
                spec.title, x: column, y: y, role: .tableHeader, columns: spec.width, rightAligned: spec.rightAligned)
        }
        if let trailing { screen.put(trailing, x: column, y: y, role: .tableHeader, limit: area.maxX - column) }
    }

    /// One row: each cell in its column and role; `trailing` (text, role) takes the rest of the
    /// row, cut with "…". Returns the x after the last fixed column.
    @discardableResult
    func row(
        _ cells: [(String, Role)], trailing: (String, Role)? = nil, in area: Rect, y: Int, base: Role,
        into screen: inout Screen
    ) -> Int {
        screen.fill(Rect(x: area.x, y: y, width: area.width, height: 1), role: base)
        var column = x
        for (spec, cell) in zip(columns, cells) {
            guard spec.gap else {
                column += screen.putFitted(
                    cell.0, x: column, y: y, role: cell.1, columns: spec.width, rightAligned: spec.rightAligned,
                    cutInMiddle: spec.cut == .middle)
                continue
            }
            let room = spec.width - 1
            var text =
                spec.cut == .middle
                ? TextWidth.fitMiddle(cell.0, to: room, rightAligned: spec.rightAligned)
                : TextWidth.fit(cell.0, to: room, rightAligned: spec.rightAligned)
            text += " "  // the gap
            column += screen.put(text, x: column, y: y, role: cell.1)
        }
        if let trailing {
            screen.put(
                TextWidth.truncate(trailing.0, to: max(0, area.maxX - column), atWord: true), x: column, y: y,
                role: trailing.1)
        }
        return column
    }
}
