import OnePoolCore

extension HistoryCheckpoint {
    /// Why this checkpoint cannot serve a briefing made on day `today` (its channel sales begin
    /// after the briefing's window does), or nil when it can. One rule for every reader that
    /// builds a briefing from a checkpoint: the CLI's history reading and the console's loader.
    public func briefingWindowGap(today: Int) -> String? {
        let daily = folds.channelSales
        guard daily.covers(days: BriefingJournal.channelSalesDays, endingOn: today - 1) else {
            return "it keeps channel sales from day \(CivilDate(dayNumber: daily.since)) on, after the "
                + "briefing's window for \(CivilDate(dayNumber: today)) begins"
        }
        return nil
    }

    /// The briefing's journal for day `today` from this checkpoint (nil when `briefingWindowGap`
    /// is not nil), to be brought up to date with the events after it.
    public func briefingJournal(today: Int) -> BriefingJournal? {
        BriefingJournal(today: today, daily: folds.channelSales, returns: folds.returns)
    }

    /// The replenishment history this checkpoint holds, to be brought up to date with the events
    /// after it.
    public var replenishmentHistory: ReplenishmentHistory {
        ReplenishmentHistory(demand: folds.demand, stockouts: folds.stockouts, incoming: folds.incoming)
    }
}
