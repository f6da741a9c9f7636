import OnePoolCore

/// The approval queue: drafted POs grouped by supplier with totals; a PO opens to its lines and
/// the reason for each quantity; approvals are confirmed with their total and days of cover.
enum QueuePaneView {
    static func note(_ state: ConsoleState) -> String {
        let records = state.queue.orders.compactMap { state.data.purchasing.orders[$0] }
        let total = records.reduce(Money.zero) { $0 + $1.order.value }
        let chosen = state.queue.chosen.isEmpty ? "" : " · \(state.queue.chosen.count) selected"
        return "\(records.count) awaiting approval · \(Format.money(total))" + chosen
    }

    static func draw(_ state: ConsoleState, in area: Rect, into screen: inout Screen) {
        if let id = state.queue.open, let record = state.data.purchasing.orders[id] {
            drawOrder(record, state: state, in: area, into: &screen)
        } else {
            drawList(state, in: area, into: &screen)
        }
        if let prompt = state.queue.prompt { drawPrompt(prompt, in: area, into: &screen) }
        if let confirmation = state.queue.confirmation { drawConfirmation(confirmation, state: state, in: area, into: &screen) }
    }

    private static func drawList(_ state: ConsoleState, in area: Rect, into screen: inout Screen) {
        let columns: [(String, Int, Bool)] = [("  PO", 12, false), ("Lines", 7, true), ("Units", 8, true), ("Value", 12, true), ("  Drafted", 18, false)]
        screen.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), role: .tableHeader)
        var x = area.x + 1
        for (title, width, right) in columns { x += screen.put(TextWidth.fit(title, to: width, rightAligned: right), x: x, y: area.y, role: .tableHeader) }
        screen.put("  Approver needed", x: x, y: area.y, role: .tableHeader)
        let orders = state.queue.orders
        if orders.isEmpty {
            screen.put("No purchase orders await approval. Draft them with `onepool po draft`.", x: area.x + 2, y: area.y + 2, role: .muted, limit: area.width - 4)
            return
        }
        let limit = state.data.purchasing.approvers[state.actor]
        var y = area.y + 1
        var previousSupplier: String?
        for (index, id) in orders.enumerated() where index >= state.queue.cursor.top {
            guard y < area.maxY, let record = state.data.purchasing.orders[id] else { break }
            if record.order.supplier != previousSupplier {
                previousSupplier = record.order.supplier
                let mine = orders.compactMap { state.data.purchasing.orders[$0] }.filter { $0.order.supplier == record.order.supplier }
                let total = mine.reduce(Money.zero) { $0 + $1.order.value }
                screen.put("\(record.order.supplier) · \(mine.count) PO(s) · \(Format.money(total))", x: area.x + 1, y: y, role: .label, limit: area.width - 2)
                y += 1
                guard y < area.maxY else { break }
            }
            let selected = index == state.queue.cursor.selected
            let base: Role = selected ? .tableRowSelected : .tableRow
            screen.fill(Rect(x: area.x, y: y, width: area.width, height: 1), role: base)
            let mark = state.queue.chosen.contains(id) ? "■ " : "□ "
            let cells = [mark + id, "\(record.order.lines.count)", Format.count(record.order.units), Format.money(record.order.value),
                         "  " + CivilDate.text(record.draftedAt, offsetSeconds: state.data.history.utcOffsetSeconds)]
            var x = area.x + 1
            for (index, cell) in cells.enumerated() {
                x += screen.put(TextWidth.fit(cell, to: columns[index].1, rightAligned: columns[index].2), x: x, y: y, role: base)
            }
            let within = limit.map { record.order.value <= $0 } ?? false
            let note = limit == nil ? "  you are not an approver" : within ? "  within your limit" : "  over your limit (\(limit!))"
            screen.put(note, x: x, y: y, role: selected ? base : (within ? .muted : .alertWarning), limit: area.maxX - x)
            y += 1
        }
    }

    private static func drawOrder(_ record: PurchaseOrderRecord, state: ConsoleState, in area: Rect, into screen: inout Screen) {
        let order = record.order
        screen.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), role: .tableHeader)
        let title = " \(order.id) · \(order.supplier) · \(order.lines.count) line(s) · \(Format.count(order.units)) units · \(Format.money(order.value))"
        screen.put(title, x: area.x, y: area.y, role: .tableHeader, limit: area.width)
        let supplier = state.data.purchasing.suppliers[order.supplier]
        let terms = supplier.map { "lead time \($0.leadTimeDays) d · minimum \($0.minimumOrderUnits) units / \($0.minimumOrderValue) · expected \(CivilDate(dayNumber: record.expectedArrival.day()))" } ?? ""
        screen.put(terms, x: area.x + 2, y: area.y + 1, role: .muted, limit: area.width - 4)
        let header = TextWidth.fit("SKU", to: 16) + TextWidth.fit("Qty", to: 7, rightAligned: true) + TextWidth.fit("Cost", to: 9, rightAligned: true)
            + TextWidth.fit("Value", to: 11, rightAligned: true) + "  Why this many"
        screen.put(header, x: area.x + 1, y: area.y + 2, role: .label, limit: area.width - 2)
        var y = area.y + 3
        for (index, line) in order.lines.enumerated() where index >= state.queue.lineCursor.top {
            guard y < area.maxY else { break }
            let selected = index == state.queue.lineCursor.selected
            let base: Role = selected ? .tableRowSelected : .tableRow
            screen.fill(Rect(x: area.x, y: y, width: area.width, height: 1), role: base)
            let used = screen.put(TextWidth.fit(line.sku, to: 16) + TextWidth.fit(Format.count(line.quantity), to: 7, rightAligned: true)
                + TextWidth.fit("\(line.unitCost)", to: 9, rightAligned: true) + TextWidth.fit(Format.money(line.value), to: 11, rightAligned: true) + "  ",
                x: area.x + 1, y: y, role: base)
            screen.put(line.reason, x: area.x + 1 + used, y: y, role: selected ? base : .muted, limit: area.width - used - 2)
            y += 1
        }
    }

    private static func drawPrompt(_ prompt: QueuePrompt, in area: Rect, into screen: inout Screen) {
        let width = min(70, area.width - 4)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + area.height / 2 - 3, width: width, height: 6)
        screen.fill(box, role: .overlay)
        screen.frame(box, role: .overlayBorder, title: prompt.label, titleRole: .overlayTitle)
        screen.fill(Rect(x: box.x + 2, y: box.y + 2, width: width - 4, height: 1), role: .inputField)
        screen.put(prompt.text + "▏", x: box.x + 2, y: box.y + 2, role: .inputField, limit: width - 4)
        screen.put(prompt.error ?? "Enter save · Esc cancel", x: box.x + 2, y: box.y + 4, role: prompt.error == nil ? .muted : .inputError, limit: width - 4)
    }

    private static func drawConfirmation(_ confirmation: ApprovalConfirmation, state: ConsoleState, in area: Rect, into screen: inout Screen) {
        let width = min(66, area.width - 4)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + area.height / 2 - 4, width: width, height: 8)
        screen.fill(box, role: .overlay)
        screen.frame(box, role: .overlayBorder, title: "Approve \(confirmation.orders.count) PO(s)?", titleRole: .overlayTitle)
        screen.put(confirmation.orders.joined(separator: ", "), x: box.x + 2, y: box.y + 1, role: .overlay, limit: width - 4)
        screen.put("Total \(confirmation.total) · approving as \(state.actor.isEmpty ? "?" : state.actor)", x: box.x + 2, y: box.y + 2, role: .emphasis, limit: width - 4)
        let cover: String
        if let before = confirmation.coverBefore, let after = confirmation.coverAfter {
            cover = "Days of cover of their SKUs: \(Int(clampingDouble: before.rounded())) → \(Int(clampingDouble: after.rounded())) (average, once delivered)"
        } else {
            cover = "Days of cover: not known yet (forecasts are still being computed)"
        }
        screen.put(cover, x: box.x + 2, y: box.y + 4, role: .overlay, limit: width - 4)
        screen.put("y approve · n cancel", x: box.x + 2, y: box.maxY - 2, role: .muted)
    }
}
