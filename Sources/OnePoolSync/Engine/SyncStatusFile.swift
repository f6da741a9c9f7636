import Foundation
import OnePoolChannels
import OnePoolCore
import OnePoolStore

/// Each channel's liveness, beside the journal: when its sync last tried, last pulled and
/// pushed, what failed and when it tries again. The journal records facts (orders, pushes,
/// drift, health changes) and stays silent when a pull finds nothing; this file says that the
/// sync is alive and how far behind it is, for `sync --status`, the console and the briefing.
/// One small JSON file per channel in STORE/sync/, replaced atomically; losing it loses nothing.
public struct SyncStatusRecord: Codable, Sendable, Hashable {
    public var channel: ChannelName
    public var pid: Int32
    /// ISO 8601 times.
    public var lastAttempt: String?
    /// The last pull that read the channel's orders (finding some or not).
    public var lastPull: String?
    /// The same, in milliseconds since 1970 (what the store's readers take: SyncLiveness).
    public var lastPullMs: Int64?
    public var lastPushAttempt: String?
    /// The last full catalogue reconciliation (so a cron job run every minute does not read the
    /// whole catalogue every minute).
    public var lastCatalogue: String?
    public var failure: String?
    public var failureKind: String?
    public var failingSince: String?
    public var retryAt: String?
    public var ordersRead = 0
    public var listingsSet = 0
    public var staleAnswers = 0
    public var drift = 0
    public var guarded = 0
    public var problems: [String] = []

    public init(channel: ChannelName, pid: Int32) {
        self.channel = channel
        self.pid = pid
    }
}

public enum SyncStatusFile {
    public static func directory(store: String) -> String { SyncLiveness.directory(store: store) }

    public static func path(directory: String, channel: ChannelName) -> String { "\(directory)/\(channel).json" }

    public static func read(directory: String, channel: ChannelName) -> SyncStatusRecord? {
        guard let data = FileManager.default.contents(atPath: path(directory: directory, channel: channel)),
            data.count < 1 << 20
        else {
            return nil
        }
        return try? JSONDecoder().decode(SyncStatusRecord.self, from: data)
    }

    static func update(directory: String, with report: ChannelStepReport) {
        let date = Date()
        let now = iso(date)
        var record =
            read(directory: directory, channel: report.channel)
            ?? SyncStatusRecord(channel: report.channel, pid: getpid())
        record.pid = getpid()
        if let until = report.skippedUntil {
            record.retryAt = iso(until)
        } else {
            record.lastAttempt = now
            record.retryAt = nil
            // A pull the rate limit held back read nothing: the lag goes on counting.
            if report.pullSucceeded && report.pullFresh {
                let pulled = report.pulledAt ?? date
                record.lastPull = iso(pulled)
                record.lastPullMs = milliseconds(pulled)
            }
            if report.pushAttempted { record.lastPushAttempt = now }
            if report.catalogueRead && report.failure == nil { record.lastCatalogue = now }
            if let failure = report.failure {
                if record.failure == nil { record.failingSince = now }
                record.failure = failure.message
                record.failureKind = failure.kind.rawValue
            } else {
                record.failure = nil
                record.failureKind = nil
                record.failingSince = nil
            }
            record.ordersRead += report.ordersRead
            record.listingsSet += report.listingsSet
            record.staleAnswers += report.staleAnswers
            record.drift += report.drift
            record.guarded = report.guarded.count
            record.problems = Array((record.problems + report.problems).suffix(10))
        }
        save(record, directory: directory)
    }

    /// A pull has just read the channel's orders: said at once, so a reader of the store (the
    /// console, every second) sees the sync alive while the rest of its step goes on. The
    /// step's end writes the whole record (`update`).
    static func notePull(directory: String, channel: ChannelName, at date: Date) {
        var record = read(directory: directory, channel: channel) ?? SyncStatusRecord(channel: channel, pid: getpid())
        record.pid = getpid()
        record.lastPull = iso(date)
        record.lastPullMs = milliseconds(date)
        save(record, directory: directory)
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    private static func save(_ record: SyncStatusRecord, directory: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(record) else { return }
        _ = mkdir(directory, 0o700)
        let temporary = "\(directory)/.\(record.channel).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { return }
        let written = data.withUnsafeBytes { posixWrite(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == data.count, rename(temporary, path(directory: directory, channel: record.channel)) == 0 else {
            unlink(temporary)
            return
        }
    }

    static func iso(_ date: Date) -> String {
        TimeText.iso(Timestamp(millisecondsSince1970: Int64((date.timeIntervalSince1970 * 1000).rounded())))
    }
}
