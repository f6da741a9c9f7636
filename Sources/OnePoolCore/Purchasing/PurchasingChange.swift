/// Changes to suppliers, approvers, autonomy and purchase orders: every step an event, so the
/// journal says who approved what, when, and why a quantity was what it was.
public enum PurchasingChange: Hashable, Sendable {
    case supplierSet(Supplier)
    case supplierItemSet(supplier: String, sku: SKUCode, item: SupplierItem)
    /// Who may approve POs, up to what value per PO; a nil limit removes the approver.
    case approverSet(user: UserName, limit: Money?)
    case autonomySet(AutonomyTarget, AutonomyMode)
    case drafted(PurchaseOrder)
    case edited(id: PurchaseOrderID, sku: SKUCode, quantity: Int)
    case approved(id: PurchaseOrderID, approver: UserName)
    case rejected(id: PurchaseOrderID, approver: UserName, reason: String)
    case sent(id: PurchaseOrderID)
    /// Units of one line arrived (may be more or fewer than ordered).
    case received(id: PurchaseOrderID, sku: SKUCode, quantity: Int)
    case closed(id: PurchaseOrderID)
    case cancelled(id: PurchaseOrderID, reason: String)

    /// Every `kind` of a purchasing change.
    public static let kinds = [
        "supplier-set", "supplier-item-set", "approver-set", "autonomy-set", "po-drafted", "po-edited", "po-approved",
        "po-rejected", "po-sent", "po-received", "po-closed", "po-cancelled",
    ]

    public var kind: String {
        switch self {
        case .supplierSet: "supplier-set"
        case .supplierItemSet: "supplier-item-set"
        case .approverSet: "approver-set"
        case .autonomySet: "autonomy-set"
        case .drafted: "po-drafted"
        case .edited: "po-edited"
        case .approved: "po-approved"
        case .rejected: "po-rejected"
        case .sent: "po-sent"
        case .received: "po-received"
        case .closed: "po-closed"
        case .cancelled: "po-cancelled"
        }
    }

    /// The SKU whose stock the change moves, if exactly one.
    public var skuCode: SKUCode? {
        switch self {
        case .received(_, let sku, _): sku
        case .supplierItemSet(_, let sku, _): sku
        default: nil
        }
    }

    public var text: String {
        switch self {
        case .supplierSet(let supplier):
            "supplier \(supplier.code) “\(supplier.name)” lead time \(supplier.leadTimeDays) d"
        case .supplierItemSet(let supplier, let sku, let item):
            "\(sku) from \(supplier) at \(item.unitCost)" + (item.supplierCode.map { " as \($0)" } ?? "")
        case .approverSet(let user, let limit):
            limit.map { "approver \(user) up to \($0)" } ?? "approver \(user) removed"
        case .autonomySet(let target, let mode): "autonomy for \(target): \(mode.rawValue)"
        case .drafted(let order):
            "\(order.id) drafted for \(order.supplier): \(order.lines.count) line(s), \(order.value)"
        case .edited(let id, let sku, let quantity): "\(id) \(sku) set to \(quantity)"
        case .approved(let id, let approver): "\(id) approved by \(approver)"
        case .rejected(let id, let approver, let reason): "\(id) rejected by \(approver) — \(reason)"
        case .sent(let id): "\(id) sent"
        case .received(let id, let sku, let quantity): "\(id) received \(quantity) × \(sku)"
        case .closed(let id): "\(id) closed"
        case .cancelled(let id, let reason): "\(id) cancelled — \(reason)"
        }
    }
}
