import OnePoolCore

/// The lookup overlay: the query, how many match, and the best matches.
enum LookupView {
    /// Over the whole body on a small terminal (no slices of the pane behind it), a centred
    /// box of at most 100×22 on a large one.
    static func box(width: Int, height: Int) -> Rect {
        let body = Rect(x: 0, y: 2, width: width, height: height - 3)
        guard width >= 110 && height >= 30 else { return body }
        let boxWidth = min(100, width - 6)
        let boxHeight = min(22, height - 4)
        return Rect(x: (width - boxWidth) / 2, y: 2, width: boxWidth, height: boxHeight)
    }

    static func listRows(width: Int, height: Int) -> Int { max(1, box(width: width, height: height).height - 5) }

    static func draw(_ lookup: LookupState, _ context: ViewContext, into screen: inout Screen) {
        let data = context.data
        let box = box(width: screen.width, height: screen.height)
        screen.fill(box, role: .overlay)
        screen.frame(
            box, role: .overlayBorder, title: "Look up a SKU — code, title words or barcode", titleRole: .overlayTitle)
        let inputY = box.y + 1
        screen.fill(Rect(x: box.x + 2, y: inputY, width: box.width - 4, height: 1), role: .inputField)
        let count =
            lookup.matchCount == data.rows.count && lookup.query.isEmpty
            ? "\(Format.count(data.rows.count)) SKUs"
            : "\(Format.count(lookup.matchCount)) \(lookup.matchCount == 1 ? "match" : "matches")"
        let inputWidth = box.width - 7 - TextWidth.of(count)
        screen.put(
            "/ " + lookup.field.shown(width: inputWidth - 2), x: box.x + 2, y: inputY, role: .inputField,
            limit: inputWidth)
        screen.put(count, x: box.maxX - 2 - TextWidth.of(count), y: inputY, role: .muted)
        let rows = box.height - 5
        let codeWidth = 16
        for line in 0..<rows {
            let position = lookup.cursor.top + line
            guard position < lookup.results.count else { break }
            let match = lookup.results[position]
            let row = data.rows[match.row]
            let y = box.y + 3 + line
            let selected = position == lookup.cursor.selected
            let base: Role = selected ? .tableRowSelected : .overlay
            screen.fill(Rect(x: box.x + 1, y: y, width: box.width - 2, height: 1), role: base)
            screen.put(TextWidth.fitMiddle(row.code.rawValue, to: codeWidth), x: box.x + 2, y: y, role: base)
            if let range = match.codeRange, !selected, range.upperBound <= row.code.rawValue.utf8.count,
                row.code.rawValue.utf8.count <= codeWidth
            {
                let prefix = String(row.code.rawValue.utf8.prefix(range.lowerBound)) ?? ""
                let part = String(row.code.rawValue.utf8.dropFirst(range.lowerBound).prefix(range.count)) ?? ""
                screen.put(part, x: box.x + 2 + TextWidth.of(prefix), y: y, role: .matchHighlight)
            }
            let available = (row.bundle == nil ? "avail " : "bundle · avail ") + Format.count(row.available)
            let titleRoom = box.width - codeWidth - TextWidth.of(available) - 7
            screen.put(TextWidth.truncate(row.title, to: titleRoom), x: box.x + 3 + codeWidth, y: y, role: base)
            screen.put(
                available, x: box.maxX - 2 - TextWidth.of(available), y: y, role: selected ? base : SKURowRole.of(row))
        }
        if !data.secondaryLoaded && !lookup.query.isEmpty {
            screen.put(
                TextWidth.truncate("Building the search index… the matches follow in a moment.", to: box.width - 6),
                x: box.x + 3, y: box.y + 3, role: .muted)
        } else if lookup.results.isEmpty && !lookup.query.isEmpty {
            screen.put(
                TextWidth.truncate("No SKU matches '\(lookup.query)'.", to: box.width - 6), x: box.x + 3, y: box.y + 3,
                role: .muted)
        }
        screen.put("↑↓ choose · Enter open · Esc close", x: box.x + 2, y: box.maxY - 1, role: .overlayBorder)
    }
}

enum SKURowRole {
    static func of(_ row: SKURow) -> Role {
        StockPaneView.conditionRole(row) == .tableRow ? .overlay : StockPaneView.conditionRole(row)
    }
}
