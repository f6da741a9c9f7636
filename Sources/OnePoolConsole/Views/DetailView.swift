import OnePoolCore

/// One SKU: its quantities, a 90-day daily sales chart, recent events, and the action form.
enum DetailView {
    static func draw(_ detail: DetailState, _ context: ViewContext, in area: Rect, into screen: inout Screen) {
        let data = context.data
        guard let row = data.row(detail.sku) else {
            screen.put("Unknown SKU \(detail.sku)", x: area.x + 2, y: area.y + 1, role: .statusError)
            return
        }
        var y = area.y
        screen.fill(Rect(x: area.x, y: y, width: area.width, height: 1), role: .tableHeader)
        let used = screen.put(" \(row.code) ", x: area.x, y: y, role: .emphasis)
        let facts = "price \(Format.money(row.price))" + (row.barcode.map { " · \($0)" } ?? "") + " "
        let titleRoom = area.width - used - TextWidth.of(facts) - 1
        screen.put(TextWidth.truncate(" \(row.title)", to: titleRoom), x: area.x + used, y: y, role: .tableHeader)
        screen.put(facts, x: area.maxX - TextWidth.of(facts), y: y, role: .tableHeader)
        y += 2

        if let bundle = row.bundle {
            y = drawBundle(bundle, x: area.x + 2, y: y, width: area.width - 4, into: &screen)
        } else {
            y = drawQuantities(row, data: data, x: area.x + 2, y: y, width: area.width - 4, into: &screen)
        }
        y = drawChannels(data, sku: row.code, x: area.x + 2, y: y, width: area.width - 4, into: &screen)

        // 90 days of sales, then the forecast over lead time + review with its 95% band.
        let chartHeight = max(3, min(8, (area.maxY - y) / 2 - 3))
        let days = 90
        let sales = data.history.window(row.code, days: days, endingOn: data.today)
        let forecast = data.forecasts[row.code]
        let ahead = forecast?.daily.count ?? 0
        let perColumn = max(1, (days + ahead + (area.width - 13)) / max(1, area.width - 12))
        let history = Self.group(sales.map(Double.init), by: perColumn).map { Int(clampingDouble: $0.rounded()) }
        let expected = Self.group(forecast?.daily ?? [], by: perColumn).map { Int(clampingDouble: $0.rounded()) }
        let high = Self.group(forecast?.dailyHigh ?? [], by: perColumn).map { Int(clampingDouble: $0.rounded(.up)) }
        let unit = perColumn == 1 ? "per day" : "per \(perColumn) days"
        var title = "Units sold \(unit), last \(days) days (\(sales.reduce(0, +)) in all)"
        if let forecast {
            let total = Int(clampingDouble: forecast.daily.reduce(0, +).rounded())
            title += " · forecast \(ahead) d: \(total)"
        }
        drawChart(
            history, forecast: expected, high: high, title: title, x: area.x + 2, y: y, height: chartHeight,
            into: &screen)
        y += chartHeight + 2
        if let forecast {
            let stockout =
                forecast.daysToStockout.map { "runs out in \(StockoutForecastAlerts.days($0))" }
                ?? "no stockout in sight"
            let text =
                "reorder point \(forecast.reorderPoint) · order-up-to \(forecast.orderUpTo) · position \(forecast.position)"
                + (forecast.orderQuantity > 0 ? " → order \(forecast.orderQuantity)" : "")
                + " · \(stockout) · lead time \(forecast.leadTimeDays) d"
            let role: Role = forecast.runsOutBeforeDelivery ? .alertWarning : .muted
            screen.put(TextWidth.truncate(text, to: area.width - 4, atWord: true), x: area.x + 2, y: y, role: role)
            y += 1
        } else if row.bundle != nil {
            let text = "a bundle is not forecast or reordered: its components are, with its sales in their demand"
            screen.put(text, x: area.x + 2, y: y, role: .muted, limit: area.width - 4)
            y += 1
        } else if data.historyLoaded {
            let progress =
                data.forecastProgress.map { " (\($0.done * 100 / max(1, $0.total))% of the catalogue done)" } ?? ""
            screen.put("forecast: computing…" + progress, x: area.x + 2, y: y, role: .muted, limit: area.width - 4)
            y += 1
        }
        y += 1

        // Recent events for this SKU.
        screen.put("Recent events", x: area.x + 2, y: y, role: .label)
        y += 1
        let recent = data.recentBySKU[row.code] ?? []
        if recent.isEmpty {
            screen.put(data.historyLoaded ? "none" : "reading the journal…", x: area.x + 4, y: y, role: .muted)
        }
        for item in recent.prefix(max(0, area.maxY - y)) {
            let when = CivilDate.text(item.time, offsetSeconds: data.history.utcOffsetSeconds)
            let used = screen.put("\(when)  ", x: area.x + 4, y: y, role: .muted)
            screen.put(
                TextWidth.truncate(item.text, to: area.width - used - 6, atWord: true), x: area.x + 4 + used, y: y,
                role: .base)
            y += 1
        }
    }

