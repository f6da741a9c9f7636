/// A line OnePool recorded that its channel reported again with another quantity, SKU or
/// price. Channels edit orders routinely (a customer adds a unit, a seller swaps a variant), so
/// an edit is a fact to record, never a conflict to stall on, nor a repeat to ignore.
///
/// The fold (`StockState.apply`): the key's fact digest becomes `after`'s; if the line is open,
/// its committed units leave `before`'s SKU (and channel) and `after`'s are committed instead,
/// and the open line takes `after`'s SKU, quantity and price (keeping when it was placed).
/// A closed line (shipped, cancelled, history only) keeps the stock its closing settled — a
/// shipped quantity that differs is a matter for a count or a return — and the amendment is the
/// record that it changed. Demand history moves `before`'s units to `after`'s.
public struct OrderAmendment: Hashable, Sendable {
    /// The line as OnePool had it: an open line's SKU, open quantity, price and placement time;
    /// nil for a closed line, of which OnePool keeps only a digest of the facts.
    public var before: OrderLineFacts?
    /// The line as the channel reports it now.
    public var after: OrderLineFacts
    /// Where the new version came from, for the audit trail: `file:line`, `sell`, a sync.
    public var source: String

    public init(before: OrderLineFacts?, after: OrderLineFacts, source: String) {
        self.before = before
        self.after = after
        self.source = source
    }

    public var id: OrderLineID { after.id }

    /// "2 × MUG-BLUE @ 12.00 → 3 × MUG-BLUE @ 12.00" (the closed line's old facts as "(closed)").
    public var summary: String {
        "\(before.map(Self.version) ?? "(closed: recorded facts kept as a digest)") → \(Self.version(after))"
    }

    public static func version(_ line: OrderLineFacts) -> String {
        "\(line.quantity) × \(line.sku) @ \(line.unitPrice)"
    }
}

extension OrderLineFacts {
    /// What the idempotency index keeps of a line, to tell a later report of it apart: its
    /// SKU, quantity and unit price. Not its time: `sell` stamps the time it runs, and a
    /// retried script must still be a repeat.
    public var factDigest: FactDigest { FactDigest(text: sku.rawValue, Int64(quantity), unitPrice.cents) }

    /// Whether the facts the digest covers are the same.
    public func sameFacts(as other: OrderLineFacts) -> Bool {
        sku == other.sku && quantity == other.quantity && unitPrice == other.unitPrice
    }
}

/// How a line reported by a channel (or `sell`) stands against what OnePool recorded of it.
public enum LineReport: Hashable, Sendable {
    /// OnePool has never recorded the line.
    case new
    /// Recorded with the same facts (or with facts OnePool cannot compare: see `StockState.report`).
    case unchanged
    /// Recorded with other facts: record this amendment.
    case changed(OrderAmendment)
}
