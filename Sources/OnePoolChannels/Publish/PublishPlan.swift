import OnePoolCore

/// One listing's quantity to send to a channel.
public struct PublishLine: Hashable, Sendable {
    public var listing: String
    public var sku: String
    public var pack: Int
    public var quantity: Int
    /// What the channel was last told (nil: never published).
    public var previous: Int?
    /// Units the channel holds in open lines of this SKU (Shopify's "committed").
    public var committed: Int

    public init(listing: String, sku: String, pack: Int, quantity: Int, previous: Int?, committed: Int) {
        self.listing = listing
        self.sku = sku
        self.pack = pack
        self.quantity = quantity
        self.previous = previous
        self.committed = committed
    }
}

/// What `onepool publish` sends: every listing of the channel with ⌊allocation / pack⌋, or only
/// those whose quantity changed since the last publish.
public enum PublishPlan {
    public static func make(state: StockState, channel: String, full: Bool) -> [PublishLine] {
        // One SKU at a time with the flat allocator: a listing needs only its own SKU's row.
        let allocator = state.allocator()
        let names = state.channelOrder
        guard let column = names.firstIndex(of: channel) else { return [] }
        var committed = [Int32](repeating: 0, count: names.count)
        var cells = [Int32](repeating: 0, count: names.count)
        var lines: [PublishLine] = []
        for (listing, mapping) in state.listings(onChannel: channel) {
            guard let pool = state.pools[mapping.sku] else { continue }
            committed.withUnsafeMutableBufferPointer { taken in
                let any = pool.fillCommitted(channels: names, into: taken)
                cells.withUnsafeMutableBufferPointer {
                    _ = allocator.allocate(
                        available: pool.stock.available, committed: any ? UnsafeBufferPointer(taken) : nil, into: $0)
                }
            }
            let quantity = Int(cells[column]) / max(1, mapping.pack)
            let previous = state.published[ListingKey(channel: channel, listing: listing)]
            if !full && previous == quantity { continue }
            lines.append(
                PublishLine(
                    listing: listing, sku: mapping.sku, pack: mapping.pack, quantity: quantity, previous: previous,
                    committed: Int(committed[column])))
        }
        return lines
    }

    /// The events that record a publish, so over-exposure can be known later.
    public static func changes(_ lines: [PublishLine], channel: String) -> [ProposedChange] {
        lines.map {
            ProposedChange(.published(ListingKey(channel: channel, listing: $0.listing), quantity: $0.quantity))
        }
    }
}