    /// Quantities, in Shopify's words, with available standing out; for a component, the
    /// bundles that use it and how much of its demand came through them.
    static func drawQuantities(
        _ row: SKURow, data: ConsoleData, x startX: Int, y: Int, width: Int, into screen: inout Screen
    ) -> Int {
        let stock = row.stock
        var y = y
        let quantities: [(String, Int)] = [
            ("On hand", stock.onHand), ("Committed", stock.committed), ("Held", stock.held),
            ("Unsellable", stock.unsellable), ("Safety", stock.safety), ("Incoming", stock.incoming),
        ]
        var x = startX
        for (label, value) in quantities {
            screen.put(label, x: x, y: y, role: .label)
            screen.put(Format.count(value), x: x, y: y + 1, role: .base)
            x += max(TextWidth.of(label), 6) + 3
        }
        let availableRole: Role =
            switch stock.condition {
            case .oversold, .belowSafety: .stockOversold
            case .outOfStock: .stockOut
            case .normal: .emphasis
            }
        screen.put("Available", x: x, y: y, role: .label)
        screen.put(Format.count(stock.available), x: x, y: y + 1, role: availableRole)
        y += 3
        let bundles = data.channels.bundles
        let users = bundles.bundles(using: row.code)
        guard !users.isEmpty else { return y }
        let through = data.history.bundleWindow(row.code, bundles: bundles, days: 90, endingOn: data.today).reduce(0, +)
        let all = data.history.total(row.code, days: 90, endingOn: data.today) + through
        let uses = users.map { "\($0) ×\(bundles[$0]?.quantity(of: row.code) ?? 0)" }.joined(separator: ", ")
        let text = "In bundles: \(uses) · through bundles \(through) of \(all) units demanded, 90 days"
        screen.put(TextWidth.truncate(text, to: width, atWord: true), x: startX, y: y, role: .muted)
        return y + 2
    }

    /// A bundle: no stock of its own; each component, how many bundles its available makes, and
    /// the limiting one.
    static func drawBundle(_ bundle: BundleStock, x: Int, y: Int, width: Int, into screen: inout Screen) -> Int {
        var y = y
        let role: Role = bundle.available < 0 ? .stockOversold : bundle.available == 0 ? .stockOut : .emphasis
        let used = screen.put("Bundle · available ", x: x, y: y, role: .label)
        let number = screen.put(Format.count(bundle.available), x: x + used, y: y, role: role)
        let limit = bundle.limiting.map { " · limited by \($0.sku) · no stock of its own" } ?? ""
        screen.put(limit, x: x + used + number, y: y, role: .muted, limit: width - used - number)
        y += 1
        screen.put(
            TextWidth.fit("Component", to: 20) + TextWidth.fit("per bundle", to: 11, rightAligned: true)
                + TextWidth.fit("available", to: 11, rightAligned: true)
                + TextWidth.fit("makes", to: 8, rightAligned: true),
            x: x, y: y, role: .label, limit: width)
        y += 1
        for part in bundle.parts {
            let limiting = part.sku == bundle.limiting?.sku
            screen.put(
                TextWidth.fit(part.sku.rawValue, to: 20) + TextWidth.fit("\(part.quantity)", to: 11, rightAligned: true)
                    + TextWidth.fit(Format.count(part.available), to: 11, rightAligned: true)
                    + TextWidth.fit(Format.count(part.bundles), to: 8, rightAligned: true)
                    + (limiting ? "  ◂ limiting" : ""),
                x: x, y: y, role: limiting ? .alertWarning : .base, limit: width)
            y += 1
        }
        return y + 1
    }

