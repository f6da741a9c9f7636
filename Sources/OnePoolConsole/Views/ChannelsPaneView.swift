import OnePoolCore

/// The channels in serving order: rule, units offered, open orders, over-exposed listings and
/// the unmapped queue; `e` edits a rule, with the effect shown before it is applied.
enum ChannelsPaneView {
    static func note(_ state: ConsoleState) -> String {
        let board = state.data.channels
        let offered = board.book.totals.reduce(0, +)
        return "\(Format.count(offered)) units offered · \(board.overExposed.count) over-exposed · \(board.unmapped.count) unmapped"
    }

    private static let columns: [(String, Int, Bool)] = [
        ("Prio", 5, true), ("  Channel", 14, false), ("Format", 9, false), ("Floor", 7, true), ("Cap", 7, true),
        ("Offered", 10, true), ("Open", 8, true), ("Over", 6, true), ("Unmapped", 10, true),
    ]

    static func draw(_ state: ConsoleState, in area: Rect, into screen: inout Screen) {
        let board = state.data.channels
        let pane = state.channels
        screen.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), role: .tableHeader)
        var x = area.x + 1
        for (title, width, right) in columns {
            x += screen.put(TextWidth.fit(title, to: width, rightAligned: right), x: x, y: area.y, role: .tableHeader)
        }
        if pane.order.isEmpty {
            screen.put("No channels yet: add one with `onepool channel add NAME`.", x: area.x + 2, y: area.y + 2, role: .muted)
            return
        }
        let totals = board.book.totals
        let open = state.data.openByChannel
        var y = area.y + 1
        for (position, name) in pane.order.enumerated() {
            guard y < area.maxY else { break }
            let settings = board.settings[name] ?? .defaults(kind: .other, position: 0)
            let selected = position == pane.cursor.selected
            let base: Role = selected ? .tableRowSelected : .tableRow
            screen.fill(Rect(x: area.x, y: y, width: area.width, height: 1), role: base)
            let column = board.names.firstIndex(of: name) ?? 0
            let over = board.overExposedCount(name)
            let waiting = board.unmappedCount(name)
            let cells = [
                "\(settings.rule.priority)", "  " + name + (settings.rule.enabled ? "" : " (off)"), settings.format.rawValue,
                "\(settings.rule.floor)", settings.rule.cap?.description ?? "—", Format.count(totals.indices.contains(column) ? totals[column] : 0),
                Format.count(open[name] ?? 0), "\(over)", waiting.listings == 0 ? "0" : "\(waiting.listings) (\(waiting.units))",
            ]
            var x = area.x + 1
            for (index, cell) in cells.enumerated() {
                let (_, width, right) = columns[index]
                let role: Role = index == 7 && over > 0 && !selected ? .alertCritical : index == 8 && waiting.listings > 0 && !selected ? .alertWarning : base
                x += screen.put(TextWidth.fit(cell, to: width, rightAligned: right), x: x, y: y, role: role)
            }
            y += 1
        }
        y += 1
        if y + 1 < area.maxY {
            let title = board.unmapped.isEmpty
                ? "Unmapped listings: none — every order line maps to a SKU"
                : "Unmapped listings waiting (map them with `onepool map CHANNEL LISTING SKU`)"
            screen.put(title, x: area.x + 2, y: y, role: .label, limit: area.width - 4)
            y += 1
            for entry in board.unmapped where y < area.maxY {
                let text = "\(entry.key.channel):\(entry.key.listing)"
                screen.put(TextWidth.fit(text, to: 34), x: area.x + 4, y: y, role: .base)
                screen.put("\(entry.lines) line(s), \(entry.openUnits) unit(s) open", x: area.x + 39, y: y, role: .muted, limit: area.width - 41)
                y += 1
            }
        }
        if let form = pane.form, pane.preview == nil { drawForm(form, in: area, into: &screen) }
        if let preview = pane.preview { drawPreview(preview, board: board, in: area, into: &screen) }
    }

    private static func drawForm(_ form: RuleForm, in area: Rect, into screen: inout Screen) {
        FieldFormView.draw(
            form, title: "Channel rule · \(form.channel)", footer: "Enter show the effect · Tab next field · Esc cancel", in: area, into: &screen)
    }

    private static func drawPreview(_ preview: RulePreview, board: ChannelBoard, in area: Rect, into screen: inout Screen) {
        let width = min(64, area.width - 4)
        let height = board.names.count + 7
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + max(1, (area.height - height) / 2), width: width, height: height)
        screen.fill(box, role: .overlay)
        screen.frame(box, role: .overlayBorder, title: "Apply to \(preview.channel)?", titleRole: .overlayTitle)
        let rule = preview.settings.rule
        screen.put("priority \(rule.priority) · floor \(rule.floor) · cap \(rule.cap?.description ?? "none")", x: box.x + 2, y: box.y + 1, role: .overlay, limit: width - 4)
        screen.put(TextWidth.fit("Units offered", to: 16) + TextWidth.fit("now", to: 10, rightAligned: true) + TextWidth.fit("after", to: 10, rightAligned: true)
                   + TextWidth.fit("change", to: 10, rightAligned: true), x: box.x + 2, y: box.y + 3, role: .label)
        for (index, name) in board.names.enumerated() {
            let before = preview.before.indices.contains(index) ? preview.before[index] : 0
            let after = preview.after.indices.contains(index) ? preview.after[index] : 0
            let change = after - before
            let line = TextWidth.fit(name, to: 16) + TextWidth.fit(Format.count(before), to: 10, rightAligned: true)
                + TextWidth.fit(Format.count(after), to: 10, rightAligned: true)
                + TextWidth.fit(change == 0 ? "—" : (change > 0 ? "+" : "") + Format.count(change), to: 10, rightAligned: true)
            screen.put(line, x: box.x + 2, y: box.y + 4 + index, role: name == preview.channel ? .emphasis : .overlay, limit: width - 4)
        }
        screen.put("y apply · n cancel", x: box.x + 2, y: box.maxY - 2, role: .muted)
    }
}
