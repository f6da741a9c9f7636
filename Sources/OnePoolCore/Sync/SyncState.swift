/// What the live sync knows, folded from its events: the part of the state a `sync` process
/// resumes from, and what the console and the briefing show about each connected channel.
public struct SyncState: Hashable, Sendable {
    /// Per channel: how far its orders were read (the connector's own cursor).
    public var cursors: [ChannelName: String] = [:]
    /// Listings the channel's catalogue holds, with the channel's id for their quantity.
    public var remote: [ListingKey: String] = [:]
    /// What OnePool believes the channel holds of each listing: what it last set, less the
    /// listing units of orders it recorded since. Absent until first set or settled.
    public var expected: [ListingKey: Int] = [:]
    /// Listings with a cancellation or refund since the last set: more on the channel than
    /// expected may be a restock, not drift.
    public var restockable: Set<ListingKey> = []
    /// A push sent but not answered (at most one per channel).
    public var pending: [ChannelName: SyncPushIntent] = [:]
    /// The newest unexplained difference per listing, until OnePool sets the listing again.
    public var drift: [ListingKey: SyncDrift] = [:]
    public var channels: [ChannelName: SyncChannelRecord] = [:]

    public init() {}
}

/// One channel's sync history in brief.
public struct SyncChannelRecord: Hashable, Sendable {
    /// The last pull that recorded something.
    public var lastPull: Timestamp?
    /// The last push the channel applied.
    public var lastPush: Timestamp?
    public var health: SyncHealth = .working
    /// Since when `health` has been what it is.
    public var healthSince: Timestamp?
    public var pushesApplied = 0
    public var pushesStale = 0
    public var driftCount = 0
    public var lastDrift: Timestamp?

    public init() {}
}

extension SyncState {
    /// Folds one sync fact recorded at `time`.
    public mutating func apply(_ change: SyncChange, time: Timestamp) {
        switch change {
        case .pulled(let pull):
            cursors[pull.channel] = pull.cursor
            for sold in pull.sold {
                let key = ListingKey(channel: pull.channel, listing: sold.listing)
                if let known = expected[key] { expected[key] = known - sold.units }
            }
            for listing in pull.restockable { restockable.insert(ListingKey(channel: pull.channel, listing: listing)) }
            channels[pull.channel, default: SyncChannelRecord()].lastPull = time
        case .catalogued(let channel, let listings, let removed):
            for listing in listings {
                remote[ListingKey(channel: channel, listing: listing.listing)] = listing.remoteID
            }
            for listing in removed { remote[ListingKey(channel: channel, listing: listing)] = nil }
        case .pushing(let intent):
            pending[intent.channel] = intent
        case .pushed(let answer):
            if pending[answer.channel]?.key == answer.key { pending[answer.channel] = nil }
            var record = channels[answer.channel, default: SyncChannelRecord()]
            switch answer.answer {
            case .applied:
                for line in answer.lines {
                    let key = ListingKey(channel: answer.channel, listing: line.listing)
                    expected[key] = line.to
                    restockable.remove(key)
                    drift[key] = nil
                }
                record.lastPush = time
                record.pushesApplied += 1
            case .stale:
                record.pushesStale += 1
            case .refused:
                break
            }
            channels[answer.channel] = record
        case .drift(let found):
            expected[found.key] = found.found
            restockable.remove(found.key)
            drift[found.key] = found
            var record = channels[found.key.channel, default: SyncChannelRecord()]
            record.driftCount += 1
            record.lastDrift = time
            channels[found.key.channel] = record
        case .observed(let key, let quantity):
            expected[key] = quantity
            restockable.remove(key)
        case .health(let channel, let health):
            var record = channels[channel, default: SyncChannelRecord()]
            if record.health != health {
                record.health = health
                record.healthSince = time
            }
            channels[channel] = record
        }
    }
}
