import OnePoolCore

/// The stock pool table: every SKU's quantities and a 30-day sales sparkline.
enum StockPaneView {
    struct Layout {
        var codeWidth: Int
        var titleWidth: Int
        var numberWidth: Int
        var sparkWidth: Int
    }

    static let numberColumns: [StockColumn] = [.onHand, .committed, .held, .unsellable, .available, .incoming]

    static func layout(width: Int) -> Layout {
        let numberWidth = 7
        let codeWidth = width >= 110 ? 16 : 13
        let fixed = 1 + codeWidth + 1 + numberColumns.count * numberWidth + 2
        let flexible = max(0, width - fixed)
        let sparkWidth = min(30, max(10, flexible - 14))
        return Layout(
            codeWidth: codeWidth, titleWidth: max(8, flexible - sparkWidth - 1), numberWidth: numberWidth,
            sparkWidth: sparkWidth)
    }

    static func note(_ pane: StockPaneState, filterField: TextField?, _ context: ViewContext) -> String {
        var parts: [String] = []
        if pane.filter != .all { parts.append("show: \(pane.filter.label)") }
        if let field = filterField {
            parts.append("filter: \(field.shown(width: 30))")
        } else if !pane.text.isEmpty {
            parts.append("filter: \(pane.text)")
        }
        if pane.sort != .sku || pane.descending {
            parts.append("sorted by \(pane.sort.heading)\(pane.descending ? " ▼" : " ▲")")
        }
        parts.append("\(Format.count(pane.visible.count)) of \(Format.count(context.data.rows.count))")
        return parts.joined(separator: " · ")
    }

    static func draw(_ pane: StockPaneState, _ context: ViewContext, in area: Rect, into screen: inout Screen) {
        let layout = layout(width: area.width)
        let data = context.data
        var x = area.x + 1
        func heading(_ column: StockColumn, width: Int, right: Bool) {
            var text = column.heading
            if pane.sort == column {
                text = right ? (pane.descending ? "▼" : "▲") + text : text + (pane.descending ? "▼" : "▲")
            }
            screen.putFitted(text, x: x, y: area.y, role: .tableHeader, columns: width, rightAligned: right)
            x += width
        }
        screen.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), role: .tableHeader)
        heading(.sku, width: layout.codeWidth + 1, right: false)
        heading(.title, width: layout.titleWidth + 1, right: false)
        for column in numberColumns { heading(column, width: layout.numberWidth, right: true) }
        x += 2
        heading(.sold30, width: layout.sparkWidth, right: false)

        let rows = area.height - 1
        if pane.visible.isEmpty {
            let message =
                data.rows.isEmpty
                ? "No SKUs yet. Add one with `onepool sku add CODE --title ...`."
                : "No SKUs match (o: show all, Esc: clear the filter)."
            screen.put(message, x: area.x + 2, y: area.y + 2, role: .muted, limit: area.width - 4)
            return
        }
        for line in 0..<rows {
            let position = pane.cursor.top + line
            guard position < pane.visible.count else { break }
            let row = data.rows[pane.visible[position]]
            drawRow(
                row, data: data, layout: layout, y: area.y + 1 + line, x: area.x, width: area.width,
                selected: position == pane.cursor.selected, into: &screen)
        }
    }

    static func conditionRole(_ row: SKURow) -> Role {
        switch row.condition {
        case .oversold, .belowSafety: .stockOversold
        case .outOfStock: .stockOut
        case .normal: .tableRow
        }
    }

    private static func drawRow(
        _ row: SKURow, data: ConsoleData, layout: Layout, y: Int, x startX: Int, width: Int, selected: Bool,
        into screen: inout Screen
    ) {
        let condition = conditionRole(row)
        let base: Role = selected ? .tableRowSelected : condition
        screen.fill(Rect(x: startX, y: y, width: width, height: 1), role: base)
        var x = startX + 1
        let code = row.code.rawValue
        x += screen.putFitted(code, x: x, y: y, role: base, columns: layout.codeWidth, cutInMiddle: true) + 1
        // A bundle says so; its quantities are its own (0) and its available what its parts make.
        let title = row.bundle.map { "bundle ◂\($0.limiting?.sku ?? "") · \(row.title)" } ?? row.title
        x += screen.putFitted(title, x: x, y: y, role: base, columns: layout.titleWidth) + 1
        let stock = row.stock
        let values = [stock.onHand, stock.committed, stock.held, stock.unsellable, row.available, stock.incoming]
        for (column, value) in zip(numberColumns, values) {
            var role = base
            if column == .available && condition != .tableRow { role = condition }
            if column == .held && value > 0 && !selected { role = .stockHeld }
            x += screen.putFitted(
                Format.count(value), x: x, y: y, role: role, columns: layout.numberWidth, rightAligned: true)
        }
        x += 2
        let sales = data.history.window(row.code, days: 30, endingOn: data.today)
        let spark = Sparkline.scalars(sales, width: layout.sparkWidth)
        screen.putScalars(spark, x: x, y: y, role: selected ? base : .sparkline, end: screen.width)
    }
}
