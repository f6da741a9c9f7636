import OnePoolCore

/// The Channels pane's live-sync section: for each channel a `sync` process has recorded
/// anything about, its last pull, last push, lag, drift and health, read from the journal (so a
/// `sync` running in another process shows up with the console's next look at the journal).
enum ChannelSyncView {
    static let table = Table(
        columns: [
            TableColumn("  Synced", 14, cut: .middle, gap: true), TableColumn("Last pull", 12),
            TableColumn("Last push", 12), TableColumn("Lag", 8, right: true), TableColumn("  Drift", 8),
        ], x: 0)

    /// Draws the section from `y` down for `order`'s synced channels; returns the y after it
    /// (`y` itself when no channel syncs).
    static func draw(
        order: [ChannelName], selected: ChannelName?, _ context: ViewContext, in area: Rect, y start: Int,
        into screen: inout Screen
    ) -> Int {
        let sync = context.data.channels.sync
        let synced = order.filter { sync[$0] != nil }
        guard !synced.isEmpty, start + 1 < area.maxY else { return start }
        var table = table
        table.x = area.x + 1
        table.header(in: area, y: start, into: &screen, trailing: "  Health")
        var y = start + 1
        for name in synced where y < area.maxY {
            guard let summary = sync[name] else { continue }
            let isSelected = name == selected
            let base: Role = isSelected ? .tableRowSelected : .tableRow
            let offset = context.data.history.utcOffsetSeconds
            let drift = summary.driftListings.count
            table.row(
                [
                    ("  " + name.rawValue, base), (time(summary.record.lastPull, offset), base),
                    (time(summary.record.lastPush, offset), base),
                    (
                        summary.lagSeconds(now: context.data.wallClock, lastReadPull: context.data.syncReadPulls[name])
                            .map(duration) ?? "—", base
                    ),
                    ("  " + driftText(summary), drift > 0 && !isSelected ? .alertWarning : base),
                ],
                trailing: ("  " + summary.healthText, summary.isFailing && !isSelected ? .alertCritical : base),
                in: area, y: y, base: base, into: &screen)
            y += 1
        }
        return y
    }

    /// "11-27 20:52" in the store's time zone (the year is the header's), or "never".
    static func time(_ time: Timestamp?, _ offset: Int) -> String {
        guard let time else { return "never" }
        return String(CivilDate.text(time, offsetSeconds: offset).dropFirst(5))
    }

    /// Standing differences, then every difference found so far: "2 (5)".
    static func driftText(_ summary: ChannelSyncSummary) -> String {
        let standing = summary.driftListings.count
        return standing == summary.record.driftCount
            ? Format.count(standing) : "\(Format.count(standing)) (\(Format.count(summary.record.driftCount)))"
    }

    /// "Health: failing (throttled) since 11-27 20:41: the channel's words", or "Health: working".
    static func health(_ summary: ChannelSyncSummary, _ offset: Int) -> String {
        let since = summary.record.healthSince.map { " since \(time($0, offset))" } ?? ""
        guard case .failing(let kind, let message) = summary.record.health else {
            return "Health: \(summary.healthText)\(since)"
        }
        return "Health: failing (\(kind))\(since): \(message)"
    }

    /// "45 s", "12 min", "3 h", "2 d".
    static func duration(_ seconds: Int) -> String {
        switch seconds {
        case ..<60: "\(seconds) s"
        case ..<3600: "\(seconds / 60) min"
        case ..<86_400: "\(seconds / 3600) h"
        default: "\(Format.count(seconds / 86_400)) d"
        }
    }

    /// The selected channel's sync in full, for `v`.
    static func wholeText(
        _ name: ChannelName, _ summary: ChannelSyncSummary, now: Timestamp, offset: Int, lastReadPull: Timestamp? = nil
    ) -> String {
        let record = summary.record
        let lastPull = [record.lastPull, lastReadPull].compactMap { $0 }.max()
        var lines = [
            "Last pull that read orders: \(time(lastPull, offset))"
                + (summary.lagSeconds(now: now, lastReadPull: lastReadPull).map { " (\(duration($0)) ago)" } ?? ""),
            "Last pull that recorded orders: \(time(record.lastPull, offset))",
            "Last push applied: \(time(record.lastPush, offset)) · \(Format.count(record.pushesApplied)) applied, "
                + "\(Format.count(record.pushesStale)) stale (the channel sold first; pulled and sent again)",
            health(summary, offset),
            "Drift: \(Format.count(record.driftCount)) unexplained difference(s) found"
                + (record.lastDrift.map { ", the last at \(time($0, offset))" } ?? ""),
        ]
        if !summary.driftListings.isEmpty {
            lines.append("Standing until OnePool sets them again: " + summary.driftListings.joined(separator: ", "))
        }
        lines.append("")
        lines.append(
            "The lag counts from the last pull that read the channel's orders, found or not (the sync "
                + "process's status file); a pull the channel's rate limit held back is not one.")
        return lines.joined(separator: "\n")
    }
}
