/// Someone OnePool buys stock from, with the terms a purchase order must respect.
public struct Supplier: Hashable, Sendable {
    /// A short code, as SKUs name their supplier (`SKU.supplier`).
    public var code: String
    public var name: String
    /// Days from sending a PO to the goods arriving, as agreed.
    public var leadTimeDays: Int
    /// Smallest PO the supplier accepts, in units over all lines and in value.
    public var minimumOrderUnits: Int
    public var minimumOrderValue: Money
    /// Units per carton when a SKU does not say otherwise.
    public var casePack: Int
    public var currency: String
    public var contact: String

    public init(
        code: String, name: String, leadTimeDays: Int, minimumOrderUnits: Int = 1, minimumOrderValue: Money = .zero,
        casePack: Int = 1, currency: String = "", contact: String = ""
    ) {
        self.code = code
        self.name = name
        self.leadTimeDays = leadTimeDays
        self.minimumOrderUnits = minimumOrderUnits
        self.minimumOrderValue = minimumOrderValue
        self.casePack = casePack
        self.currency = currency
        self.contact = contact
    }
}

/// What one supplier calls a SKU and charges for it.
public struct SupplierItem: Hashable, Sendable {
    public var supplierCode: String?
    public var unitCost: Money

    public init(supplierCode: String?, unitCost: Money) {
        self.supplierCode = supplierCode
        self.unitCost = unitCost
    }
}

/// How far OnePool may go on its own when stock runs low (staged autonomy).
public enum AutonomyMode: String, CaseIterable, Sendable, Comparable {
    /// No recommendations.
    case off
    /// Recommendations only; nothing is drafted.
    case recommend
    /// Drafts wait for a person's approval (the default).
    case approve
    /// Drafts within the operator's limits are approved by OnePool itself.
    case automatic

    public static func < (lhs: AutonomyMode, rhs: AutonomyMode) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)  // every case is in allCases
    }
}

/// What an autonomy setting applies to: a whole supplier, or one SKU (overriding its supplier's).
public enum AutonomyTarget: Hashable, Sendable, CustomStringConvertible {
    case supplier(String)
    case sku(SKUCode)

    public var description: String {
        switch self {
        case .supplier(let code): "supplier \(code)"
        case .sku(let code): "SKU \(code)"
        }
    }
}
