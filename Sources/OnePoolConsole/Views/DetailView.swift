import OnePoolCore

/// One SKU: its quantities, a 90-day daily sales chart, recent events, and the action form.
enum DetailView {
    static func draw(_ state: ConsoleState, detail: DetailState, in area: Rect, into screen: inout Screen) {
        guard let row = state.data.row(detail.sku) else {
            screen.put("Unknown SKU \(detail.sku)", x: area.x + 2, y: area.y + 1, role: .statusError)
            return
        }
        let stock = row.stock
        var y = area.y
        screen.fill(Rect(x: area.x, y: y, width: area.width, height: 1), role: .tableHeader)
        let used = screen.put(" \(row.code) ", x: area.x, y: y, role: .emphasis)
        screen.put(" \(row.title)", x: area.x + used, y: y, role: .tableHeader, limit: area.width - used - 30)
        let facts = "price \(row.price)" + (row.barcode.map { " · \($0)" } ?? "") + " "
        screen.put(facts, x: area.maxX - TextWidth.of(facts), y: y, role: .tableHeader)
        y += 2

        // Quantities, in Shopify's words, with available standing out.
        let quantities: [(String, Int)] = [
            ("On hand", stock.onHand), ("Committed", stock.committed), ("Held", stock.held),
            ("Unsellable", stock.unsellable), ("Safety", stock.safety), ("Incoming", stock.incoming),
        ]
        var x = area.x + 2
        for (label, value) in quantities {
            screen.put(label, x: x, y: y, role: .label)
            screen.put(Format.count(value), x: x, y: y + 1, role: .base)
            x += max(TextWidth.of(label), 6) + 3
        }
        let availableRole: Role = stock.available < 0 ? .stockOversold : stock.available == 0 ? .stockOut : .emphasis
        screen.put("Available", x: x, y: y, role: .label)
        screen.put(Format.count(stock.available), x: x, y: y + 1, role: availableRole)
        y += 3
        y = drawChannels(state, sku: row.code, x: area.x + 2, y: y, width: area.width - 4, into: &screen)

        // 90-day daily sales chart.
        let chartHeight = max(3, min(8, (area.maxY - y) / 2 - 2))
        let days = 90
        let sales = state.data.history.window(row.code, days: days, endingOn: state.data.today)
        let chartWidth = min(days, area.width - 12)
        let bucketed = Sparkline.bucket(sales, into: chartWidth)
        let perColumn = (days + bucketed.count - 1) / max(1, bucketed.count)
        let unit = perColumn == 1 ? "per day" : "per \(perColumn) days"
        drawChart(bucketed, title: "Units sold \(unit), last \(days) days (\(sales.reduce(0, +)) in all)",
                  x: area.x + 2, y: y, height: chartHeight, into: &screen)
        y += chartHeight + 2

        // Recent events for this SKU.
        screen.put("Recent events", x: area.x + 2, y: y, role: .label)
        y += 1
        let recent = state.data.recentBySKU[row.code] ?? []
        if recent.isEmpty {
            screen.put(state.data.historyLoaded ? "none" : "reading the journal…", x: area.x + 4, y: y, role: .muted)
        }
        for item in recent.prefix(max(0, area.maxY - y)) {
            let when = CivilDate.text(item.time, offsetSeconds: state.data.history.utcOffsetSeconds)
            let used = screen.put("\(when)  ", x: area.x + 4, y: y, role: .muted)
            screen.put(item.text, x: area.x + 4 + used, y: y, role: .base, limit: area.width - used - 6)
            y += 1
        }

        if let form = detail.form { drawForm(form, in: area, into: &screen) }
    }

