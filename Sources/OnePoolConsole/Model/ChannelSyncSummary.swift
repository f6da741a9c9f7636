import OnePoolCore

/// One channel's live sync as the Channels pane shows it, read from the journal's sync facts
/// (Core's `StockState.sync`): the last pull that recorded orders, the last push the channel
/// applied, whether the connection is failing, and the unexplained differences that stand.
/// The console only reads these; the `sync` process (OnePoolSync) writes them.
public struct ChannelSyncSummary: Sendable, Equatable {
    public var record: SyncChannelRecord
    /// Listings whose newest unexplained difference stands (until OnePool sets them again).
    public var driftListings: [String]
    /// A push was sent and its answer never recorded (the next step sends it again).
    public var pushAwaitingAnswer: Bool

    /// Every channel the sync has recorded anything about (a cursor or a record), by name.
    static func all(_ sync: SyncState) -> [ChannelName: ChannelSyncSummary] {
        var drift: [ChannelName: [String]] = [:]
        for key in sync.drift.keys { drift[key.channel, default: []].append(key.listing) }
        var result: [ChannelName: ChannelSyncSummary] = [:]
        for name in Set(sync.channels.keys).union(sync.cursors.keys) {
            result[name] = ChannelSyncSummary(
                record: sync.channels[name] ?? SyncChannelRecord(), driftListings: (drift[name] ?? []).sorted(),
                pushAwaitingAnswer: sync.pending[name] != nil)
        }
        return result
    }

    /// Seconds since the last pull that read the channel's orders (Core's `SyncLag`): the
    /// journal's last that recorded orders, or `lastReadPull` (the sync process's status
    /// file, `ConsoleData.syncReadPulls`) when later; nil: never pulled.
    public func lagSeconds(now: Timestamp, lastReadPull: Timestamp?) -> Int? {
        SyncLag.seconds(lastRecordedPull: record.lastPull, lastReadPull: lastReadPull, now: now)
    }

    /// The connection's health in words: "working", or "failing (kind): message".
    public var healthText: String {
        switch record.health {
        case .working: pushAwaitingAnswer ? "working (a push awaits its answer)" : "working"
        case .failing(let kind, let message): "failing (\(kind)): \(message)"
        }
    }

    public var isFailing: Bool {
        if case .failing = record.health { return true }
        return false
    }
}
