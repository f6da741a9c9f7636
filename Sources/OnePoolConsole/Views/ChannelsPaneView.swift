import OnePoolCore

/// The channels in serving order: rule, units offered, open orders, over-exposed listings, each
/// connected channel's live sync and the unmapped queue.
enum ChannelsPaneView {
    static func note(_ pane: ChannelsPaneState, _ context: ViewContext) -> String {
        let board = context.data.channels
        let offered = board.book.totals.reduce(0, +)
        let failing = board.sync.values.filter(\.isFailing).count
        // A failing sync first: it is what the operator must act on, and the title is cut at its end.
        return (failing > 0 ? "\(failing) sync failing · " : "")
            + "\(Format.count(offered)) units offered · \(Format.count(board.overExposed.count)) over-exposed"
            + " · \(Format.count(board.unmapped.count)) unmapped"
    }

    static let table = Table(
        columns: [
            TableColumn("Prio", 5, right: true), TableColumn("  Channel", 14), TableColumn("Format", 9),
            TableColumn("Floor", 7, right: true),
            TableColumn("Cap", 7, right: true), TableColumn("Offered", 10, right: true),
            TableColumn("Open", 8, right: true),
            TableColumn("Over", 6, right: true), TableColumn("Unmapped", 10, right: true),
        ], x: 0)

    static func draw(_ pane: ChannelsPaneState, _ context: ViewContext, in area: Rect, into screen: inout Screen) {
        let board = context.data.channels
        var table = table
        table.x = area.x + 1
        table.header(in: area, y: area.y, into: &screen)
        if pane.order.isEmpty {
            let text =
                context.data.secondaryLoaded
                ? "No channels yet: add one with `onepool channel add NAME`."
                : "Loading the channels and their allocations…"
            screen.put(text, x: area.x + 2, y: area.y + 2, role: .muted, limit: area.width - 4)
            return
        }
        let totals = board.book.totals
        let open = context.data.openByChannel
        var y = area.y + 1
        for (position, name) in pane.order.enumerated() {
            guard y < area.maxY else { break }
            let settings = board.settings[name] ?? .defaults(kind: .other, position: 0)
            let selected = position == pane.cursor.selected
            let base: Role = selected ? .tableRowSelected : .tableRow
            let column = board.names.firstIndex(of: name) ?? 0
            let over = board.overExposedCount(name)
            let waiting = board.unmappedCount(name)
            let rule = settings.rule
            table.row(
                [
                    ("\(rule.priority)", base), ("  " + name.rawValue + (rule.enabled ? "" : " (off)"), base),
                    (settings.format.rawValue, base),
                    (Format.count(rule.floor), base), (rule.cap.map(capText) ?? "—", base),
                    (Format.count(totals[safe: column] ?? 0), base), (Format.count(open[name] ?? 0), base),
                    (Format.count(over), over > 0 && !selected ? .alertCritical : base),
                    (
                        waiting.listings == 0
                            ? "0" : "\(Format.count(waiting.listings)) (\(Format.count(waiting.units)))",
                        waiting.listings > 0 && !selected ? .alertWarning : base
                    ),
                ], in: area, y: y, base: base, into: &screen)
            y += 1
        }
        y += 1
        let afterSync = ChannelSyncView.draw(
            order: pane.order, selected: pane.selected, context, in: area, y: y, into: &screen)
        if afterSync > y { y = afterSync + 1 }
        guard y + 1 < area.maxY else { return }
        let title =
            board.unmapped.isEmpty
            ? "Unmapped listings: none — every order line maps to a SKU"
            : "Unmapped listings waiting (map them with `onepool map CHANNEL LISTING SKU`)"
        screen.put(TextWidth.truncate(title, to: area.width - 4, atWord: true), x: area.x + 2, y: y, role: .label)
        y += 1
        for entry in board.unmapped where y < area.maxY {
            screen.put(
                TextWidth.fit("\(entry.key.channel):\(entry.key.listing)", to: 34), x: area.x + 4, y: y, role: .base)
            let text = "\(Format.count(entry.lines)) line(s), \(Format.count(entry.openUnits)) unit(s) open"
            screen.put(TextWidth.truncate(text, to: area.width - 41), x: area.x + 39, y: y, role: .muted)
            y += 1
        }
    }

    /// A cap as the operator typed it: units, or a percentage.
    static func capText(_ cap: ChannelRule.Cap) -> String {
        switch cap {
        case .units(let units): Format.count(units)
        case .percent: cap.description
        }
    }
}
