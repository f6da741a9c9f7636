import OnePoolCore

/// The approval queue: drafted POs grouped by supplier; one can be opened to its lines.
public struct QueuePaneState: Sendable {
    public var cursor = ListCursor()
    /// Drafted PO ids, by supplier then id.
    public private(set) var orders: [String] = []
    /// POs chosen to approve together.
    public var chosen: Set<String> = []
    /// The PO opened to its lines, and the line cursor there.
    public var open: String? = nil
    public var lineCursor = ListCursor()
    /// A question being answered in place: a rejection reason or a new quantity.
    public var prompt: QueuePrompt? = nil
    /// Approvals waiting for y/n, with what they do.
    public var confirmation: ApprovalConfirmation? = nil

    public var selected: String? { orders.indices.contains(cursor.selected) ? orders[cursor.selected] : nil }

    mutating func rebuild(data: ConsoleData, visibleRows: Int) {
        let drafts = data.purchasing.orders.values.filter { $0.status == .drafted }
        orders = drafts.sorted { ($0.order.supplier, $0.order.id) < ($1.order.supplier, $1.order.id) }.map(\.order.id)
        chosen = chosen.filter { orders.contains($0) }
        if let open, data.purchasing.orders[open]?.status != .drafted { self.open = nil }
        cursor.clamp(count: orders.count, visibleRows: visibleRows)
        if let open, let lines = data.purchasing.orders[open]?.order.lines.count { lineCursor.clamp(count: lines, visibleRows: max(1, visibleRows - 6)) }
    }
}

public struct QueuePrompt: Sendable {
    public enum Purpose: Sendable, Equatable {
        case rejectReason(po: String)
        case quantity(po: String, sku: String)
    }

    public var purpose: Purpose
    public var text: String = ""
    public var error: String? = nil

    public var label: String {
        switch purpose {
        case .rejectReason(let po): "Reject \(po) because"
        case .quantity(let po, let sku): "New quantity of \(sku) on \(po)"
        }
    }
}

/// What approving the chosen POs commits: their total, and how days of cover move.
public struct ApprovalConfirmation: Sendable {
    public var orders: [String]
    public var total: Money
    /// Mean days of cover of their SKUs now and once the goods arrive (nil: no forecast).
    public var coverBefore: Double?
    public var coverAfter: Double?
}
