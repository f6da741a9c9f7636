/// One channel's share of one SKU, as `onepool allocation` and the console show it.
public struct ChannelShare: Hashable, Sendable {
    public var channel: ChannelName
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
    public var sku: SKUCode
    public var available: Int
    /// In channel-name order.
    public var shares: [ChannelShare]
    public var unexposed: Int

    public func share(of channel: ChannelName) -> ChannelShare? { shares.first { $0.channel == channel } }
}

extension StockState {
    /// Channel names in a fixed order (by name): the column order of allocation tables.
    public var channelOrder: [ChannelName] { channelSettings.keys.sorted() }

    /// A channel's rule now (`ChannelRule.unconfigured` for a channel without settings).
    public func rule(of channel: ChannelName) -> ChannelRule { channelSettings[channel]?.rule ?? .unconfigured }

    /// The allocator for the current channel rules, channels in `channelOrder`.
    public func allocator() -> Allocator { Allocator(rules: channelOrder.map(rule(of:))) }

    /// One SKU's allocation now, from its available units and each channel's open lines.
    public func allocation(of code: SKUCode, allocator given: Allocator? = nil) -> SKUAllocation? {
        if let stock = bundleStock(code) { return bundleAllocation(stock, allocator: given ?? allocator()) }
        guard let pool = pools[code] else { return nil }
        let names = channelOrder
        let allocator = given ?? allocator()
        let committed = names.map { pool.committedByChannel[$0] ?? 0 }
        let (allocations, unexposed) = allocator.allocate(available: pool.stock.available, committed: committed)
        let base = max(pool.stock.available, 0) + committed.reduce(0, +)
        let shares = names.indices.map { index in
            let rule = rule(of: names[index])
            return ChannelShare(
                channel: names[index], priority: rule.priority, enabled: rule.enabled,
                floor: rule.enabled ? rule.floor : 0,
                capUnits: rule.enabled ? allocator.capUnits(channel: index, base: base) : 0,
                allocation: allocations[index], committed: committed[index])
        }
        return SKUAllocation(sku: code, available: pool.stock.available, shares: shares, unexposed: unexposed)
    }

    /// A bundle's "allocation": what each channel is offered of it under the bundle share rule
    /// (`channelOffer`), its open bundle units per channel; a bundle has no floor or cap of its
    /// own (its components' channels serve it). Unexposed: available bundles no channel is offered.
    private func bundleAllocation(_ stock: BundleStock, allocator: Allocator) -> SKUAllocation {
        let names = channelOrder
        let open = openBundleUnits(of: stock.code)
        var offered = 0
        let shares = names.map { name in
            let rule = channelSettings[name]?.rule ?? ChannelRule(priority: 1000)
            let offer = channelOffer(
                of: stock.code, allocation: channelAllocations(channel: name, allocator: allocator))
            offered += offer
            return ChannelShare(
                channel: name, priority: rule.priority, enabled: rule.enabled, floor: 0, capUnits: nil,
                allocation: offer,
                committed: open[name] ?? 0)
        }
        return SKUAllocation(
            sku: stock.code, available: stock.available, shares: shares, unexposed: max(0, stock.available - offered))
    }

    /// Bundle units in open lines of `code`, per channel (a scan of the open lines).
    public func openBundleUnits(of code: SKUCode) -> [ChannelName: Int] {
        var units: [ChannelName: Int] = [:]
        for (id, line) in openLines where line.sku == code && line.components != nil {
            units[id.channel] = Bounds.held(units[id.channel, default: 0] + line.quantity)
        }
        return units
    }

    /// What a listing may be offered now: `listingOffer` (⌊the channel's offer of its SKU or
    /// bundle / pack⌋, `BundleShares.swift`).
    public func publishable(_ key: ListingKey, allocator: Allocator? = nil) -> Int? {
        listingOffer(key, allocation: channelAllocations(channel: key.channel, allocator: allocator))
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

extension OverExposure {
    /// The comparison of the rule: told more than allowed (`allowed` nil: nothing to judge).
    public static func judge(_ key: ListingKey, published: Int, allowed: Int?) -> OverExposure? {
        guard let allowed, published > allowed else { return nil }
        return OverExposure(key: key, published: published, allowed: allowed)
    }
}

extension StockState {
    /// Over-exposure — the one definition every front end calls (issue 13): a listing was last
    /// told (`shown`) more than it may be offered now, which is `listingOffer` — its channel's
    /// offer of the listing's SKU or bundle under the bundle share rule, in whole packs.
    /// `allocation` gives the channel's allocation of any SKU (the console passes its
    /// incremental book, the CLI `channelAllocations`). A listing with no SKU behind it, or on a
    /// channel the store does not have, is not judged: nothing backs or offers it.
    public func exposure(of key: ListingKey, shown: Int, allocation: (SKUCode) -> Int) -> OverExposure? {
        guard channelSettings[key.channel] != nil else { return nil }
        return OverExposure.judge(key, published: shown, allowed: listingOffer(key, allocation: allocation))
    }
}

extension StockState {
    /// Every listing whose last published quantity exceeds what it may be offered now.
    public func overExposed(channel: ChannelName? = nil) -> [OverExposure] {
        let allocator = allocator()
        var result: [OverExposure] = []
        for (key, quantity) in published where channel == nil || key.channel == channel {
            if let exposure = exposure(
                of: key, shown: quantity, allocation: channelAllocations(channel: key.channel, allocator: allocator))
            {
                result.append(exposure)
            }
        }
        return result.sorted { $0.key < $1.key }
    }
}
