/// Facts the live sync records about a channel's API: how far its orders were read, which
/// listings it sells, each quantity sent and the channel's answer, differences nobody
/// explained, and whether the connection works. They live in the journal beside the orders they
/// cover, so a sync killed at any moment resumes exactly where its last batch ended.
public enum SyncChange: Hashable, Sendable {
    /// Orders up to `cursor` were recorded in this same batch (a pull that finds nothing writes
    /// nothing).
    case pulled(SyncPull)
    /// The channel's catalogue as last read: listings new or with a new remote id, and those gone.
    case catalogued(channel: ChannelName, listings: [RemoteListing], removed: [String])
    /// Quantities about to be sent, with the idempotency key the request carries: written before
    /// the request, so a reply lost to a crash is resolved by sending the same request again.
    case pushing(SyncPushIntent)
    /// The channel's answer to a push.
    case pushed(SyncPushAnswer)
    /// The channel holds a quantity OnePool neither set nor can explain by an order it recorded
    /// (an edit in the channel's admin, another app).
    case drift(SyncDrift)
    /// The channel was read to hold `quantity` of a listing, and that is explained: the first
    /// reading of a listing OnePool never set, or units back on sale after a cancellation.
    case observed(ListingKey, quantity: Int)
    /// The connection started failing, failed differently, or works again.
    case health(channel: ChannelName, SyncHealth)

    public var channel: ChannelName {
        switch self {
        case .pulled(let pull): pull.channel
        case .catalogued(let channel, _, _): channel
        case .pushing(let intent): intent.channel
        case .pushed(let answer): answer.channel
        case .drift(let drift): drift.key.channel
        case .observed(let key, _): key.channel
        case .health(let channel, _): channel
        }
    }

    public var kind: String {
        switch self {
        case .pulled: "sync-pulled"
        case .catalogued: "sync-catalogued"
        case .pushing: "sync-pushing"
        case .pushed: "sync-pushed"
        case .drift: "sync-drift"
        case .observed: "sync-observed"
        case .health: "sync-health"
        }
    }

    /// Every `kind` above, for `log --kind` (`SyncFactTests` checks each case's kind is here).
    public static let kinds = [
        "sync-pulled", "sync-catalogued", "sync-pushing", "sync-pushed", "sync-drift", "sync-observed", "sync-health",
    ]
}

/// What one pull recorded besides the orders themselves.
public struct SyncPull: Hashable, Sendable {
    public var channel: ChannelName
    /// The channel's own position after the orders of this batch (opaque to OnePool).
    public var cursor: String
    /// Listing units of lines newly placed on the channel, per listing: the channel took them
    /// off its own quantity, so what OnePool expects the channel to hold drops by as much.
    public var sold: [ListingUnits]
    /// Listings with a line cancelled or refunded in this batch: the channel may have put the
    /// units back on sale, so a higher quantity there is explained.
    public var restockable: [String]

    public init(channel: ChannelName, cursor: String, sold: [ListingUnits] = [], restockable: [String] = []) {
        self.channel = channel
        self.cursor = cursor
        self.sold = sold
        self.restockable = restockable
    }
}

public struct ListingUnits: Hashable, Sendable {
    public var listing: String
    public var units: Int

    public init(listing: String, units: Int) {
        self.listing = listing
        self.units = units
    }
}

/// A listing in a channel's catalogue and the channel's own id for what carries its quantity
/// (Shopify: the variant's inventory item).
public struct RemoteListing: Hashable, Sendable {
    public var listing: String
    public var remoteID: String

    public init(listing: String, remoteID: String) {
        self.listing = listing
        self.remoteID = remoteID
    }
}

/// One listing's quantity in a push: set to `to` if the channel still holds `from` (nil: the
/// channel has no compare-and-set, or the quantity it holds is not known).
public struct PushLine: Hashable, Sendable {
    public var listing: String
    public var from: Int?
    public var to: Int

    public init(listing: String, from: Int?, to: Int) {
        self.listing = listing
        self.from = from
        self.to = to
    }
}

public struct SyncPushIntent: Hashable, Sendable {
    public var channel: ChannelName
    /// Sent with the request; the same request sent again carries the same key.
    public var key: String
    public var lines: [PushLine]

    public init(channel: ChannelName, key: String, lines: [PushLine]) {
        self.channel = channel
        self.key = key
        self.lines = lines
    }
}

/// How a channel answered a push. A push applies whole or not at all.
public enum PushAnswer: Hashable, Sendable {
    case applied
    /// The channel's quantity of these listings moved since OnePool last knew it (a sale not
    /// yet pulled): nothing was set.
    case stale(listings: [String])
    /// Refused for another reason (the channel's words): nothing was set.
    case refused(String)
}

public struct SyncPushAnswer: Hashable, Sendable {
    public var channel: ChannelName
    public var key: String
    public var lines: [PushLine]
    public var answer: PushAnswer

    public init(channel: ChannelName, key: String, lines: [PushLine], answer: PushAnswer) {
        self.channel = channel
        self.key = key
        self.lines = lines
        self.answer = answer
    }
}

/// A listing whose quantity on the channel differs from what OnePool expected, with no order
/// or cancellation it recorded to explain it. OnePool adopts `found` as what the channel holds.
public struct SyncDrift: Hashable, Sendable {
    public var key: ListingKey
    public var expected: Int
    public var found: Int

    public init(key: ListingKey, expected: Int, found: Int) {
        self.key = key
        self.expected = expected
        self.found = found
    }
}

/// Whether a channel's connection works, and if not, what kind of failure and its words.
public enum SyncHealth: Hashable, Sendable {
    case working
    case failing(kind: String, message: String)
}
