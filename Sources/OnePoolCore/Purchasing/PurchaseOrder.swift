/// One line of a purchase order: how many of a SKU, at what cost, and why that many.
public struct POLine: Hashable, Sendable {
    public var sku: SKUCode
    public var quantity: Int
    public var unitCost: Money
    /// The reason for the quantity in the operator's words (forecast, reorder point, days of
    /// cover, pack and MOQ rounding).
    public var reason: String

    public init(sku: SKUCode, quantity: Int, unitCost: Money, reason: String) {
        self.sku = sku
        self.quantity = quantity
        self.unitCost = unitCost
        self.reason = reason
    }

    public var value: Money { unitCost * quantity }
}

/// A purchase order as drafted.
public struct PurchaseOrder: Hashable, Sendable {
    /// "PO-00012": assigned by the drafter, unique in the store.
    public var id: PurchaseOrderID
    public var supplier: String
    public var lines: [POLine]
    /// When the goods should arrive if sent on the day drafted (draft day + lead time).
    public var expectedAt: Timestamp

    public init(id: PurchaseOrderID, supplier: String, lines: [POLine], expectedAt: Timestamp) {
        self.id = id
        self.supplier = supplier
        self.lines = lines
        self.expectedAt = expectedAt
    }

    public var value: Money { lines.reduce(.zero) { $0 + $1.value } }
    public var units: Int { lines.reduce(0) { $0 + $1.quantity } }

    /// A hand edit of a draft: the line for `sku` set to `quantity` (0 removes it; a SKU not on
    /// the PO gets a line at `unitCost`). The one meaning of `PurchasingChange.edited`.
    public mutating func setQuantity(of sku: SKUCode, to quantity: Int, unitCost: Money) {
        if let index = lines.firstIndex(where: { $0.sku == sku }) {
            if quantity == 0 {
                lines.remove(at: index)
            } else {
                lines[index].quantity = quantity
                lines[index].reason += " · set to \(quantity) by hand"
            }
        } else if quantity > 0 {
            lines.append(POLine(sku: sku, quantity: quantity, unitCost: unitCost, reason: "added by hand"))
        }
    }
}

/// Drafted purchase orders followed through their edits until they are sent: what a fold of
/// the journal needs to know which units a `sent` event puts on the way.
public struct DraftedOrders: Sendable {
    private var orders: [PurchaseOrderID: PurchaseOrder] = [:]

    public init() {}

    /// Orders as saved (a history checkpoint), keyed by their ids.
    public init(pending: [PurchaseOrder]) {
        for order in pending { orders[order.id] = order }
    }

    /// The drafted orders not yet sent, by id (for saving).
    public var pending: [PurchaseOrder] { orders.keys.sorted().compactMap { orders[$0] } }

    /// Records `change`; returns the order, as last edited, when the change sends it.
    public mutating func record(_ change: PurchasingChange) -> PurchaseOrder? {
        switch change {
        case .drafted(let order): orders[order.id] = order
        case .edited(let id, let sku, let quantity): orders[id]?.setQuantity(of: sku, to: quantity, unitCost: .zero)
        case .sent(let id): return orders.removeValue(forKey: id)
        case .rejected(let id, _, _), .cancelled(let id, _): orders[id] = nil
        default: break
        }
        return nil
    }
}

/// Where a purchase order stands. Transitions (anything else is refused):
/// drafted → approved | rejected | cancelled (drafted may be edited);
/// approved → sent | cancelled; sent → partly received → received → closed, or cancelled.
/// The receiving states follow the lines: `received` only once no line has units still to
/// come, `partly-received` while some have.
public enum POStatus: String, CaseIterable, Sendable {
    case drafted, approved, rejected, sent
    case partlyReceived = "partly-received"
    case received, closed, cancelled

    /// Still expected to bring stock: counts in the inventory position.
    public var isOpen: Bool { self == .drafted || self == .approved || Self.receiving.contains(self) }

    /// Sent, and goods may arrive against it.
    public static let receiving: Set<POStatus> = [.sent, .partlyReceived, .received]
}

/// A purchase order with its history: who approved it, what has arrived.
public struct PurchaseOrderRecord: Hashable, Sendable {
    public var order: PurchaseOrder
    public var status: POStatus
    public var draftedAt: Timestamp
    public var approvedBy: UserName?
    public var approvedAt: Timestamp?
    public var rejection: String?
    public var sentAt: Timestamp?
    public var cancelReason: String?
    /// Units received per SKU so far (over- and under-receipts are visible against the lines).
    public var received: [SKUCode: Int] = [:]
    /// When the first units arrived (for the lead time learned from receipts).
    public var firstReceivedAt: Timestamp?

    public init(order: PurchaseOrder, status: POStatus, draftedAt: Timestamp) {
        self.order = order
        self.status = status
        self.draftedAt = draftedAt
    }

    /// Units of `sku` ordered and not yet received (never negative).
    public func outstanding(_ sku: SKUCode) -> Int {
        let ordered = order.lines.filter { $0.sku == sku }.reduce(0) { $0 + $1.quantity }
        return max(0, ordered - (received[sku] ?? 0))
    }

    /// Sent, past its expected date and not fully received.
    public func isLate(at time: Timestamp) -> Bool {
        POStatus.receiving.contains(status) && time > expectedArrival
            && order.lines.contains { outstanding($0.sku) > 0 }
    }

    /// Whether every line has arrived in full (or more).
    public var isFullyReceived: Bool { order.lines.allSatisfy { outstanding($0.sku) == 0 } }

    /// The status once `received` holds what has arrived: the receiving states follow the lines.
    public var statusAfterReceipt: POStatus { isFullyReceived ? .received : .partlyReceived }

    /// Units of `sku` that may still arrive without the operator saying it is an over-receipt
    /// (`po receive --over`): what is outstanding, plus a small tolerance — a tenth of the line,
    /// at least one unit — because suppliers round up and ship a few extra. 5,000 on a 12-unit
    /// line is a typo, not a delivery.
    public func receivableWithoutOver(_ sku: SKUCode) -> Int {
        let ordered = order.lines.filter { $0.sku == sku }.reduce(0) { $0 + $1.quantity }
        let tolerance = max(1, (ordered + 9) / 10)
        return max(0, ordered + tolerance - (received[sku] ?? 0))
    }

    /// Refuses a receipt of `quantity` × `sku` beyond the tolerance unless `over` says it is meant.
    public func checkReceipt(_ sku: SKUCode, quantity: Int, over: Bool) throws(Refusal) {
        let allowed = receivableWithoutOver(sku)
        guard over || quantity <= allowed else {
            throw .purchaseOrder(
                order.id,
                "expects \(outstanding(sku)) more × \(sku) (with the tolerance, at most \(allowed) may arrive); "
                    + "\(quantity) is an over-receipt",
                remedy: .confirmOverReceipt)
        }
    }

    /// Expected arrival: sent day + the lead time the draft assumed, else the draft's date.
    public var expectedArrival: Timestamp {
        guard let sentAt else { return order.expectedAt }
        return Timestamp(
            millisecondsSince1970: sentAt.millisecondsSince1970
                + (order.expectedAt.millisecondsSince1970 - draftedAt.millisecondsSince1970))
    }
}
