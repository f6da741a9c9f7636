/// One SKU's catalogue record together with its stock: the unit the pool is kept per.
public struct SKUPool: Hashable, Sendable {
    public var sku: SKU
    public var stock: StockLevel
    /// When on hand was last set by a count (the count's as-of time): order lines that shipped
    /// before it are already reflected in on hand.
    public var countedAt: Timestamp?
    /// Committed units per channel (open lines), so a channel's cap counts what it has already
    /// taken. Derived from the open lines; channels with none are absent.
    public var committedByChannel: [ChannelName: Int]

    public init(
        sku: SKU, stock: StockLevel = StockLevel(), countedAt: Timestamp? = nil,
        committedByChannel: [ChannelName: Int] = [:]
    ) {
        self.sku = sku
        self.stock = stock
        self.countedAt = countedAt
        self.committedByChannel = committedByChannel
    }

    /// Writes each channel's committed units into `buffer`, in `channels` order (the allocator's
    /// column order); returns whether any channel holds open lines (most SKUs: none).
    /// Up to this many channels with open lines, `commit` compares names instead of hashing one.
    static var scannedChannels: Int { 8 }

    public func fillCommitted(channels: [ChannelName], into buffer: UnsafeMutableBufferPointer<Int32>) -> Bool {
        for index in buffer.indices { buffer[index] = 0 }
        for (name, units) in committedByChannel {
            if let index = channels.firstIndex(of: name) { buffer[index] = Int32(clamping: units) }
        }
        return !committedByChannel.isEmpty
    }

    /// `taken` units of an open line on `channel` shipped: no longer committed, and gone from on hand.
    mutating func ship(_ taken: Int, channel: ChannelName) {
        commit(-taken, channel: channel)
        stock.onHand = Bounds.held(stock.onHand - taken)
    }

    mutating func commit(_ quantity: Int, channel: ChannelName) {
        stock.committed = Bounds.held(stock.committed + quantity)
        // A pool holds open lines on a few channels: comparing their names finds the entry
        // without hashing the name (every order event comes here, and replay folds millions).
        if committedByChannel.count <= Self.scannedChannels {
            var index = committedByChannel.startIndex
            while index != committedByChannel.endIndex {
                if committedByChannel.keys[index] == channel {
                    // One access to the units where they lie (`_modify`): reading them and then
                    // writing them back was two calls into the dictionary for every order event.
                    if Self.add(quantity, to: &committedByChannel.values[index]) == 0 {
                        committedByChannel.remove(at: index)
                    }
                    return
                }
                committedByChannel.formIndex(after: &index)
            }
        }
        let now = Bounds.held(committedByChannel[channel, default: 0] + quantity)
        committedByChannel[channel] = now == 0 ? nil : now
    }

    /// `units + quantity` within `Bounds.held`, stored in `units` and returned.
    @inline(__always)
    private static func add(_ quantity: Int, to units: inout Int) -> Int {
        units = Bounds.held(units + quantity)
        return units
    }
}