    /// Each channel's share of this SKU: rule, allocation as a bar, last published (OVER when
    /// the channel was told more than it may now sell).
    static func drawChannels(_ data: ConsoleData, sku: SKUCode, x: Int, y: Int, width: Int, into screen: inout Screen)
        -> Int
    {
        let board = data.channels
        guard !board.names.isEmpty else { return y }
        // What each channel's listings of this SKU are offered: the bundle share rule.
        let allocations = board.names.indices.map { board.offer(of: sku, column: $0) }
        let biggest = max(1, allocations.max() ?? 0)
        let committed = data.row(sku)?.committedByChannel ?? [:]
        screen.put(
            TextWidth.fit("Channel", to: 12) + TextWidth.fit("floor", to: 7, rightAligned: true)
                + TextWidth.fit("cap", to: 7, rightAligned: true)
                + TextWidth.fit("open", to: 7, rightAligned: true) + TextWidth.fit("offered", to: 9, rightAligned: true)
                + "  "
                + TextWidth.fit("", to: 20) + " published", x: x, y: y, role: .label, limit: width)
        var line = y + 1
        let order = board.names.sorted {
            (board.settings[$0]?.rule.priority ?? 0, $0) < (board.settings[$1]?.rule.priority ?? 0, $1)
        }
        for name in order {
            guard let column = board.names.firstIndex(of: name) else { continue }
            let rule = board.settings[name]?.rule ?? ChannelRule(priority: 0)
            let allocation = allocations[column]
            let bar = Sparkline.bar(allocation, of: biggest, width: 20)
            let published = board.lastPublished(channel: name, sku: sku)
            let over = board.overExposed.contains(ListingKey(channel: name, listing: sku.rawValue))
            var used = screen.put(
                TextWidth.fit(name.rawValue + (rule.enabled ? "" : " off"), to: 12)
                    + TextWidth.fit("\(rule.floor)", to: 7, rightAligned: true)
                    + TextWidth.fit(rule.cap?.description ?? "—", to: 7, rightAligned: true)
                    + TextWidth.fit("\(committed[name] ?? 0)", to: 7, rightAligned: true)
                    + TextWidth.fit(Format.count(allocation), to: 9, rightAligned: true) + "  ", x: x, y: line,
                role: .base, limit: width)
            used += screen.put(TextWidth.fit(bar, to: 20), x: x + used, y: line, role: .chartBar)
            used += screen.put(
                " " + (published.map { Format.count($0) } ?? "never"), x: x + used, y: line, role: .muted)
            if over { screen.put(" OVER", x: x + used, y: line, role: .alertCritical) }
            line += 1
        }
        return line + 1
    }

    /// Consecutive groups of `size` values summed (the last group may be short).
    static func group(_ values: [Double], by size: Int) -> [Double] {
        stride(from: 0, to: values.count, by: size).map { start in
            values[start..<min(values.count, start + size)].reduce(0, +)
        }
    }

    /// Bars of eighth-blocks, tallest scaled to the chart's height, with the peak labelled; the
    /// forecast's bars follow the history's in their own role, with the top of the 95% band
    /// marked above them.
    static func drawChart(
        _ values: [Int], forecast: [Int] = [], high: [Int] = [], title: String, x: Int, y: Int, height: Int,
        into screen: inout Screen
    ) {
        screen.put(title, x: x, y: y, role: .label)
        let top = max(1, (values + forecast + high).max() ?? 0)
        let levels = Sparkline.levels
        func bar(_ value: Int, column: Int, role: Role) {
            let eighths = value * height * 8 / top
            for row in 0..<height {
                let filled = eighths - row * 8
                guard filled > 0 else { break }
                let character = filled >= 8 ? levels[7] : levels[filled - 1]
                screen.put(String(character), x: x + 7 + column, y: y + height - row, role: role)
            }
        }
        for (column, value) in values.enumerated() { bar(value, column: column, role: .chartBar) }
        for (index, value) in forecast.enumerated() {
            let column = values.count + index
            bar(value, column: column, role: .chartForecast)
            if index < high.count, high[index] > value {
                let row = min(height - 1, high[index] * height / top)
                let barTop = value * height / top
                if row >= barTop { screen.put("╌", x: x + 7 + column, y: y + height - row, role: .chartBand) }
            }
        }
        screen.put(TextWidth.fit("\(top)", to: 5, rightAligned: true) + " ┤", x: x, y: y + 1, role: .chartAxis)
        screen.put(TextWidth.fit("0", to: 5, rightAligned: true) + " ┤", x: x, y: y + height, role: .chartAxis)
        screen.put(String(repeating: "─", count: values.count), x: x + 7, y: y + height + 1, role: .chartAxis)
        if !forecast.isEmpty {
            screen.put(
                "┬" + String(repeating: "┄", count: max(0, forecast.count - 1)), x: x + 7 + values.count,
                y: y + height + 1, role: .chartForecast)
        }
    }
}
