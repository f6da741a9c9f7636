/// A sum of amounts kept exactly, wider than `Money`, so that a part can be taken back out and
/// the sum still equals adding up what is left; read as `Money`, it stops at Money's limits.
///
/// `Money`'s own `+` saturates, so a running total that saturated once could not be undone
/// by subtracting. 2^127 cents hold any sum of 2^63 parts of at most 2^63 cents, more parts
/// than memory holds: no addition here can overflow.
public struct MoneySum: Hashable, Sendable {
    private var cents: Int128 = 0

    public init() {}

    public mutating func add(_ money: Money) { cents += Int128(money.cents) }

    public mutating func subtract(_ money: Money) { cents -= Int128(money.cents) }

    /// The sum, or ±`Int64.max` cents beyond them (as `Money`'s sums saturate).
    public var money: Money {
        let limit = Int128(Int64.max)
        return Money(cents: Int64(max(-limit, min(limit, cents))))
    }
}
