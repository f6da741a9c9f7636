import Foundation
import OnePoolChannels
import OnePoolCore

/// One channel's sync as front ends show it (`sync --status`, the console's Channels pane, the
/// briefing): from the journal's sync facts, and the status file for liveness.
public struct ChannelSyncStatus: Codable, Sendable, Hashable {
    public var channel: ChannelName
    /// The connection in brief (shop, location, kind of credentials); nil: not connected.
    public var connection: String?
    /// ISO 8601; the last pull that read the channel's orders: the status file's, or the
    /// journal's last that recorded orders if that is later.
    public var lastPull: String?
    /// Seconds since `lastPull` (Core's `SyncLag`: how far behind the channel's orders OnePool
    /// may be).
    public var lagSeconds: Int?
    public var lastPush: String?
    public var pushesApplied: Int
    public var pushesStale: Int
    /// "working" or "failing".
    public var health: String
    public var failureKind: String?
    public var failure: String?
    public var failingSince: String?
    public var retryAt: String?
    public var driftCount: Int
    public var lastDrift: String?
    /// Listings whose newest unexplained difference stands (until OnePool sets them again).
    public var driftListings: [String]
    /// A push sent whose answer was never recorded (sent again by the next step).
    public var pendingPush: Bool
    /// Listings the never-offered guard holds back (from the last step).
    public var guarded: Int
    public var recentProblems: [String]
}

public enum SyncStatusReport {
    public static func make(
        state: StockState, connections: [ChannelName: SavedConnection], statusDirectory: String, now: Date
    ) -> [ChannelSyncStatus] {
        let names = Set(connections.keys).union(state.sync.channels.keys).filter { state.channels[$0] != nil }.sorted()
        return names.map { name in
            let record = state.sync.channels[name] ?? SyncChannelRecord()
            let file = SyncStatusFile.read(directory: statusDirectory, channel: name)
            let readPull =
                file?.lastPullMs.map(Timestamp.init(millisecondsSince1970:))
                ?? file?.lastPull.flatMap(TimeText.parse)
            let lastPull = [readPull, record.lastPull].compactMap { $0 }.max().map(TimeText.iso)
            let lag = SyncLag.seconds(
                lastRecordedPull: record.lastPull, lastReadPull: readPull,
                now: Timestamp(millisecondsSince1970: Int64((now.timeIntervalSince1970 * 1000).rounded())))
            var failureKind: String?
            var failure: String?
            if case .failing(let kind, let message) = record.health {
                failureKind = kind
                failure = message
            }
            if let live = file?.failure {
                failure = live
                failureKind = file?.failureKind
            }
            return ChannelSyncStatus(
                channel: name, connection: connections[name]?.summary, lastPull: lastPull, lagSeconds: lag,
                lastPush: record.lastPush.map(TimeText.iso), pushesApplied: record.pushesApplied,
                pushesStale: record.pushesStale,
                health: failure == nil ? "working" : "failing", failureKind: failureKind, failure: failure,
                failingSince: file?.failingSince ?? (failure == nil ? nil : record.healthSince.map(TimeText.iso)),
                retryAt: file?.retryAt,
                driftCount: record.driftCount, lastDrift: record.lastDrift.map(TimeText.iso),
                driftListings: state.sync.drift.keys.filter { $0.channel == name }.map(\.listing).sorted(),
                pendingPush: state.sync.pending[name] != nil, guarded: file?.guarded ?? 0,
                recentProblems: file?.problems ?? [])
        }
    }
}
