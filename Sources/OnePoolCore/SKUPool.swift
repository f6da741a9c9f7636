/// One SKU's catalogue record together with its stock: the unit the pool is kept per.
public struct SKUPool: Hashable, Sendable {
    public var sku: SKU
    public var stock: StockLevel
    /// When on hand was last set by a count (the count's as-of time): order lines that shipped
    /// before it are already reflected in on hand.
    public var countedAt: Timestamp?
    /// Committed units per channel (open lines), so a channel's cap counts what it has already
    /// taken. Derived from the open lines; channels with none are absent.
    public var committedByChannel: [String: Int]

    public init(
        sku: SKU, stock: StockLevel = StockLevel(), countedAt: Timestamp? = nil, committedByChannel: [String: Int] = [:]
    ) {
        self.sku = sku
        self.stock = stock
        self.countedAt = countedAt
        self.committedByChannel = committedByChannel
    }

    /// Writes each channel's committed units into `buffer`, in `channels` order (the allocator's
    /// column order); returns whether any channel holds open lines (most SKUs: none).
    public func fillCommitted(channels: [String], into buffer: UnsafeMutableBufferPointer<Int32>) -> Bool {
        for index in buffer.indices { buffer[index] = 0 }
        for (name, units) in committedByChannel {
            if let index = channels.firstIndex(of: name) { buffer[index] = Int32(clamping: units) }
        }
        return !committedByChannel.isEmpty
    }

    mutating func commit(_ quantity: Int, channel: String) {
        stock.committed = Bounds.held(stock.committed + quantity)
        let now = Bounds.held(committedByChannel[channel, default: 0] + quantity)
        committedByChannel[channel] = now == 0 ? nil : now
    }
}
