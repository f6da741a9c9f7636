import Dispatch
import OnePoolCore
import OnePoolStore

/// The journal folded into what replenishment and the briefing read, on both cores: a worker
/// decodes the journal (`Store.forEachEventRun`) while this thread and another fold each run the
/// worker handed over before — the stock-out calendar (a lean pool of its own, which skips demand
/// history) on one, demand, incoming and the briefing's journal on the other. Each fold
/// still sees every event in journal order, so the result is the one `record(_:)` event by
/// event gives (`HistoryReadingTests`).
///
/// With `checkpoint: true` the folds start from the newest history checkpoint the journal
/// vouches for (`Store.historyCheckpoint`) and only the journal after it is read: the same
/// result (`HistoryCheckpointTests`), in a fraction of the time. A checkpoint passed over is
/// named in `warnings` and the journal is read whole. Nothing is written either way.
enum HistoryReading {
    struct Reading {
        var history: ReplenishmentHistory
        var journal: BriefingJournal
        /// A checkpoint passed over, and why.
        var warnings: [String]
        /// The checkpoint the folds started from, if any.
        var checkpoint: HistoryCheckpoint?
    }

    /// The whole journal, without a checkpoint.
    static func read(
        _ store: Store, utcOffsetSeconds: Int, today: Int
    ) throws -> (history: ReplenishmentHistory, journal: BriefingJournal) {
        let reading = try read(store, utcOffsetSeconds: utcOffsetSeconds, today: today, checkpoint: false)
        return (reading.history, reading.journal)
    }

    static func read(_ store: Store, utcOffsetSeconds: Int, today: Int, checkpoint useCheckpoint: Bool) throws
        -> Reading
    {
        var lookup: Store.HistoryCheckpointLookup? = nil
        if useCheckpoint {
            lookup = store.historyCheckpoint(utcOffsetSeconds: utcOffsetSeconds) { $0.briefingWindowGap(today: today) }
        }
        let folds: Folds
        let checkpoint = lookup?.checkpoint
        if let checkpoint, let journal = checkpoint.briefingJournal(today: today) {
            folds = Folds(
                demand: checkpoint.folds.demand, stockouts: checkpoint.folds.stockouts,
                incoming: checkpoint.folds.incoming, journal: journal)
        } else {
            folds = Folds(
                demand: DemandHistory(utcOffsetSeconds: utcOffsetSeconds),
                stockouts: StockoutCalendar(utcOffsetSeconds: utcOffsetSeconds),
                incoming: IncomingSchedule(utcOffsetSeconds: utcOffsetSeconds),
                journal: BriefingJournal(today: today, utcOffsetSeconds: utcOffsetSeconds))
        }
        try foldRuns(store, after: checkpoint) { part, events in
            if part == 0 {
                for event in events { folds.stockouts.record(event) }
            } else {
                for event in events {
                    folds.demand.record(event)
                    folds.incoming.record(event)
                    folds.journal.record(event)
                }
            }
        }
        let history = ReplenishmentHistory(demand: folds.demand, stockouts: folds.stockouts, incoming: folds.incoming)
        return Reading(
            history: history, journal: folds.journal, warnings: lookup?.warnings ?? [], checkpoint: checkpoint)
    }

    /// Reads the journal after `checkpoint` (all of it without one) in runs, calling `fold` with
    /// part 0 and part 1 of each run on two threads at once; both end before the next run. Each
    /// part must write only folds of its own.
    static func foldRuns(
        _ store: Store, after checkpoint: HistoryCheckpoint?, _ fold: @escaping @Sendable (Int, [Event]) -> Void
    ) throws {
        let body: ([Event]) -> Void = { events in
            DispatchQueue.concurrentPerform(iterations: 2) { part in fold(part, events) }
        }
        if let checkpoint {
            try store.forEachEventRun(after: checkpoint, body)
        } else {
            try store.forEachEventRun(body)
        }
    }

    /// The folds, shared by the two parts of each run. Sound to send because the parts never
    /// touch the same property, and `concurrentPerform` returns only when both are done.
    private final class Folds: @unchecked Sendable {
        var demand: DemandHistory
        var stockouts: StockoutCalendar
        var incoming: IncomingSchedule
        var journal: BriefingJournal

        init(demand: DemandHistory, stockouts: StockoutCalendar, incoming: IncomingSchedule, journal: BriefingJournal) {
            self.demand = demand
            self.stockouts = stockouts
            self.incoming = incoming
            self.journal = journal
        }
    }
}
