/// Which SKU a channel's listing sells, and the queue of lines whose listing maps to none.
extension StockState {
    /// The explicit mapping of `key`, else the SKU whose code is the listing id (one unit a
    /// listing), else nil: the listing is unmapped.
    public func mapping(for key: ListingKey) -> ListingMapping? {
        // Most stores map no listing: no hash of the key then (an import asks once a line).
        if !listings.isEmpty, let explicit = listings[key] { return explicit }
        // index(forKey:) finds the SKU without copying its pool out (an import asks once a line).
        return pools.index(forKey: SKUCode(key.listing)) != nil ? ListingMapping(sku: SKUCode(key.listing)) : nil
    }

    /// Every listing a channel publishes: its explicit mappings, and each SKU under its own code
    /// unless that id was mapped to something else. Sorted by listing id.
    public func listings(onChannel channel: ChannelName) -> [(listing: String, mapping: ListingMapping)] {
        var result: [(listing: String, mapping: ListingMapping)] = []
        result.reserveCapacity(pools.count)
        for (key, mapping) in listings where key.channel == channel { result.append((key.listing, mapping)) }
        for code in pools.keys where listings[ListingKey(channel: channel, listing: code.rawValue)] == nil {
            result.append((code.rawValue, ListingMapping(sku: code)))
        }
        result.sort { $0.listing < $1.listing }
        return result
    }

    /// Unmapped listings with lines waiting, per listing: how many lines and listing units are
    /// still open (cancelled and shipped lines are kept, as history, but wait for nothing).
    public func unmappedListings() -> [UnmappedListing] {
        var byKey: [ListingKey: UnmappedListing] = [:]
        for line in parkedLines.values {
            var entry = byKey[line.listingKey] ?? UnmappedListing(key: line.listingKey)
            entry.lines += 1
            if line.status == .open { entry.openUnits += line.quantity }
            entry.firstSeen = min(entry.firstSeen ?? line.placedAt, line.placedAt)
            byKey[line.listingKey] = entry
        }
        // Listings a connected channel's catalogue holds that match no SKU wait here too, with
        // no lines, until they are mapped.
        for key in sync.remote.keys where byKey[key] == nil && mapping(for: key) == nil {
            byKey[key] = UnmappedListing(key: key)
        }
        return byKey.values.sorted { ($0.openUnits, $1.key) > ($1.openUnits, $0.key) }
    }

    /// The parked lines of one listing, oldest first.
    public func parkedLines(for key: ListingKey) -> [ParkedLine] {
        parkedLines.values.filter { $0.listingKey == key }.sorted {
            ($0.placedAt, $0.id.order, $0.id.line) < ($1.placedAt, $1.id.order, $1.id.line)
        }
    }
}

/// One row of the unmapped queue.
public struct UnmappedListing: Hashable, Sendable {
    public var key: ListingKey
    public var lines = 0
    public var openUnits = 0
    public var firstSeen: Timestamp?

    public init(key: ListingKey) { self.key = key }
}
