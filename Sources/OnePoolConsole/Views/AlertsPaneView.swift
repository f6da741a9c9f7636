import OnePoolCore

/// What needs attention now, most money first; Enter opens the SKU.
enum AlertsPaneView {
    static func note(_ state: ConsoleState) -> String {
        let total = state.alerts.alerts.reduce(Money.zero) { $0 + $1.money }
        let forecasting = state.data.forecastProgress.map { " · forecasting \($0.done * 100 / max(1, $0.total))%…" }
            ?? (state.data.forecastRevision == 0 && state.data.historyLoaded ? " · forecasting…" : "")
        return "\(state.alerts.alerts.count) alerts · \(Format.money(total)) at risk" + forecasting
    }

    static func draw(_ state: ConsoleState, in area: Rect, into screen: inout Screen) {
        let codeWidth = area.width >= 110 ? 16 : 13
        let titleWidth = max(10, min(32, (area.width - codeWidth - 40) / 2))
        let columns: [(String, Int, Bool)] = [
            ("Alert", 9, false), ("SKU", codeWidth + 1, false), ("Title", titleWidth + 1, false), ("Units", 7, true),
            ("At risk", 10, true),
        ]
        screen.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), role: .tableHeader)
        var x = area.x + 1
        for (title, width, right) in columns {
            x += screen.put(TextWidth.fit(title, to: width, rightAligned: right), x: x, y: area.y, role: .tableHeader)
        }
        screen.put("  Why", x: x, y: area.y, role: .tableHeader)
        let pane = state.alerts
        if pane.alerts.isEmpty {
            screen.put("Nothing needs attention: no SKU is oversold or out of stock.", x: area.x + 2, y: area.y + 2, role: .muted)
            return
        }
        for line in 0..<(area.height - 1) {
            let position = pane.cursor.top + line
            guard position < pane.alerts.count else { break }
            let alert = pane.alerts[position]
            let y = area.y + 1 + line
            let selected = position == pane.cursor.selected
            let kindRole: Role = alert.kind.isCritical ? .alertCritical : .alertWarning
            let base: Role = selected ? .tableRowSelected : .tableRow
            screen.fill(Rect(x: area.x, y: y, width: area.width, height: 1), role: base)
            var x = area.x + 1
            x += screen.put(TextWidth.fit(alert.kind.label, to: 9), x: x, y: y, role: selected ? base : kindRole)
            x += screen.put(TextWidth.fit(alert.sku, to: codeWidth + 1), x: x, y: y, role: base)
            x += screen.put(TextWidth.fit(alert.title, to: titleWidth + 1), x: x, y: y, role: base)
            x += screen.put(TextWidth.fit(Format.count(alert.units), to: 7, rightAligned: true), x: x, y: y, role: base)
            x += screen.put(TextWidth.fit(Format.money(alert.money), to: 10, rightAligned: true), x: x, y: y, role: selected ? base : .money)
            screen.put("  " + alert.reason, x: x, y: y, role: selected ? base : .muted, limit: area.maxX - x)
        }
    }
}
