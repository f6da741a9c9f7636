/// A channel's own name for something it sells: its SKU / listing id on that channel.
public struct ListingKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var channel: ChannelName
    public var listing: String

    public init(channel: ChannelName, listing: String) {
        self.channel = channel
        self.listing = listing
    }

    public var description: String { "\(channel):\(listing)" }

    public static func < (lhs: ListingKey, rhs: ListingKey) -> Bool {
        (lhs.channel, lhs.listing) < (rhs.channel, rhs.listing)
    }
}

/// What a listing sells: `pack` units of one OnePool SKU (a 6-pack listing consumes 6 units).
public struct ListingMapping: Hashable, Sendable {
    public var sku: SKUCode
    public var pack: Int

    public init(sku: SKUCode, pack: Int = 1) {
        self.sku = sku
        self.pack = pack
    }

    /// Whole packs in `units` (a pack below 1 counts as 1): how much a listing of this mapping
    /// may show of its SKU's units — the one pack division.
    public func packs(in units: Int) -> Int { units / max(1, pack) }
}

/// Where an imported order line stands on its channel.
public enum LineStatus: String, Sendable, Hashable {
    case open, shipped, cancelled
}

/// An order line for a listing that maps to no SKU yet: recorded, never dropped, and applied to
/// its SKU when the listing is mapped (`onepool map`).
public struct ParkedLine: Hashable, Sendable {
    public var id: OrderLineID
    public var listing: String
    /// In the listing's units (packs), as the channel reported them.
    public var quantity: Int
    public var unitPrice: Money
    public var placedAt: Timestamp
    public var status: LineStatus
    /// When the line shipped or was cancelled, if the channel said.
    public var statusTime: Timestamp?

    public init(
        id: OrderLineID, listing: String, quantity: Int, unitPrice: Money, placedAt: Timestamp, status: LineStatus,
        statusTime: Timestamp?
    ) {
        self.id = id
        self.listing = listing
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.placedAt = placedAt
        self.status = status
        self.statusTime = statusTime
    }

    public var listingKey: ListingKey { ListingKey(channel: id.channel, listing: listing) }
}
