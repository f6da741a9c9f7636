import Dispatch
import OnePoolCore
import OnePoolStore

/// The journal folded into what replenishment and the briefing read, on both cores: a worker
/// decodes the journal (`Store.forEachEventRun`) while this thread and another fold each run the
/// worker handed over before — the stock-out calendar (a lean pool of its own, which skips demand
/// history) on one, demand, incoming and the briefing's journal on the other. Each fold
/// still sees every event in journal order, so the result is the one `record(_:)` event by
/// event gives (`HistoryReadingTests`).
enum HistoryReading {
    static func read(
        _ store: Store, utcOffsetSeconds: Int, today: Int
    ) throws -> (history: ReplenishmentHistory, journal: BriefingJournal) {
        let folds = Folds(utcOffsetSeconds: utcOffsetSeconds, today: today)
        try store.forEachEventRun { events in
            // Each part writes only its own folds, and both end before the next run.
            DispatchQueue.concurrentPerform(iterations: 2) { part in
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
        }
        let history = ReplenishmentHistory(demand: folds.demand, stockouts: folds.stockouts, incoming: folds.incoming)
        return (history, folds.journal)
    }

    /// The folds, shared by the two parts of each run. Sound to send because the parts never
    /// touch the same property, and `concurrentPerform` returns only when both are done.
    private final class Folds: @unchecked Sendable {
        var demand: DemandHistory
        var stockouts: StockoutCalendar
        var incoming: IncomingSchedule
        var journal: BriefingJournal

        init(utcOffsetSeconds: Int, today: Int) {
            demand = DemandHistory(utcOffsetSeconds: utcOffsetSeconds)
            stockouts = StockoutCalendar(utcOffsetSeconds: utcOffsetSeconds)
            incoming = IncomingSchedule(utcOffsetSeconds: utcOffsetSeconds)
            journal = BriefingJournal(today: today, utcOffsetSeconds: utcOffsetSeconds)
        }
    }
}
