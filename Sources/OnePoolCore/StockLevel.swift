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
