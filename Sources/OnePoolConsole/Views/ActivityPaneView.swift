import OnePoolCore

/// The journal as it grows, newest first.
enum ActivityPaneView {
    static func note(_ pane: ActivityPaneState, _ context: ViewContext) -> String {
        let kind = pane.kind.map { "kind: \($0)" } ?? "all kinds"
        let loading = context.data.historyLoaded ? "" : "reading the journal… · "
        return "\(loading)\(kind) · \(Format.count(pane.items.count)) shown · last #\(context.data.lastSequence)"
    }

    /// On a narrow terminal the year and part of the actor give way to what happened.
    static func table(width: Int, x: Int) -> Table {
        let narrow = width < 100
        return Table(
            columns: [
                TableColumn("#", 9, right: true), TableColumn("  Time", narrow ? 14 : 19),
                TableColumn("Actor", narrow ? 10 : 12, gap: true), TableColumn("Kind", 16, gap: true),
            ], x: x)
    }

    static func draw(_ pane: ActivityPaneState, _ context: ViewContext, in area: Rect, into screen: inout Screen) {
        let offset = context.data.history.utcOffsetSeconds
        let table = table(width: area.width, x: area.x + 1)
        let narrow = area.width < 100
        table.header(in: area, y: area.y, into: &screen, trailing: "What happened")
        if pane.items.isEmpty {
            let text = context.data.historyLoaded ? "No events yet." : "Reading the journal…"
            screen.put(text, x: area.x + 2, y: area.y + 2, role: .muted)
            return
        }
        for line in 0..<(area.height - 1) {
            let position = pane.cursor.top + line
            guard position < pane.items.count else { break }
            let item = pane.items[position]
            let selected = position == pane.cursor.selected
            let base: Role = selected ? .tableRowSelected : .tableRow
            table.row(
                [
                    ("\(item.sequence)", selected ? base : .muted),
                    ("  " + String(CivilDate.text(item.time, offsetSeconds: offset).dropFirst(narrow ? 5 : 0)), base),
                    (item.actor.rawValue, selected ? base : .muted), (item.kind, selected ? base : .label),
                ],
                trailing: (item.text, base), in: area, y: area.y + 1 + line, base: base, into: &screen)
        }
    }
}
