import OnePoolCore

/// The morning briefing: the moves that matter most, by the money on them; two lines each (what
/// and how much, then why and the action Enter takes, on the right).
enum BriefingPaneView {
    static func note(_ pane: BriefingPaneState, _ context: ViewContext) -> String {
        let total = pane.items.reduce(Money.zero) { $0 + $1.money }
        return Progress.forecastNote(context.data) + "\(Format.count(pane.items.count)) items · \(Format.money(total))"
    }

    static func draw(_ pane: BriefingPaneState, _ context: ViewContext, in area: Rect, into screen: inout Screen) {
        let items = pane.items
        let data = context.data
        screen.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), role: .tableHeader)
        let day = context.dateText.isEmpty ? "today" : context.dateText
        screen.put(
            TextWidth.truncate(
                " Good morning — \(day): the moves that matter most, by money", to: area.width, atWord: true),
            x: area.x, y: area.y, role: .tableHeader)
        if items.isEmpty {
            let text =
                data.forecastRevision == 0
                ? "Reading the forecasts… stockout risks and overstock join the briefing when they are ready."
                : "Nothing needs you this morning."
            for (index, line) in TextWidth.wrap(text, to: area.width - 4).enumerated() {
                screen.put(line, x: area.x + 2, y: area.y + 2 + index, role: .muted)
            }
            return
        }
        let perItem = 2
        let visible = max(1, (area.height - 1) / perItem)
        let cursor = pane.cursor
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
            let kindRole: Role = selected ? base : (critical ? .alertCritical : .alertWarning)
            x += screen.put(TextWidth.fit(item.kind.title, to: 26), x: x, y: y, role: kindRole)
            let money = Format.money(item.money)
            let subjectRoom = area.maxX - x - TextWidth.of(money) - 3
            screen.put(TextWidth.truncate(item.subject, to: subjectRoom), x: x, y: y, role: selected ? base : .emphasis)
            screen.put(money, x: area.maxX - TextWidth.of(money) - 2, y: y, role: selected ? base : .money)
            let action = item.action.text
            let whyRoom = area.width - 10 - TextWidth.of(action)
            screen.put(
                TextWidth.truncate(item.why, to: whyRoom, atWord: true), x: area.x + 6, y: y + 1,
                role: selected ? base : .muted)
            screen.put(action, x: area.maxX - TextWidth.of(action) - 2, y: y + 1, role: selected ? base : .label)
        }
    }
}
