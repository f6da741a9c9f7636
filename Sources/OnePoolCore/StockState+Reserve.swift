extension StockState {
    /// Makes room in the idempotency index for about `keys` more keys (see
    /// `IdempotencyIndex.reserveCapacity(forMore:)`, which bounds it): a replay's estimate of the
    /// keys its events carry. Changes nothing the state answers.
    public mutating func reserveIdempotencyKeys(_ keys: Int) {
        idempotency.reserveCapacity(forMore: keys)
    }

    /// Makes room in the shipped-line table for about `lines` more shipped lines (see
    /// `ShippedLineTable.reserveCapacity(forMore:)`, which bounds it): a replay's estimate of the
    /// shipments among its events. Changes nothing the state answers.
    public mutating func reserveShippedLines(_ lines: Int) {
        returns.shipped.reserveCapacity(forMore: lines)
    }
}
