/// What live sync knows that the journal's stock does not (issue 14): channels whose sync is
/// failing and listings a channel shows at a quantity nobody set. The briefing prices both with
/// the exposure rule (`ProfitRule.exposure`): the expected oversell cost of what is left stale.
public struct SyncFacts: Sendable, Equatable {
    public struct Failure: Hashable, Sendable {
        public var channel: String
        public var since: Timestamp
        public var reason: String

        public init(channel: String, since: Timestamp, reason: String) {
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

    public init(failures: [Failure] = [], drifts: [Drift] = []) {
        self.failures = failures
        self.drifts = drifts
    }

    public static let none = SyncFacts()
}
