import OnePoolCore

/// The journal as it grows, newest first.
enum ActivityPaneView {
    static func note(_ state: ConsoleState) -> String {
        let kind = state.activity.kind.map { "kind: \($0)" } ?? "all kinds"
        let loading = state.data.historyLoaded ? "" : "reading the journal… · "
        return "\(loading)\(kind) · \(Format.count(state.activity.items.count)) shown · last #\(state.data.lastSequence)"
    }

    static func draw(_ state: ConsoleState, in area: Rect, into screen: inout Screen) {
        let offset = state.data.history.utcOffsetSeconds
        screen.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), role: .tableHeader)
        let columns: [(String, Int, Bool)] = [("#", 9, true), ("  Time", 19, false), ("Actor", 11, false), ("Kind", 16, false)]
        var x = area.x + 1
        for (title, width, right) in columns {
            x += screen.put(TextWidth.fit(title, to: width, rightAligned: right), x: x, y: area.y, role: .tableHeader)
        }
        screen.put("What happened", x: x, y: area.y, role: .tableHeader)
        let pane = state.activity
        if pane.items.isEmpty {
            screen.put(state.data.historyLoaded ? "No events yet." : "Reading the journal…", x: area.x + 2, y: area.y + 2, role: .muted)
            return
        }
        for line in 0..<(area.height - 1) {
            let position = pane.cursor.top + line
            guard position < pane.items.count else { break }
            let item = pane.items[position]
            let y = area.y + 1 + line
            let selected = position == pane.cursor.selected
            let base: Role = selected ? .tableRowSelected : .tableRow
            screen.fill(Rect(x: area.x, y: y, width: area.width, height: 1), role: base)
            var x = area.x + 1
            x += screen.put(TextWidth.fit("\(item.sequence)", to: 9, rightAligned: true), x: x, y: y, role: selected ? base : .muted)
            x += screen.put("  " + TextWidth.fit(CivilDate.text(item.time, offsetSeconds: offset), to: 17), x: x, y: y, role: base)
            x += screen.put(TextWidth.fit(item.actor, to: 11), x: x, y: y, role: selected ? base : .muted)
            x += screen.put(TextWidth.fit(item.kind, to: 16), x: x, y: y, role: selected ? base : .label)
            screen.put(item.text, x: x, y: y, role: base, limit: area.maxX - x)
        }
    }
}
