extension StockState {
    /// Makes room in the idempotency index for about `keys` more keys (see
    /// `IdempotencyIndex.reserveCapacity(forMore:)`, which bounds it): a replay's estimate of the
    /// keys its events carry. Changes nothing the state answers.
    public mutating func reserveIdempotencyKeys(_ keys: Int) {
        idempotency.reserveCapacity(forMore: keys)
    }
}
