/// Customer returns: a returned line arrives awaiting inspection (on hand, unsellable with its
/// reason, as Shopify's quality-control state), then its units are restocked (sellable again)
/// or written off (they stay unsellable, no longer awaiting a decision). Every step an event.
public enum ReturnChange: Hashable, Sendable {
    /// Units of a shipped line came back. Idempotent by channel + order + line + return id.
    case arrived(ReturnedLine)
    /// Units of `sku` awaiting inspection were found fit to sell: they leave unsellable.
    case restocked(sku: SKUCode, quantity: Int, reason: String?)
    /// Units of `sku` awaiting inspection were found unfit to sell: they stay on hand as
    /// unsellable (damaged, to dispose of or send back), and no longer await inspection.
    case writtenOff(sku: SKUCode, quantity: Int, reason: String)

    public var sku: SKUCode {
        switch self {
        case .arrived(let line): line.sku
        case .restocked(let sku, _, _), .writtenOff(let sku, _, _): sku
        }
    }

    public var quantity: Int {
        switch self {
        case .arrived(let line): line.quantity
        case .restocked(_, let quantity, _), .writtenOff(_, let quantity, _): quantity
        }
    }

    public var kind: String {
        switch self {
        case .arrived: "return-arrived"
        case .restocked: "return-restocked"
        case .writtenOff: "return-written-off"
        }
    }

    /// Every `kind` above, for `log --kind`.
    public static let kinds = ["return-arrived", "return-restocked", "return-written-off"]

    /// The digest of what an arrival says (SKU, quantity, reason), kept beside its key: the same
    /// return reported again with other facts is a conflict, not "already recorded".
    public var factDigest: FactDigest {
        guard case .arrived(let line) = self else { return .unknown }
        return FactDigest(text: line.sku.rawValue + "\u{1F}" + line.reason, Int64(line.quantity), 0)
    }
}

/// One returned line as the channel (or the operator) reports it.
public struct ReturnedLine: Hashable, Sendable {
    /// The line that shipped and came back.
    public var id: OrderLineID
    /// The channel's return id (an RMA, a Shopify return): several returns of one line each
    /// have their own. Empty when none was given: then a line has one return without an id.
    public var returnID: String
    public var sku: SKUCode
    public var quantity: Int
    /// Why the customer returned it (the channel's reason code, or the operator's words).
    public var reason: String
    /// When the return was requested or received, as the channel says.
    public var time: Timestamp

    public init(id: OrderLineID, returnID: String, sku: SKUCode, quantity: Int, reason: String, time: Timestamp) {
        self.id = id
        self.returnID = returnID
        self.sku = sku
        self.quantity = quantity
        self.reason = reason
        self.time = time
    }

    /// The idempotency key: channel + order + line + return id.
    public var key: String { ReturnKeys.arrived(id, returnID: returnID) }
}

public enum ReturnKeys {
    public static func arrived(_ id: OrderLineID, returnID: String) -> String {
        "return:\(id.channel):\(id.order):\(id.line):\(returnID)"
    }
}