    /// Each channel's share of this SKU: rule, allocation as a bar, last published (OVER when
    /// the channel was told more than it may now sell).
    static func drawChannels(_ state: ConsoleState, sku: String, x: Int, y: Int, width: Int, into screen: inout Screen) -> Int {
        let board = state.data.channels
        guard !board.names.isEmpty else { return y }
        let allocations = board.book.allocations(of: sku)
        let biggest = max(1, allocations.max() ?? 0)
        let committed = state.data.row(sku)?.committedByChannel ?? [:]
        screen.put(TextWidth.fit("Channel", to: 12) + TextWidth.fit("floor", to: 7, rightAligned: true) + TextWidth.fit("cap", to: 7, rightAligned: true)
                   + TextWidth.fit("open", to: 7, rightAligned: true) + TextWidth.fit("offered", to: 9, rightAligned: true) + "  "
                   + TextWidth.fit("", to: 20) + " published", x: x, y: y, role: .label, limit: width)
        var line = y + 1
        let order = board.names.sorted { (board.settings[$0]?.rule.priority ?? 0, $0) < (board.settings[$1]?.rule.priority ?? 0, $1) }
        for name in order {
            guard let column = board.names.firstIndex(of: name) else { continue }
            let rule = board.settings[name]?.rule ?? ChannelRule(priority: 0)
            let allocation = allocations[column]
            let bar = Sparkline.bar(allocation, of: biggest, width: 20)
            let published = board.lastPublished(channel: name, sku: sku)
            let over = board.overExposed.contains(ListingKey(channel: name, listing: sku))
            var used = screen.put(TextWidth.fit(name + (rule.enabled ? "" : " off"), to: 12) + TextWidth.fit("\(rule.floor)", to: 7, rightAligned: true)
                + TextWidth.fit(rule.cap?.description ?? "—", to: 7, rightAligned: true) + TextWidth.fit("\(committed[name] ?? 0)", to: 7, rightAligned: true)
                + TextWidth.fit(Format.count(allocation), to: 9, rightAligned: true) + "  ", x: x, y: line, role: .base, limit: width)
            used += screen.put(TextWidth.fit(bar, to: 20), x: x + used, y: line, role: .chartBar)
            used += screen.put(" " + (published.map { Format.count($0) } ?? "never"), x: x + used, y: line, role: .muted)
            if over { screen.put(" OVER", x: x + used, y: line, role: .alertCritical) }
            line += 1
        }
        return line + 1
    }

    /// Bars of eighth-blocks, tallest scaled to the chart's height, with the peak labelled.
    static func drawChart(_ values: [Int], title: String, x: Int, y: Int, height: Int, into screen: inout Screen) {
        screen.put(title, x: x, y: y, role: .label)
        let top = max(1, values.max() ?? 0)
        let levels = Sparkline.levels
        for (column, value) in values.enumerated() {
            let eighths = value * height * 8 / top
            for row in 0..<height {
                let filled = eighths - row * 8
                guard filled > 0 else { break }
                let character = filled >= 8 ? levels[7] : levels[filled - 1]
                screen.put(String(character), x: x + 7 + column, y: y + height - row, role: .chartBar)
            }
        }
        screen.put(TextWidth.fit("\(top)", to: 5, rightAligned: true) + " ┤", x: x, y: y + 1, role: .chartAxis)
        screen.put(TextWidth.fit("0", to: 5, rightAligned: true) + " ┤", x: x, y: y + height, role: .chartAxis)
        screen.put(String(repeating: "─", count: values.count), x: x + 7, y: y + height + 1, role: .chartAxis)
    }

    static func drawForm(_ form: FormState, in area: Rect, into screen: inout Screen) {
        let width = min(64, area.width - 4)
        let height = form.fields.count * 2 + 5
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + max(1, (area.height - height) / 2), width: width, height: height)
        screen.fill(box, role: .overlay)
        screen.frame(box, role: .overlayBorder, title: "\(form.action.title) · \(form.sku)", titleRole: .overlayTitle)
        var y = box.y + 2
        let labelWidth = 11
        for (index, field) in form.fields.enumerated() {
            screen.put(TextWidth.fit(field.label, to: labelWidth), x: box.x + 2, y: y, role: .label)
            let inputWidth = box.width - labelWidth - 5
            let value = field.value + (index == form.focus ? "▏" : "")
            let shown = value.isEmpty || (field.value.isEmpty && index == form.focus) ? "" : value
            screen.fill(Rect(x: box.x + 3 + labelWidth, y: y, width: inputWidth, height: 1), role: .inputField)
            if shown.isEmpty {
                screen.put((index == form.focus ? "▏" : "") + field.hint, x: box.x + 3 + labelWidth, y: y, role: index == form.focus ? .inputField : .muted, limit: inputWidth)
            } else {
                screen.put(shown, x: box.x + 3 + labelWidth, y: y, role: .inputField, limit: inputWidth)
            }
            y += 2
        }
        if let error = form.error {
            screen.put(error, x: box.x + 2, y: box.maxY - 2, role: .inputError, limit: box.width - 4)
        } else if form.pending {
            screen.put("Saving…", x: box.x + 2, y: box.maxY - 2, role: .muted)
        } else {
            screen.put("Enter save · Tab next field · Esc cancel", x: box.x + 2, y: box.maxY - 2, role: .muted, limit: box.width - 4)
        }
    }
}
