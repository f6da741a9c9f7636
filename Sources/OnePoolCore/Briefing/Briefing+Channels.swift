/// Channel items: over-exposure, failing syncs and drift (one exposure rule), starved channels.
extension Briefing {
    /// One item per channel: over-exposed listings — or, where the channel's sync is failing, its
    /// listings left showing more than they may sell (priced from what sync believes the channel
    /// holds, which knows the sales it pulled; publishing by file is then the way to fix them) —
    /// and listings that drifted from what OnePool last set. A listing is priced under one item
    /// only: a drifted one under its drift, then a failing channel's under its failing sync.
    static func exposureItems(
        state: StockState, overExposed: [OverExposure], outlook: DemandOutlook, sync: SyncFacts
    ) -> [BriefingItem] {
        let rule = ProfitRule(state.settings)
        let failing = Dictionary(sync.failures.map { ($0.channel, $0) }, uniquingKeysWith: { first, _ in first })
        let drifted = Set(sync.drifts.filter { $0.seen != $0.lastSet }.map(\.key))
        var exposed: [ChannelName: [ProfitRule.ExposedListing]] = [:]
        for over in overExposed where failing[over.key.channel] == nil && !drifted.contains(over.key) {
            exposed[over.key.channel, default: []].append(
                listing(state, over.key, shown: over.published, allowed: over.allowed, outlook: outlook))
        }
        var items: [BriefingItem] = []
        for (channel, listings) in exposed {
            let effect = rule.exposure(listings)
            let units = listings.reduce(0) { ProfitRule.sum($0, max(0, ProfitRule.difference($1.shown, $1.allowed))) }
            items.append(
                BriefingItem(
                    kind: .overExposed, subject: channel.rawValue,
                    why: why(
                        "\(listings.count) listing(s) were told \(units) more than they may now sell: publish to fix",
                        effect,
                        rule),
                    action: .publish(channel: channel), effect: effect))
        }
        for (channel, failure) in failing {
            let listings = staleListings(state, channel: channel, sync: sync, skipping: drifted, outlook: outlook)
            let effect = rule.exposure(listings, rule: "sync failing: " + ProfitRule.exposureRule)
            items.append(
                BriefingItem(
                    kind: .syncFailing, subject: channel.rawValue,
                    why: why(
                        "sync failing since \(CivilDate.text(failure.since, offsetSeconds: 0)) (\(failure.reason)); "
                            + "\(listings.count) listing(s) left above what they may sell: "
                            + "publish by file until it is fixed",
                        effect, rule),
                    action: .publish(channel: channel), effect: effect))
        }
        items += driftItems(state: state, sync: sync, outlook: outlook, rule: rule)
        return items
    }

    /// A failing channel's listings that show more than the channel may sell now: what it shows
    /// is what sync believes it holds (the last quantity set, less the sales pulled since), else
    /// the last published quantity.
    static func staleListings(
        _ state: StockState, channel: ChannelName, sync: SyncFacts, skipping drifted: Set<ListingKey>,
        outlook: DemandOutlook
    ) -> [ProfitRule.ExposedListing] {
        var shown: [ListingKey: Int] = [:]
        for (key, quantity) in state.published where key.channel == channel { shown[key] = quantity }
        for (key, quantity) in sync.holds where key.channel == channel { shown[key] = quantity }
        let allocator = state.allocator()
        var listings: [ProfitRule.ExposedListing] = []
        for (key, quantity) in shown where !drifted.contains(key) {
            if let exposure = state.exposure(
                of: key, shown: quantity, allocation: state.channelAllocations(channel: channel, allocator: allocator))
            {
                listings.append(listing(state, key, shown: quantity, allowed: exposure.allowed, outlook: outlook))
            }
        }
        return listings.sorted { $0.key < $1.key }
    }

    /// Listings a channel shows at a quantity nobody set: priced as exposure when they show more
    /// than the channel may now sell (showing less costs sales, which the starved rule prices).
    static func driftItems(state: StockState, sync: SyncFacts, outlook: DemandOutlook, rule: ProfitRule)
        -> [BriefingItem]
    {
        let allocator = state.allocator()
        var byChannel: [ChannelName: (listings: [ProfitRule.ExposedListing], count: Int)] = [:]
        for drift in sync.drifts where drift.seen != drift.lastSet {
            let exposure = state.exposure(
                of: drift.key, shown: drift.seen,
                allocation: state.channelAllocations(channel: drift.key.channel, allocator: allocator))
            byChannel[drift.key.channel, default: ([], 0)].count += 1
            if let exposure {
                byChannel[drift.key.channel, default: ([], 0)].listings.append(
                    listing(state, drift.key, shown: drift.seen, allowed: exposure.allowed, outlook: outlook))
            }
        }
        return byChannel.map { channel, entry in
            let effect = rule.exposure(entry.listings, rule: "drift: " + ProfitRule.exposureRule)
            return BriefingItem(
                kind: .drift, subject: channel.rawValue,
                why: why(
                    "\(entry.count) listing(s) show a quantity OnePool did not set (\(entry.listings.count) above what "
                        + "they may sell): find who changed them, then publish", effect, rule),
                action: .publish(channel: channel), effect: effect)
        }
    }

    /// A listing as the exposure rule prices it: its SKU and pack, and the channel's demand for it.
    static func listing(
        _ state: StockState, _ key: ListingKey, shown: Int, allowed: Int, outlook: DemandOutlook
    ) -> ProfitRule.ExposedListing {
        let mapping = state.mapping(for: key)
        let daily = mapping.flatMap { outlook.channelDaily(channel: key.channel, sku: $0.sku) }
        return ProfitRule.ExposedListing(
            key: key, sku: mapping.flatMap { state.sku($0.sku) }, pack: mapping?.pack ?? 1, shown: shown,
            allowed: allowed, daily: daily?.daily, dailyHow: daily?.how ?? "")
    }

    /// A channel starved of SKUs that have units (see `Starvation`): one item per channel, worth
    /// the margin of what it would sell of them over the horizon, were it served.
    static func starvedItems(state: StockState, starved: [Starvation], outlook: DemandOutlook) -> [BriefingItem] {
        let rule = ProfitRule(state.settings)
        var items: [BriefingItem] = []
        for (channel, entries) in Dictionary(grouping: starved, by: \.channel) {
            // Every starved SKU is priced; how its demand was reached is written only for the
            // few the explanation shows (the console redoes this on every change it absorbs).
            let priced = entries.compactMap { entry -> ProfitRule.StarvedSKU? in
                guard let sku = state.sku(entry.sku) else { return nil }
                return ProfitRule.StarvedSKU(
                    sku: sku, couldOffer: entry.couldOffer,
                    daily: outlook.channelDailyRate(channel: channel, sku: entry.sku))
            }
            let effect = rule.starved(priced) { outlook.channelDaily(channel: channel, sku: $0.sku.code)?.how ?? "" }
            let ahead = state.channelsAhead(of: channel)
            let skus = entries.map(\.sku).sorted()
            items.append(
                BriefingItem(
                    kind: .starved, subject: channel.rawValue,
                    why: why(
                        "offered 0 of \(skus.count) SKU(s) that have units (\(skus.prefix(3).map(\.rawValue).joined(separator: ", "))"
                            + "\(skus.count > 3 ? ", …" : "")): "
                            + (ahead.isEmpty ? "channels served first" : ahead.joined(separator: ", "))
                            + " take them all; "
                            + "give it a floor or cap the channels ahead", effect, rule),
                    action: .editChannel(channel), effect: effect))
        }
        return items
    }
}
