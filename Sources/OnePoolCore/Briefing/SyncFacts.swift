/// What live sync knows that the journal's stock does not (issue 14), as the briefing prices it:
/// channels whose sync is failing, listings a channel shows at a quantity nobody set, and what
/// each synced listing holds on its channel. Read from the state's own sync facts
/// (`init(_: SyncState)`, folded from the journal's `sync` events), so the console, cron and
/// `briefing --date` all see the same; tests may state them directly. The briefing prices failing
/// syncs and drift with the exposure rule (`ProfitRule.exposure`): the expected oversell cost of
/// what is left stale.
public struct SyncFacts: Sendable, Equatable {
    public struct Failure: Hashable, Sendable {
        public var channel: ChannelName
        public var since: Timestamp
        public var reason: String

        public init(channel: ChannelName, since: Timestamp, reason: String) {
            self.channel = channel
            self.since = since
            self.reason = reason
        }
    }

    /// A listing the channel shows at `seen` units (listing units) where OnePool last set `lastSet`.
    public struct Drift: Hashable, Sendable {
        public var key: ListingKey
        public var seen: Int
        public var lastSet: Int

        public init(key: ListingKey, seen: Int, lastSet: Int) {
            self.key = key
            self.seen = seen
            self.lastSet = lastSet
        }
    }

    public var failures: [Failure]
    public var drifts: [Drift]
    /// What each synced listing holds on its channel, as far as OnePool knows (what it last set,
    /// less the orders pulled since; or what it read there): what a failing channel keeps showing.
    public var holds: [ListingKey: Int]

    public init(failures: [Failure] = [], drifts: [Drift] = [], holds: [ListingKey: Int] = [:]) {
        self.failures = failures
        self.drifts = drifts
        self.holds = holds
    }

    public static let none = SyncFacts()

    /// The facts the journal's sync events left: each channel whose health is failing (since the
    /// event that said so), each listing's unexplained difference still standing, and what each
    /// listing is believed to hold.
    public init(_ sync: SyncState) {
        var failures: [Failure] = []
        for (channel, record) in sync.channels {
            guard case .failing(let kind, let message) = record.health else { continue }
            let since = record.healthSince ?? record.lastPull ?? Timestamp(millisecondsSince1970: 0)
            failures.append(Failure(channel: channel, since: since, reason: "\(kind): \(message)"))
        }
        let drifts = sync.drift.values.map { Drift(key: $0.key, seen: $0.found, lastSet: $0.expected) }
        self.init(
            failures: failures.sorted { $0.channel < $1.channel }, drifts: drifts.sorted { $0.key < $1.key },
            holds: sync.expected)
    }
}
