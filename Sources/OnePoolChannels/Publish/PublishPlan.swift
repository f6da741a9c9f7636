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
}

/// What `onepool publish` sends: every listing of the channel with ⌊allocation / pack⌋, or only
/// those whose quantity changed since the last publish.
public enum PublishPlan {
    public static func make(state: StockState, channel: String, full: Bool) -> [PublishLine] {
        let allocator = state.allocator()
        var allocations: [String: SKUAllocation] = [:]
        var lines: [PublishLine] = []
        for (listing, mapping) in state.listings(onChannel: channel) {
            let allocation = allocations[mapping.sku] ?? state.allocation(of: mapping.sku, allocator: allocator)
            allocations[mapping.sku] = allocation
            guard let share = allocation?.share(of: channel) else { continue }
            let quantity = share.allocation / max(1, mapping.pack)
            let previous = state.published[ListingKey(channel: channel, listing: listing)]
            if !full && previous == quantity { continue }
            lines.append(PublishLine(
                listing: listing, sku: mapping.sku, pack: mapping.pack, quantity: quantity, previous: previous, committed: share.committed))
        }
        return lines
    }

    /// The events that record a publish, so over-exposure can be known later.
    public static func changes(_ lines: [PublishLine], channel: String) -> [ProposedChange] {
        lines.map { ProposedChange(.published(ListingKey(channel: channel, listing: $0.listing), quantity: $0.quantity)) }
    }
}

/// Listings a channel was last told more than it may sell now.
public struct OverExposure: Hashable, Sendable {
    public var key: ListingKey
    public var published: Int
    public var allowed: Int
}

extension StockState {
    /// Every listing whose last published quantity exceeds what it may be offered now.
    public func overExposed(channel: String? = nil) -> [OverExposure] {
        let allocator = allocator()
        var result: [OverExposure] = []
        for (key, quantity) in published where channel == nil || key.channel == channel {
            guard let mapping = mapping(for: key), let share = allocation(of: mapping.sku, allocator: allocator)?.share(of: key.channel)
            else { continue }
            let allowed = share.allocation / max(1, mapping.pack)
            if quantity > allowed { result.append(OverExposure(key: key, published: quantity, allowed: allowed)) }
        }
        return result.sorted { $0.key < $1.key }
    }
}
