/// One channel's share of one SKU, as `onepool allocation` and the console show it.
public struct ChannelShare: Hashable, Sendable {
    public var channel: String
    public var priority: Int
    public var enabled: Bool
    public var floor: Int
    /// The cap in units for this SKU now (a percentage worked out), nil for none.
    public var capUnits: Int?
    /// Units the channel may still be offered.
    public var allocation: Int
    /// Units the channel holds in open lines (they count against its cap).
    public var committed: Int
}

/// A SKU's allocation over every channel.
public struct SKUAllocation: Hashable, Sendable {
    public var sku: String
    public var available: Int
    /// In channel-name order.
    public var shares: [ChannelShare]
    public var unexposed: Int

    public func share(of channel: String) -> ChannelShare? { shares.first { $0.channel == channel } }
}

extension StockState {
    /// Channel names in a fixed order (by name): the column order of allocation tables.
    public var channelOrder: [String] { channelSettings.keys.sorted() }

    /// The allocator for the current channel rules, channels in `channelOrder`.
    public func allocator() -> Allocator {
        Allocator(rules: channelOrder.map { channelSettings[$0]?.rule ?? ChannelRule(priority: 1000) })
    }

    /// One SKU's allocation now, from its available units and each channel's open lines.
    public func allocation(of code: String, allocator given: Allocator? = nil) -> SKUAllocation? {
        guard let pool = pools[code] else { return nil }
        let names = channelOrder
        let allocator = given ?? allocator()
        let committed = names.map { pool.committedByChannel[$0] ?? 0 }
        let (allocations, unexposed) = allocator.allocate(available: pool.stock.available, committed: committed)
        let base = max(pool.stock.available, 0) + committed.reduce(0, +)
        let shares = names.indices.map { index in
            let rule = channelSettings[names[index]]?.rule ?? ChannelRule(priority: 1000)
            return ChannelShare(
                channel: names[index], priority: rule.priority, enabled: rule.enabled,
                floor: rule.enabled ? rule.floor : 0,
                capUnits: rule.enabled ? allocator.capUnits(channel: index, base: base) : 0,
                allocation: allocations[index], committed: committed[index])
        }
        return SKUAllocation(sku: code, available: pool.stock.available, shares: shares, unexposed: unexposed)
    }

    /// What a listing may be offered now: ⌊the channel's allocation of its SKU / pack⌋.
    public func publishable(_ key: ListingKey, allocation: SKUAllocation?) -> Int? {
        guard let mapping = mapping(for: key), let share = allocation?.share(of: key.channel) else { return nil }
        return share.allocation / max(1, mapping.pack)
    }
}

/// Listings a channel was last told more than it may sell now.
public struct OverExposure: Hashable, Sendable {
    public var key: ListingKey
    public var published: Int
    public var allowed: Int

    public init(key: ListingKey, published: Int, allowed: Int) {
        self.key = key
        self.published = published
        self.allowed = allowed
    }
}

extension StockState {
    /// Every listing whose last published quantity exceeds what it may be offered now.
    public func overExposed(channel: String? = nil) -> [OverExposure] {
        let allocator = allocator()
        var result: [OverExposure] = []
        for (key, quantity) in published where channel == nil || key.channel == channel {
            guard let mapping = mapping(for: key),
                let share = allocation(of: mapping.sku, allocator: allocator)?.share(of: key.channel)
            else { continue }
            let allowed = share.allocation / max(1, mapping.pack)
            if quantity > allowed { result.append(OverExposure(key: key, published: quantity, allowed: allowed)) }
        }
        return result.sorted { $0.key < $1.key }
    }
}
