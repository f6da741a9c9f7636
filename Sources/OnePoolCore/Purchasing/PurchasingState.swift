/// Suppliers, approvers, autonomy settings and purchase orders: the purchasing part of the state.
public struct PurchasingState: Hashable, Sendable {
    public var suppliers: [String: Supplier] = [:]
    /// Per supplier, per SKU.
    public var items: [String: [SKUCode: SupplierItem]] = [:]
    /// User → the largest PO value they may approve.
    public var approvers: [UserName: Money] = [:]
    public var autonomy: [AutonomyTarget: AutonomyMode] = [:]
    public var orders: [PurchaseOrderID: PurchaseOrderRecord] = [:]

    public init() {}

    /// The approver name OnePool itself uses for POs it approves in automatic mode; its limit is
    /// the most it may approve alone.
    public static let automaticApprover: UserName = "onepool"

    /// A SKU's own setting, else its supplier's, else `approve`.
    public func autonomy(sku: SKUCode, supplier: String?) -> AutonomyMode {
        if let mode = autonomy[.sku(sku)] { return mode }
        if let supplier, let mode = autonomy[.supplier(supplier)] { return mode }
        return .approve
    }

    /// Units of a SKU on open POs not yet sent (drafted or approved): in the inventory position
    /// with incoming, so drafting twice for the same need finds it already covered.
    public func onOrder(_ sku: SKUCode) -> Int {
        var units = 0
        for record in orders.values where record.status == .drafted || record.status == .approved {
            units += record.outstanding(sku)
        }
        return units
    }

    /// Units of `sku` on POs sent and not yet fully received: what OnePool's own orders put in
    /// incoming and will still bring.
    public func inFlight(_ sku: SKUCode) -> Int {
        var units = 0
        for record in orders.values where record.status == .sent || record.status == .partlyReceived {
            units += record.outstanding(sku)
        }
        return units
    }

    /// The next free PO id ("PO-00001", …).
    public var nextOrderID: PurchaseOrderID {
        var number = orders.count + 1
        while orders[PurchaseOrderID("PO-\(Self.padded(number))")] != nil { number += 1 }
        return PurchaseOrderID("PO-\(Self.padded(number))")
    }

    private static func padded(_ number: Int) -> String {
        let text = String(number)
        return String(repeating: "0", count: max(0, 5 - text.count)) + text
    }
}
