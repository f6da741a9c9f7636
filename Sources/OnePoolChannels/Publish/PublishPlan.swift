import OnePoolCore

/// One listing's quantity to send to a channel.
public struct PublishLine: Hashable, Sendable {
    public var listing: String
    public var sku: SKUCode
    public var pack: Int
    public var quantity: Int
    /// What the channel was last told (nil: never published).
    public var previous: Int?
    /// Units the channel holds in open lines of this SKU (Shopify's "committed").
    public var committed: Int

    public init(listing: String, sku: SKUCode, pack: Int, quantity: Int, previous: Int?, committed: Int) {
        self.listing = listing
        self.sku = sku
        self.pack = pack
        self.quantity = quantity
        self.previous = previous
        self.committed = committed
    }
}

/// What `onepool publish` sends: every listing of the channel with ⌊offer / pack⌋ — the offer is
/// the channel's allocation of the SKU, shared with bundles by `StockState.channelOffer` — or
/// only those whose quantity changed since the last publish.
public enum PublishPlan {
    public static func make(state: StockState, channel: ChannelName, full: Bool) -> [PublishLine] {
        // One SKU at a time with the flat allocator: a listing needs only its own SKU's row.
        let allocator = state.allocator()
        let names = state.channelOrder
        guard let column = names.firstIndex(of: channel) else { return [] }
        var committed = [Int32](repeating: 0, count: names.count)
        var cells = [Int32](repeating: 0, count: names.count)
        var lines: [PublishLine] = []
        // A SKU in a bundle, or a bundle, is offered by the bundle share rule
        // (`StockState.channelOffer`), which reads the channel's allocation of several SKUs.
        let shared = state.bundles.isEmpty ? nil : state.channelAllocations(channel: channel, allocator: allocator)
        var sharedRows: [SKUCode: Int] = [:]
        func allocation(_ code: SKUCode) -> Int {
            if let known = sharedRows[code] { return known }
            let units = shared?(code) ?? 0
            sharedRows[code] = units
            return units
        }
        for (listing, mapping) in state.listings(onChannel: channel) {
            guard let pool = state.pools[mapping.sku] else { continue }
            let offer: Int
            let open: Int
            if shared != nil
                && (state.bundles.isBundle(mapping.sku) || !state.bundles.bundles(using: mapping.sku).isEmpty)
            {
                offer = state.channelOffer(of: mapping.sku, allocation: allocation)
                open =
                    state.bundles.isBundle(mapping.sku)
                    ? state.openBundleUnits(of: mapping.sku)[channel] ?? 0 : pool.committedByChannel[channel] ?? 0
            } else {
                committed.withUnsafeMutableBufferPointer { taken in
                    let any = pool.fillCommitted(channels: names, into: taken)
                    cells.withUnsafeMutableBufferPointer {
                        _ = allocator.allocate(
                            available: pool.stock.available, committed: any ? UnsafeBufferPointer(taken) : nil, into: $0
                        )
                    }
                }
                offer = Int(cells[column])
                open = Int(committed[column])
            }
            let quantity = mapping.packs(in: offer)
            let previous = state.published[ListingKey(channel: channel, listing: listing)]
            if !full && previous == quantity { continue }
            lines.append(
                PublishLine(
                    listing: listing, sku: mapping.sku, pack: mapping.pack, quantity: quantity, previous: previous,
                    committed: open))
        }
        return lines
    }

    /// The events that record a publish, so over-exposure can be known later.
    public static func changes(_ lines: [PublishLine], channel: ChannelName) -> [ProposedChange] {
        lines.map {
            ProposedChange(.published(ListingKey(channel: channel, listing: $0.listing), quantity: $0.quantity))
        }
    }
}
