import OnePoolCore

/// The approval queue: drafted POs grouped by supplier with totals, the ones above the
/// operator's approval limit marked before anyone confirms; a PO opens to its lines and the
/// reason for each quantity.
enum QueuePaneView {
    static func note(_ pane: QueuePaneState, _ context: ViewContext) -> String {
        let records = pane.orders.compactMap { context.data.purchasing.orders[$0] }
        let total = records.reduce(Money.zero) { $0 + $1.order.value }
        let chosen = pane.chosen.isEmpty ? "" : "\(pane.chosen.count) selected · "
        return chosen + "\(Format.count(records.count)) awaiting approval · \(Format.money(total))"
    }

    static func draw(_ pane: QueuePaneState, _ context: ViewContext, in area: Rect, into screen: inout Screen) {
        if let id = pane.open, let record = context.data.purchasing.orders[id] {
            drawOrder(record, pane: pane, context, in: area, into: &screen)
        } else {
            drawList(pane, context, in: area, into: &screen)
        }
    }

    /// The selection box of a PO, in the terminal's characters.
    static func mark(_ chosen: Bool, _ charset: Charset) -> String {
        switch charset {
        case .unicode: chosen ? "■ " : "□ "
        case .ascii: chosen ? "[x] " : "[ ] "
        }
    }

    private static func drawList(
        _ pane: QueuePaneState, _ context: ViewContext, in area: Rect, into screen: inout Screen
    ) {
        let data = context.data
        let markWidth = TextWidth.of(mark(false, context.charset))
        let table = Table(
            columns: [
                TableColumn("", markWidth), TableColumn("PO", 10, gap: true), TableColumn("Lines", 6, right: true),
                TableColumn("Units", 8, right: true), TableColumn("Value", 12, right: true),
                TableColumn("", 7, gap: true),
                TableColumn("Drafted", 17, gap: true),
            ], x: area.x + 1)
        table.header(in: area, y: area.y, into: &screen, trailing: "Approval")
        let orders = pane.orders
        if orders.isEmpty {
            let text = "No purchase orders await approval. Draft them with `onepool po draft`."
            screen.put(
                TextWidth.truncate(text, to: area.width - 4, atWord: true), x: area.x + 2, y: area.y + 2, role: .muted)
            return
        }
        var y = area.y + 1
        var previousSupplier: String?
        for (index, id) in orders.enumerated() where index >= pane.cursor.top {
            guard y < area.maxY, let record = data.purchasing.orders[id] else { break }
            if record.order.supplier != previousSupplier {
                previousSupplier = record.order.supplier
                let mine = orders.compactMap { data.purchasing.orders[$0] }.filter {
                    $0.order.supplier == record.order.supplier
                }
                let total = mine.reduce(Money.zero) { $0 + $1.order.value }
                let text = "\(record.order.supplier) · \(mine.count) PO(s) · \(Format.money(total))"
                screen.put(TextWidth.truncate(text, to: area.width - 2), x: area.x + 1, y: y, role: .label)
                y += 1
                guard y < area.maxY else { break }
            }
            let selected = index == pane.cursor.selected
            let base: Role = selected ? .tableRowSelected : .tableRow
            let refusal = data.purchasing.approvalRefusal(of: record.order.value, by: context.actor)
            let flag = refusal == nil ? "" : "OVER"
            let warning: Role = selected ? base : .alertWarning
            table.row(
                [
                    (mark(pane.chosen.contains(id), context.charset), base), (id.rawValue, base),
                    (Format.count(record.order.lines.count), base), (Format.count(record.order.units), base),
                    (Format.money(record.order.value), refusal == nil ? (selected ? base : .money) : warning),
                    ("  " + flag, warning),
                    (CivilDate.text(record.draftedAt, offsetSeconds: data.history.utcOffsetSeconds), base),
                ],
                trailing: (
                    QueuePaneState.limitNote(record, data: data, actor: context.actor),
                    refusal == nil ? (selected ? base : .muted) : warning
                ),
                in: area, y: y, base: base, into: &screen)
            y += 1
        }
    }

    private static func drawOrder(
        _ record: PurchaseOrderRecord, pane: QueuePaneState, _ context: ViewContext, in area: Rect,
        into screen: inout Screen
    ) {
        let order = record.order
        let data = context.data
        screen.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), role: .tableHeader)
        let title =
            " \(order.id) · \(order.supplier) · \(order.lines.count) line(s) · \(Format.count(order.units)) units"
            + " · \(Format.money(order.value))"
        screen.put(TextWidth.truncate(title, to: area.width), x: area.x, y: area.y, role: .tableHeader)
        let supplier = data.purchasing.suppliers[order.supplier]
        let terms =
            supplier.map {
                "lead time \($0.leadTimeDays) d · minimum \(Format.count($0.minimumOrderUnits)) units / \(Format.money($0.minimumOrderValue))"
                    + " · expected \(CivilDate(dayNumber: record.expectedArrival.day()))"
            } ?? ""
        screen.put(
            TextWidth.truncate(terms, to: area.width - 4, atWord: true), x: area.x + 2, y: area.y + 1, role: .muted)
        let table = Table(
            columns: [
                TableColumn("SKU", 16, cut: .middle, gap: true), TableColumn("Qty", 7, right: true),
                TableColumn("Cost", 9, right: true),
                TableColumn("Value", 11, right: true),
            ], x: area.x + 1)
        table.header(
            in: Rect(x: area.x, y: area.y + 2, width: area.width, height: 1), y: area.y + 2, into: &screen,
            trailing: "  Why this many")
        var y = area.y + 3
        for (index, line) in order.lines.enumerated() where index >= pane.lineCursor.top {
            guard y < area.maxY else { break }
            let selected = index == pane.lineCursor.selected
            let base: Role = selected ? .tableRowSelected : .tableRow
            table.row(
                [
                    (line.sku.rawValue, base), (Format.count(line.quantity), base), (Format.money(line.unitCost), base),
                    (Format.money(line.value), base),
                ],
                trailing: ("  " + line.reason, selected ? base : .muted), in: area, y: y, base: base, into: &screen)
            y += 1
        }
    }
}
