import OnePoolCore

/// The morning briefing: the moves that matter most, by the money on them; two lines each (what
/// and how much, then why and the action Enter takes).
enum BriefingPaneView {
    static func note(_ state: ConsoleState) -> String {
        let total = state.data.briefing.reduce(Money.zero) { $0 + $1.money }
        let forecasting = state.data.forecastRevision == 0 ? " · forecasting…" : ""
        return "\(state.data.briefing.count) items · \(Format.money(total))" + forecasting
    }

    static func draw(_ state: ConsoleState, in area: Rect, into screen: inout Screen) {
        let items = state.data.briefing
        screen.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), role: .tableHeader)
        screen.put(" Good morning — \(state.dateText.isEmpty ? "today" : state.dateText): the moves that matter most, by money",
                   x: area.x, y: area.y, role: .tableHeader, limit: area.width)
        if items.isEmpty {
            let text = state.data.forecastRevision == 0 && state.data.historyLoaded
                ? "Reading the forecasts… stockout risks and overstock join the briefing when they are ready."
                : "Nothing needs you this morning."
            screen.put(text, x: area.x + 2, y: area.y + 2, role: .muted, limit: area.width - 4)
            return
        }
        let perItem = 2
        let visible = max(1, (area.height - 1) / perItem)
        let cursor = state.briefing.cursor
        let start = cursor.selected >= visible ? cursor.selected - visible + 1 : 0
        for slot in 0..<visible {
            let index = start + slot
            guard index < items.count else { break }
            let item = items[index]
            let y = area.y + 1 + slot * perItem
            let selected = index == cursor.selected
            let base: Role = selected ? .tableRowSelected : .tableRow
            screen.fill(Rect(x: area.x, y: y, width: area.width, height: perItem), role: base)
            let critical = item.kind == .oversold || item.kind == .stockoutRisk
            var x = area.x + 1
            x += screen.put(TextWidth.fit("\(index + 1).", to: 4, rightAligned: true) + " ", x: x, y: y, role: base)
            x += screen.put(TextWidth.fit(item.kind.title, to: 26), x: x, y: y, role: selected ? base : (critical ? .alertCritical : .alertWarning))
            let money = Format.money(item.money)
            screen.put(item.subject, x: x, y: y, role: selected ? base : .emphasis, limit: area.maxX - x - TextWidth.of(money) - 3)
            screen.put(money, x: area.maxX - TextWidth.of(money) - 2, y: y, role: selected ? base : .money)
            let action = "Enter: \(item.action.text)"
            screen.put(item.why, x: area.x + 6, y: y + 1, role: selected ? base : .muted, limit: area.width - 10 - TextWidth.of(action))
            screen.put(action, x: area.maxX - TextWidth.of(action) - 2, y: y + 1, role: selected ? base : .label)
        }
    }
}
