/// How far behind a channel's orders OnePool may be: the one definition of a channel's sync
/// lag, for `sync --status`, the console's Channels pane and the briefing.
///
/// The lag counts from the last pull that read the channel's orders, whether it found any or
/// not. The journal knows only the pulls that recorded orders (a pull that finds nothing writes
/// nothing, by design); the sync process's status file knows every pull that read — and a pull
/// a rate limit held back (Amazon's `searchOrders`) read nothing, so it is not one. The later
/// of the two counts; neither: no lag to speak of (never pulled).
public enum SyncLag {
    /// Whole seconds from the last pull to `now`, never negative; nil: never pulled, or times
    /// so far apart the difference does not fit.
    public static func seconds(lastRecordedPull: Timestamp?, lastReadPull: Timestamp?, now: Timestamp) -> Int? {
        guard let last = [lastRecordedPull, lastReadPull].compactMap({ $0 }).max() else { return nil }
        let (difference, overflow) = now.millisecondsSince1970.subtractingReportingOverflow(last.millisecondsSince1970)
        return overflow ? nil : Int(max(0, difference / 1000))
    }
}
