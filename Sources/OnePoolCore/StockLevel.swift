/// The quantities of one SKU's pool, in Shopify's inventory states.
///
/// `committed`, `held` and `unsellable` are parts of `onHand`; `incoming` is not.
/// `available` may go below zero when a channel sold what was not there (an oversell):
/// orders are facts and are recorded anyway, and the shortfall is shown, never hidden.
public struct StockLevel: Hashable, Sendable {
    public var onHand: Int
    public var committed: Int
    public var held: Int
    public var unsellable: Int
    public var safety: Int
    public var incoming: Int

    public init(
        onHand: Int = 0, committed: Int = 0, held: Int = 0, unsellable: Int = 0, safety: Int = 0, incoming: Int = 0
    ) {
        self.onHand = onHand
        self.committed = committed
        self.held = held
        self.unsellable = unsellable
        self.safety = safety
        self.incoming = incoming
    }

    /// on hand − committed − held − unsellable − safety: what channels may still be offered.
    public var available: Int { onHand - committed - held - unsellable - safety }

    /// Oversold — the one definition every front end calls (issue 13): orders have committed
    /// more than the physically sellable stock (committed > on hand − held − unsellable).
    public var isOversold: Bool { unreserved < 0 }

    /// Available below zero only because of the safety quantity: "into safety", not an oversell.
    public var isIntoSafety: Bool { available < 0 && unreserved >= 0 }

    /// Out of stock — the one definition (issue 13): nothing left to offer any channel
    /// (available ≤ 0). An oversold SKU and one into its safety are out of stock too; `condition`
    /// names the most severe of the three.
    public var isOutOfStock: Bool { available <= 0 }

    /// The one condition a SKU's stock is in, most severe first: what the stock list's status,
    /// the console's rows, filters and alerts, and the briefing all show.
    public var condition: StockCondition {
        if isOversold { return .oversold }
        if isIntoSafety { return .belowSafety }
        if isOutOfStock { return .outOfStock }
        return .normal
    }

    /// Keeps every quantity within `Bounds.heldQuantityLimit` (see `Bounds`): the fold's guard
    /// against a journal holding values the checks would refuse.
    mutating func clampToHeldLimit() {
        onHand = Bounds.held(onHand)
        committed = Bounds.held(committed)
        held = Bounds.held(held)
        unsellable = Bounds.held(unsellable)
        safety = Bounds.held(safety)
        incoming = Bounds.held(incoming)
    }

    /// What can still be shipped or offered before safety stock is counted: the free physical stock.
    public var unreserved: Int { onHand - committed - held - unsellable }
}

/// What a SKU's stock needs from the operator, most severe last (see `StockLevel.condition`).
public enum StockCondition: Sendable, Hashable {
    case normal, outOfStock, belowSafety, oversold
}
