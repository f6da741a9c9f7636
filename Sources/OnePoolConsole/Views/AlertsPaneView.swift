import OnePoolCore

/// What needs attention now, most money first; Enter opens the SKU.
enum AlertsPaneView {
    static func note(_ pane: AlertsPaneState, _ context: ViewContext) -> String {
        let total = pane.alerts.reduce(Money.zero) { $0 + $1.money }
        return Progress.forecastNote(context.data)
            + "\(Format.count(pane.alerts.count)) alerts · \(Format.money(total)) at risk"
    }

    /// The reason matters more than the title (which the SKU's detail shows): on a narrow
    /// terminal the title gives way.
    static func table(width: Int, x: Int) -> Table {
        let codeWidth = width >= 110 ? 16 : 13
        let titleWidth = width < 100 ? 0 : max(10, min(32, (width - codeWidth - 40) / 2))
        return Table(
            columns: [
                TableColumn("Alert", 9), TableColumn("SKU", codeWidth + 1, cut: .middle, gap: true),
                TableColumn(titleWidth == 0 ? "" : "Title", titleWidth == 0 ? 0 : titleWidth + 1),
                TableColumn("Units", 7, right: true), TableColumn("At risk", 10, right: true),
            ], x: x)
    }

    static func draw(_ pane: AlertsPaneState, _ context: ViewContext, in area: Rect, into screen: inout Screen) {
        let table = table(width: area.width, x: area.x + 1)
        table.header(in: area, y: area.y, into: &screen, trailing: "  Why")
        if pane.alerts.isEmpty {
            screen.put(
                "Nothing needs attention: no SKU is oversold or out of stock.", x: area.x + 2, y: area.y + 2,
                role: .muted, limit: area.width - 4)
            return
        }
        for line in 0..<(area.height - 1) {
            let position = pane.cursor.top + line
            guard position < pane.alerts.count else { break }
            let alert = pane.alerts[position]
            let selected = position == pane.cursor.selected
            let kindRole: Role = alert.kind.isCritical ? .alertCritical : .alertWarning
            let base: Role = selected ? .tableRowSelected : .tableRow
            table.row(
                [
                    (alert.kind.label, selected ? base : kindRole), (alert.sku.rawValue, base), (alert.title, base),
                    (Format.count(alert.units), base), (Format.money(alert.money), selected ? base : .money),
                ],
                trailing: ("  " + alert.reason, selected ? base : .muted), in: area, y: area.y + 1 + line, base: base,
                into: &screen)
        }
    }
}
