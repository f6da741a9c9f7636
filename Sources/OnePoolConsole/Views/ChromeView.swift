import OnePoolCore

/// The frame around every pane: header (store, date, pool totals), tabs, footer (keys, status).
enum ChromeView {
    static func header(_ state: ConsoleState, into screen: inout Screen) {
        screen.fill(Rect(x: 0, y: 0, width: screen.width, height: 1), role: .header)
        let data = state.data
        // Most useful first: parts are dropped from the end when the terminal is narrow.
        let parts = [
            state.dateText, "\(Format.count(data.rows.count)) SKUs", "\(Format.count(data.totalOnHand)) on hand",
            "\(Format.count(data.totalAvailable)) available", "\(data.oversoldCount) oversold",
        ].filter { !$0.isEmpty }
        let used = screen.put(" OnePool ", x: 0, y: 0, role: .headerTitle)
        let nameWidth = min(TextWidth.of(data.storeName) + 3, max(12, screen.width / 3))
        screen.put("· \(data.storeName)", x: used, y: 0, role: .header, limit: nameWidth)
        let room = screen.width - used - nameWidth - 2
        if let notice = data.storeNotice {
            // A store that needs the operator outranks the totals.
            let text = TextWidth.truncate(notice, to: max(0, room)) + " "
            screen.put(text, x: screen.width - TextWidth.of(text), y: 0, role: .statusError)
            return
        }
        var shown = parts
        while !shown.isEmpty && TextWidth.of(shown.joined(separator: " · ")) > room { shown.removeLast() }
        let totals = shown.joined(separator: " · ") + " "
        screen.put(totals, x: screen.width - TextWidth.of(totals), y: 0, role: .header)
    }

    static func tabs(_ state: ConsoleState, note: String, into screen: inout Screen) {
        screen.fill(Rect(x: 0, y: 1, width: screen.width, height: 1), role: .tabInactive)
        var x = 0
        for pane in Pane.allCases {
            var title = " \(pane.rawValue + 1) \(pane.title)"
            if pane == .alerts { title += " (\(state.alerts.alerts.count))" }
            title += " "
            x += screen.put(title, x: x, y: 1, role: pane == state.pane && state.detail == nil ? .tabActive : .tabInactive)
            x += 1
        }
        if !note.isEmpty {
            let text = TextWidth.truncate(note, to: max(0, screen.width - x - 1))
            screen.put(text, x: screen.width - TextWidth.of(text) - 1, y: 1, role: .muted)
        }
    }

    static func footer(_ state: ConsoleState, into screen: inout Screen) {
        let y = screen.height - 1
        screen.fill(Rect(x: 0, y: y, width: screen.width, height: 1), role: .footer)
        let statusText = state.status.map { " \($0.text) " } ?? ""
        let statusWidth = min(screen.width / 2, TextWidth.of(statusText))
        var x = 1
        for (key, command) in state.keyMap.footer(for: state.scope) {
            let hint = "\(key) \(command.label)"
            guard x + TextWidth.of(hint) < screen.width - statusWidth - 1 else { break }
            x += screen.put("\(key)", x: x, y: y, role: .footerKey)
            x += screen.put(" \(command.label)  ", x: x, y: y, role: .footer)
        }
        if let status = state.status {
            let text = TextWidth.truncate(statusText, to: statusWidth)
            screen.put(text, x: screen.width - TextWidth.of(text), y: y, role: status.isError ? .statusError : .status)
        }
    }
}

/// Numbers as operators read them.
enum Format {
    /// 1234567 → "1,234,567".
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// Money without cents above 1,000, so columns stay narrow.
    static func money(_ value: Money) -> String {
        value.cents.magnitude >= 100_000 ? (value.cents < 0 ? "-" : "") + count(Int(value.cents.magnitude / 100)) : value.description
    }
}
