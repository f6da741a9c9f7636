import OnePoolCore

/// The channels as the console shows them: rules, every SKU's allocation, what was last
/// published, over-exposed listings and the unmapped queue — kept current as events arrive.
///
/// An order event recomputes one SKU's row and rechecks that SKU's listings; only a change to
/// the channels or their mappings rebuilds the whole board.
public struct ChannelBoard: Sendable {
    /// Channel names in book-column order (sorted by name).
    public private(set) var names: [ChannelName]
    public private(set) var settings: [ChannelName: ChannelSettings]
    public private(set) var kinds: [ChannelName: ChannelKind]
    public private(set) var book: AllocationBook
    public private(set) var published: [ListingKey: Int]
    public private(set) var unmapped: [UnmappedListing]
    public private(set) var overExposed: Set<ListingKey>
    /// What each over-exposed listing was told and may be offered, judged by Core's one rule.
    private var exposures: [ListingKey: OverExposure] = [:]
    /// Each channel's live sync (from the journal's sync facts), by name; empty when none syncs.
    public private(set) var sync: [ChannelName: ChannelSyncSummary]
    /// Over-exposed listings per channel (counted when the set changes, not per frame).
    private var overExposedCounts: [ChannelName: Int] = [:]
    /// Explicit mappings, by SKU and by listing.
    private var mappedBySKU: [SKUCode: [ListingKey]]
    private var mappings: [ListingKey: ListingMapping]
    /// The store's bundles: a bundle's listings are offered by the bundle share rule.
    public private(set) var bundles: BundleBook

    public init(state: StockState) {
        names = state.channelOrder
        settings = state.channelSettings
        kinds = state.channels.mapValues(\.kind)
        book = AllocationBook(state: state)
        published = state.published
        unmapped = state.unmappedListings()
        mappings = state.listings
        bundles = state.bundles
        mappedBySKU = Dictionary(grouping: state.listings.keys, by: { state.listings[$0]?.sku ?? SKUCode("") })
        overExposed = []
        sync = ChannelSyncSummary.all(state.sync)
        for key in published.keys { judge(key, in: state) }
        countOverExposed()
    }

    private mutating func countOverExposed() {
        overExposedCounts = [:]
        for key in overExposed { overExposedCounts[key.channel, default: 0] += 1 }
    }

    /// Brings the board up to date with events just appended (`state` is after them).
    mutating func absorb(_ events: [Event], state: StockState, touched: Set<SKUCode>) {
        var rebuild = false
        var republished: [ListingKey] = []
        var parked = false
        var synced = false
        for event in events {
            if case .sync = event.change { synced = true }
            switch event.change {
            case .channelAdded, .channelConfigured, .listingMapped, .bundles: rebuild = true
            case .published(let key, _): republished.append(key)
            case .sync(.pushed(let answer)) where answer.answer == .applied:
                // A live sync's push is a publish too.
                republished += answer.lines.map { ListingKey(channel: answer.channel, listing: $0.listing) }
            case .orderParked, .sync(.catalogued): parked = true
            default: break
            }
        }
        if rebuild {
            self = ChannelBoard(state: state)
            return
        }
        for event in events { book.update(after: event.change, in: state) }
        // A `sync` in another process: its pulls, pushes, drift and health, as the journal has them.
        if synced { sync = ChannelSyncSummary.all(state.sync) }
        for key in republished { published[key] = state.published[key] }
        if parked
            || events.contains(where: { if case .orderPlaced = $0.change { true } else { false } }) && !unmapped.isEmpty
        {
            unmapped = state.unmappedListings()
        }
        var recheck = Set(republished)
        // A component's change moves what its bundles' listings may be offered too.
        var codes = touched
        if !bundles.isEmpty { for code in touched { codes.formUnion(bundles.bundles(using: code)) } }
        for code in codes {
            for name in names where mappings[ListingKey(channel: name, listing: code.rawValue)] == nil {
                recheck.insert(ListingKey(channel: name, listing: code.rawValue))
            }
            for key in mappedBySKU[code] ?? [] { recheck.insert(key) }
        }
        var changed = false
        for key in recheck { changed = judge(key, in: state) || changed }
        if changed { countOverExposed() }
    }

    /// Judges one listing again with Core's rule (`StockState.exposure`, bundle shares and packs
    /// included) against this board's allocation book; true when its over-exposure changed.
    @discardableResult
    private mutating func judge(_ key: ListingKey, in state: StockState) -> Bool {
        let column = names.firstIndex(of: key.channel)
        let exposure = published[key].flatMap { told -> OverExposure? in
            guard let column else { return nil }
            return state.exposure(of: key, shown: told, allocation: { book.allocation(of: $0, channel: column) })
        }
        let before = exposures[key]
        exposures[key] = exposure
        if exposure != nil { overExposed.insert(key) } else { overExposed.remove(key) }
        return (before == nil) != (exposure == nil)
    }

    /// What a channel's listings of `sku` may be offered (the bundle share rule,
    /// `BundleBook.channelOffer`, over the book's allocations).
    public func offer(of sku: SKUCode, column: Int) -> Int {
        bundles.channelOffer(of: sku) { book.allocation(of: $0, channel: column) }
    }

    /// Every over-exposed listing with what it was told and may be offered, in key order.
    public var overExposures: [OverExposure] { overExposed.sorted().compactMap { exposures[$0] } }

    /// What a listing was last told, if ever.
    public func lastPublished(channel: ChannelName, sku: SKUCode) -> Int? {
        published[ListingKey(channel: channel, listing: sku.rawValue)]
    }

    /// Units offered to each channel over the catalogue, if `name` had `proposed` settings
    /// (nil: as things are) — what the rule-edit confirmation shows.
    public func unitsOffered(changing name: ChannelName? = nil, to proposed: ChannelSettings? = nil) -> [Int] {
        guard let name, let proposed, let column = names.firstIndex(of: name) else { return book.totals }
        var rules = names.map { settings[$0]?.rule ?? .unconfigured }
        rules[column] = proposed.rule
        // The book under the proposed rules: the same flat pass a real rule change makes.
        var trial = book
        trial.reallocate(with: Allocator(rules: rules))
        return trial.totals
    }

    /// Per channel: over-exposed listings and unmapped listings waiting.
    public func overExposedCount(_ channel: ChannelName) -> Int { overExposedCounts[channel] ?? 0 }
    public func unmappedCount(_ channel: ChannelName) -> (listings: Int, units: Int) {
        let mine = unmapped.filter { $0.key.channel == channel }
        return (mine.count, mine.reduce(0) { $0 + $1.openUnits })
    }
}
