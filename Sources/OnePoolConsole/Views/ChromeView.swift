import OnePoolCore

/// The frame around every pane: header (store, date, pool totals), tabs with the pane's title
/// (its filter, sort and counts), footer (keys, status).
enum ChromeView {
    static func header(_ state: ConsoleState, into screen: inout Screen) {
        screen.fill(Rect(x: 0, y: 0, width: screen.width, height: 1), role: .header)
        let data = state.data
        // Most useful first: parts are dropped from the end when the terminal is narrow.
        let parts = [
            state.dateText, "\(Format.count(data.rows.count)) SKUs", "\(Format.count(data.totalOnHand)) on hand",
            "\(Format.count(data.totalAvailable)) available", "\(Format.count(data.oversoldCount)) oversold",
        ].filter { !$0.isEmpty }
        let used = screen.put(" OnePool ", x: 0, y: 0, role: .headerTitle)
        let nameWidth = min(TextWidth.of(data.storeName) + 3, max(12, screen.width / 3))
        screen.put(TextWidth.truncate("· \(data.storeName)", to: nameWidth - 1), x: used, y: 0, role: .header)
        let room = screen.width - used - nameWidth - 2
        if let notice = data.storeNotice {
            // A store that needs the operator outranks the totals.
            let text = TextWidth.truncate(notice, to: max(0, room), atWord: true) + " "
            screen.put(text, x: screen.width - TextWidth.of(text), y: 0, role: .statusError)
            return
        }
        var shown = parts
        while !shown.isEmpty && TextWidth.of(shown.joined(separator: " · ")) > room { shown.removeLast() }
        let totals = shown.joined(separator: " · ") + " "
        screen.put(totals, x: screen.width - TextWidth.of(totals), y: 0, role: .header)
    }

    /// How much of each inactive tab's title is shown: all of it while the pane's own title fits
    /// beside them, then a short form, then the digit alone.
    private enum TabStyle: CaseIterable { case full, short, digit }

    private static func tabTitle(_ pane: Pane, alerts: Int, style: TabStyle) -> String {
        let count = pane == .alerts ? " (\(Format.count(alerts)))" : ""
        switch style {
        case .full: return " \(pane.rawValue + 1) \(pane.title)\(count) "
        case .short: return " \(pane.rawValue + 1) \(pane.shortTitle)\(count) "
        case .digit: return " \(pane.rawValue + 1) "
        }
    }

    /// The tabs, and beside them the pane's title: what it shows (filter, sort, progress, then
    /// counts, so a cut takes the counts first). The title wins room over the inactive tabs'
    /// names: they shorten, then shrink to their digits, until it has `titleRoom` columns or
    /// half the width.
    static func tabs(_ state: ConsoleState, title note: String, into screen: inout Screen) {
        screen.fill(Rect(x: 0, y: 1, width: screen.width, height: 1), role: .tabInactive)
        let active = state.detail == nil ? state.pane : nil
        let alerts = state.alerts.alerts.count
        let wanted = min(TextWidth.of(note), max(titleRoom, screen.width / 2))
        var titles: [String] = []
        for style in TabStyle.allCases {
            titles = Pane.allCases.map { tabTitle($0, alerts: alerts, style: $0 == active ? .full : style) }
            if titles.reduce(0, { $0 + TextWidth.of($1) }) + wanted + 1 <= screen.width { break }
        }
        var x = 0
        for (pane, title) in zip(Pane.allCases, titles) {
            x += screen.put(title, x: x, y: 1, role: pane == active ? .tabActive : .tabInactive)
        }
        if !note.isEmpty {
            let text = TextWidth.truncate(note, to: max(0, screen.width - x - 1))
            screen.put(text, x: screen.width - TextWidth.of(text) - 1, y: 1, role: .muted)
        }
    }

    /// The least room the pane's title gets beside the tabs (half the width when that is more:
    /// at 80 columns a filter and a sort both fit).
    static let titleRoom = 20

    static func footer(_ state: ConsoleState, into screen: inout Screen) {
        let y = screen.height - 1
        screen.fill(Rect(x: 0, y: y, width: screen.width, height: 1), role: .footer)
        // An error may take most of the line; other messages half of it.
        let statusRoom = state.status.map { $0.isError ? screen.width - 12 : screen.width / 2 } ?? 0
        var statusText = state.status.map { " \($0.text) " } ?? ""
        if TextWidth.of(statusText) > statusRoom {
            statusText = TextWidth.truncate(statusText, to: statusRoom - 4, atWord: true) + " (m)"
        }
        let statusWidth = TextWidth.of(statusText)
        var x = 1
        for (key, label) in state.keyMap.footer(for: state.scope) {
            let hint = "\(key) \(label)"
            guard x + TextWidth.of(hint) < screen.width - statusWidth - 1 else { break }
            x += screen.put("\(key)", x: x, y: y, role: .footerKey)
            x += screen.put(" \(label)  ", x: x, y: y, role: .footer)
        }
        if let status = state.status {
            screen.put(statusText, x: screen.width - statusWidth, y: y, role: status.isError ? .statusError : .status)
        }
    }
}

extension Pane {
    /// The tab's title when the pane's own title needs the room.
    var shortTitle: String {
        switch self {
        case .briefing: "Brief"
        case .stock: "Stock"
        case .alerts: "Alerts"
        case .activity: "Activ"
        case .channels: "Chan"
        case .queue: "Appr"
        }
    }
}
