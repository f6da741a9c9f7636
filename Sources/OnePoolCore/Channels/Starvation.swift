/// Starved: a channel offered 0 of a SKU that has sellable units and that the channel lists,
/// because the channels served before it took them all (issue 13's one definition).
///
/// Not starved: a channel switched off (offered nothing by choice), one whose own cap is used
/// up by its open orders or is 0 (its rule, not the others'), a SKU with no units to offer
/// (out of stock: nobody gets any), a SKU the channel does not list.
public struct Starvation: Hashable, Sendable {
    public var channel: ChannelName
    public var sku: SKUCode
    /// The units the SKU had to offer (its available units), all taken by channels before.
    public var available: Int
    /// What the channel could have been offered had it been served first: the units, within its cap.
    public var couldOffer: Int

    public init(channel: ChannelName, sku: SKUCode, available: Int, couldOffer: Int) {
        self.channel = channel
        self.sku = sku
        self.available = available
        self.couldOffer = couldOffer
    }

    /// The judgement on one channel's allocation of one SKU. `room` is what its cap leaves after
    /// its open orders (nil: no cap).
    public static func isStarved(allocation: Int, available: Int, room: Int?, enabled: Bool, listed: Bool) -> Bool {
        enabled && listed && available > 0 && allocation == 0 && (room ?? 1) > 0
    }
}

extension StockState {
    /// Every channel starved of a SKU now (one channel, or all), by channel then SKU.
    public func starvations(channel only: ChannelName? = nil) -> [Starvation] {
        starvations(channel: only, skus: nil)
    }

    /// The same judgement for the SKUs in `codes` only (nil: every SKU). A SKU's starvation
    /// depends on its own pool and on the channels' rules and listings, so a reader that keeps
    /// the result per SKU (the console) re-judges only the SKUs an event touched. `listed`: the
    /// explicit listings as the caller keeps them (`ExplicitListings(self)`, made again when a
    /// listing is mapped); nil gathers them here, a walk over every listing.
    public func starvations(
        channel only: ChannelName? = nil, skus codes: Set<SKUCode>?, listed: ExplicitListings? = nil
    ) -> [Starvation] {
        let names = channelOrder
        guard !names.isEmpty else { return [] }
        let allocator = allocator()
        let rules = names.map(rule(of:))
        // Listings mapped explicitly, by channel and SKU; a SKU's own code lists it otherwise.
        let mapped = listed ?? ExplicitListings(self)
        var result: [Starvation] = []
        var committed = [Int32](repeating: 0, count: names.count)
        var cells = [Int32](repeating: 0, count: names.count)
        func judge(_ code: SKUCode, _ pool: SKUPool) {
            guard !pool.stock.isOutOfStock else { return }
            // The flat allocator with buffers reused from SKU to SKU, as publishing does.
            let any = committed.withUnsafeMutableBufferPointer { pool.fillCommitted(channels: names, into: $0) }
            committed.withUnsafeBufferPointer { taken in
                cells.withUnsafeMutableBufferPointer {
                    _ = allocator.allocate(available: pool.stock.available, committed: any ? taken : nil, into: $0)
                }
            }
            let base = pool.stock.available + committed.reduce(0) { $0 + Int($1) }
            for index in names.indices where only == nil || names[index] == only {
                let name = names[index]
                let room = allocator.capUnits(channel: index, base: base).map { $0 - Int(committed[index]) }
                let listed =
                    mapped.lists(code, on: name)
                    || mapping(for: ListingKey(channel: name, listing: code.rawValue))?.sku == code
                guard
                    Starvation.isStarved(
                        allocation: Int(cells[index]), available: pool.stock.available, room: room,
                        enabled: rules[index].enabled, listed: listed)
                else { continue }
                result.append(
                    Starvation(
                        channel: name, sku: code, available: pool.stock.available,
                        couldOffer: min(pool.stock.available, room ?? pool.stock.available)))
            }
        }
        if let codes {
            for code in codes { if let pool = pools[code] { judge(code, pool) } }
        } else {
            for (code, pool) in pools { judge(code, pool) }
        }
        return result.sorted { ($0.channel, $0.sku) < ($1.channel, $1.sku) }
    }

    /// The enabled channels served before `channel` (serving order): the ones that can starve it.
    public func channelsAhead(of channel: ChannelName) -> [ChannelName] {
        guard let rule = channelSettings[channel]?.rule else { return [] }
        return channelOrder.filter { name in
            guard name != channel, let other = channelSettings[name]?.rule, other.enabled else { return false }
            return (other.priority, name) < (rule.priority, channel)
        }.sorted { (channelSettings[$0]?.rule.priority ?? 0, $0) < (channelSettings[$1]?.rule.priority ?? 0, $1) }
    }
}

/// The SKUs each channel lists through an explicit mapping (a listing id of its own mapped to
/// the SKU): what `starvations` reads of the listings. Gathering it walks every listing, so a
/// reader that judges a few SKUs per event (the console's `StarvedLedger`) keeps one and makes
/// it again when a listing is mapped.
public struct ExplicitListings: Sendable, Equatable {
    private var mapped: Set<ListingKey> = []

    public init(_ state: StockState) {
        for (key, mapping) in state.listings {
            mapped.insert(ListingKey(channel: key.channel, listing: mapping.sku.rawValue))
        }
    }

    /// Whether a listing of `channel` is mapped to `code`.
    public func lists(_ code: SKUCode, on channel: ChannelName) -> Bool {
        !mapped.isEmpty && mapped.contains(ListingKey(channel: channel, listing: code.rawValue))
    }
}
