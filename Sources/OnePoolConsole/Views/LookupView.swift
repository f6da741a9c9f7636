import OnePoolCore

/// The lookup overlay: the query, how many match, and the best matches.
enum LookupView {
    static func box(width: Int, height: Int) -> Rect {
        let boxWidth = min(100, width - 6)
        let boxHeight = min(22, height - 4)
        return Rect(x: (width - boxWidth) / 2, y: 2, width: boxWidth, height: boxHeight)
    }

    static func listRows(height: Int) -> Int { max(1, box(width: 80, height: height).height - 5) }

    static func draw(_ state: ConsoleState, lookup: LookupState, into screen: inout Screen) {
        let box = box(width: screen.width, height: screen.height)
        screen.fill(box, role: .overlay)
        screen.frame(box, role: .overlayBorder, title: "Look up a SKU — code, title words or barcode", titleRole: .overlayTitle)
        let inputY = box.y + 1
        screen.fill(Rect(x: box.x + 2, y: inputY, width: box.width - 4, height: 1), role: .inputField)
        screen.put("/ \(lookup.query)▏", x: box.x + 2, y: inputY, role: .inputField, limit: box.width - 4)
        let count = lookup.matchCount == state.data.rows.count && lookup.query.isEmpty
            ? "\(Format.count(state.data.rows.count)) SKUs" : "\(Format.count(lookup.matchCount)) match"
        screen.put(count, x: box.maxX - 2 - TextWidth.of(count), y: inputY, role: .muted)
        let rows = box.height - 5
        let codeWidth = 16
        for line in 0..<rows {
            let position = lookup.cursor.top + line
            guard position < lookup.results.count else { break }
            let match = lookup.results[position]
            let row = state.data.rows[match.row]
            let y = box.y + 3 + line
            let selected = position == lookup.cursor.selected
            let base: Role = selected ? .tableRowSelected : .overlay
            screen.fill(Rect(x: box.x + 1, y: y, width: box.width - 2, height: 1), role: base)
            screen.put(TextWidth.fit(row.code, to: codeWidth), x: box.x + 2, y: y, role: base)
            if let range = match.codeRange, !selected, range.upperBound <= row.code.utf8.count, row.code.utf8.count <= codeWidth {
                let prefix = String(row.code.utf8.prefix(range.lowerBound)) ?? ""
                let part = String(row.code.utf8.dropFirst(range.lowerBound).prefix(range.count)) ?? ""
                screen.put(part, x: box.x + 2 + TextWidth.of(prefix), y: y, role: .matchHighlight)
            }
            let available = "avail \(Format.count(row.stock.available))"
            screen.put(row.title, x: box.x + 3 + codeWidth, y: y, role: base, limit: box.width - codeWidth - TextWidth.of(available) - 7)
            screen.put(available, x: box.maxX - 2 - TextWidth.of(available), y: y, role: selected ? base : SKURowRole.of(row))
        }
        if lookup.results.isEmpty && !lookup.query.isEmpty {
            screen.put("No SKU matches '\(lookup.query)'.", x: box.x + 3, y: box.y + 3, role: .muted)
        }
        screen.put("↑↓ choose · Enter open · Esc close", x: box.x + 2, y: box.maxY - 1, role: .overlayBorder)
    }
}

enum SKURowRole {
    static func of(_ row: SKURow) -> Role { StockPaneView.conditionRole(row) == .tableRow ? .overlay : StockPaneView.conditionRole(row) }
}
