import OnePoolCore

/// The approval queue: drafted POs grouped by supplier; one can be opened to its lines.
public struct QueuePaneState: Sendable {
    public var cursor = ListCursor()
    /// Drafted PO ids, by supplier then id.
    public private(set) var orders: [PurchaseOrderID] = []
    /// POs chosen to approve together.
    public var chosen: Set<PurchaseOrderID> = []
    /// The PO opened to its lines, and the line cursor there.
    public var open: PurchaseOrderID? = nil
    public var lineCursor = ListCursor()

    public var selected: PurchaseOrderID? { orders[safe: cursor.selected] }

    /// Rows of an open PO's lines (its title, terms and column titles take the rest).
    static func lineRows(_ context: PaneContext) -> Int { max(1, context.rows - 2) }

    mutating func update(_ command: Command, _ context: PaneContext) -> [Effect] {
        let data = context.data
        if let open {
            let lines = data.purchasing.orders[open]?.order.lines.count ?? 0
            if lineCursor.apply(command, count: lines, rows: Self.lineRows(context)) { return [] }
        } else if cursor.apply(command, count: orders.count, rows: context.rows) {
            return []
        }
        switch command {
        case .toggleSelect:
            if let id = selected, open == nil {
                if chosen.remove(id) == nil { chosen.insert(id) }
                _ = cursor.apply(.moveDown, count: orders.count, rows: context.rows)
            }
        case .approve:
            return [.follow(.askToApprove)]
        case .reject:
            if let id = open ?? selected { return [.follow(.openPrompt(.rejectReason(po: id)))] }
        case .editQuantity:
            if let id = open, let line = data.purchasing.orders[id]?.order.lines[safe: lineCursor.selected] {
                return [.follow(.openPrompt(.quantity(po: id, sku: line.sku)))]
            }
        case .open:
            if open == nil, let id = selected { openPO(id) }
        case .back:
            open = nil
        case .viewWhole:
            if let id = open, let record = data.purchasing.orders[id],
                let line = record.order.lines[safe: lineCursor.selected]
            {
                let text =
                    "\(Format.count(line.quantity)) × \(line.sku) at \(line.unitCost) = \(Format.money(line.value))\n\n\(line.reason)"
                return [.follow(.openFullText(title: "\(id) · \(line.sku)", text: text))]
            }
            if let id = selected, let record = data.purchasing.orders[id] {
                let mark = Self.limitNote(record, data: data, actor: context.actor)
                let text =
                    "\(record.order.supplier) · \(record.order.lines.count) line(s) · \(Format.money(record.order.value))\n\n\(mark)"
                return [.follow(.openFullText(title: id.rawValue, text: text))]
            }
        default:
            break
        }
        return []
    }

    mutating func openPO(_ id: PurchaseOrderID) {
        open = id
        lineCursor = ListCursor()
    }

    mutating func rebuild(_ context: PaneContext) {
        let data = context.data
        let old = orders
        let keep = selected
        let drafts = data.purchasing.orders.values.filter { $0.status == .drafted }
        orders = drafts.sorted { ($0.order.supplier, $0.order.id) < ($1.order.supplier, $1.order.id) }.map(\.order.id)
        chosen = chosen.filter { orders.contains($0) }
        if let open, data.purchasing.orders[open]?.status != .drafted { self.open = nil }
        cursor.follow(keep, from: old, to: orders, rows: context.rows, identity: { $0 })
        if let open, let lines = data.purchasing.orders[open]?.order.lines.count {
            lineCursor.clamp(count: lines, visibleRows: Self.lineRows(context))
        }
    }

    /// What approving the chosen POs (or the open or selected one) would do, for the question.
    func confirmation(_ context: PaneContext) -> ApprovalConfirmation? {
        let data = context.data
        let ids = chosen.isEmpty ? [open ?? selected].compactMap { $0 } : chosen.sorted()
        guard !ids.isEmpty else { return nil }
        var approvable: [PurchaseOrderID] = []
        var refused: [(PurchaseOrderID, Refusal)] = []
        for id in ids {
            guard let record = data.purchasing.orders[id] else { continue }
            if let refusal = data.purchasing.approvalRefusal(of: record.order.value, by: context.actor) {
                refused.append((id, refusal))
            } else {
                approvable.append(id)
            }
        }
        let records = approvable.compactMap { data.purchasing.orders[$0] }
        let total = records.reduce(Money.zero) { $0 + $1.order.value }
        var before: [Double] = []
        var after: [Double] = []
        for line in records.flatMap(\.order.lines) {
            guard let forecast = data.forecasts[line.sku],
                let now = Recommendation.daysOfCover(
                    position: forecast.position, dailyForecast: forecast.dailyForecast),
                let arrived = Recommendation.daysOfCover(
                    position: forecast.position + line.quantity, dailyForecast: forecast.dailyForecast)
            else { continue }
            before.append(now)
            after.append(arrived)
        }
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        return ApprovalConfirmation(
            orders: approvable, total: total, coverBefore: mean(before), coverAfter: mean(after),
            refused: refused.map { ApprovalConfirmation.Refused(id: $0.0, reason: $0.1.consoleText()) })
    }

    /// Whether the operator may approve the PO, in words (the queue's last column).
    static func limitNote(_ record: PurchaseOrderRecord, data: ConsoleData, actor: UserName) -> String {
        switch data.purchasing.approvalRefusal(of: record.order.value, by: actor) {
        case nil: "within your limit"
        case .overApprovalLimit(_, let limit, _)?: "over your limit of \(Format.money(limit))"
        default: "you are not an approver"
        }
    }
}

/// A question asked in place in the queue: a rejection reason or a new quantity.
public struct QueuePrompt: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable {
        case rejectReason(po: PurchaseOrderID)
        case quantity(po: PurchaseOrderID, sku: SKUCode)
    }

    public var purpose: Purpose
    public var field: TextField
    public var error: String? = nil

    public init(purpose: Purpose, text: String = "") {
        self.purpose = purpose
        field = TextField(text)
    }

    public var text: String { field.text }

    public var label: String {
        switch purpose {
        case .rejectReason(let po): "Reject \(po) because"
        case .quantity(let po, let sku): "New quantity of \(sku) on \(po)"
        }
    }
}

/// What approving the chosen POs commits: their total, and how days of cover move; and which
/// of them this operator may not approve, and why.
public struct ApprovalConfirmation: Sendable, Equatable {
    public struct Refused: Sendable, Equatable {
        public var id: PurchaseOrderID
        public var reason: String
    }

    /// The POs `y` approves.
    public var orders: [PurchaseOrderID]
    public var total: Money
    /// Mean days of cover of their SKUs now and once the goods arrive (nil: no forecast).
    public var coverBefore: Double?
    public var coverAfter: Double?
    /// Chosen POs left out: over the operator's limit, or the operator is no approver.
    public var refused: [Refused] = []
}
