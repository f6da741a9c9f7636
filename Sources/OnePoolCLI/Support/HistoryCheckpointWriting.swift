import Foundation
import OnePoolCore
import OnePoolStore

/// Writes the history checkpoint a later `reorder`, `briefing` or console starts from
/// (`HistoryReading`): the newest usable checkpoint extended by the journal after it (the whole
/// journal without one), saved at the store's state. Writers only: `onepool snapshot` (the
/// nightly cron) and `onepool demo`; never an append (`transact` stays as fast as it was) and
/// never a reader.
enum HistoryCheckpointWriting {
    struct Written {
        /// The file written; nil when the newest checkpoint was current already (or the journal is empty).
        var path: String?
        var sequence: UInt64
        /// The checkpoint extended, if any.
        var extended: HistoryCheckpoint?
        var warnings: [String]
    }

    /// Days in the store's zone as the readers take them now (`ReplenishmentContext.load`):
    /// channel sales are kept from the first day of today's briefing window on.
    static func write(_ store: Store, now: Timestamp = Clock.now()) throws -> Written {
        let offset = DateText.timeZone(of: store.metadata.timeZone).secondsFromGMT(for: now.date)
        let today = now.day(offsetSeconds: offset)
        return try write(store, utcOffsetSeconds: offset, today: today)
    }

    static func write(_ store: Store, utcOffsetSeconds: Int, today: Int) throws -> Written {
        let since = today - BriefingJournal.channelSalesDays
        let lookup = store.historyCheckpoint(utcOffsetSeconds: utcOffsetSeconds)
        let target = store.state.lastSequence
        if let current = lookup.checkpoint, current.sequence == target, current.folds.channelSales.since >= since {
            return Written(path: nil, sequence: target, extended: current, warnings: lookup.warnings)
        }
        let folds = Folds(
            lookup.checkpoint?.folds ?? HistoryFolds(utcOffsetSeconds: utcOffsetSeconds, channelSalesSince: since))
        folds.channelSales.keep(from: since)
        try HistoryReading.foldRuns(store, after: lookup.checkpoint) { part, events in
            if part == 0 {
                for event in events { folds.stockouts.record(event) }
            } else {
                for event in events {
                    folds.demand.record(event)
                    folds.incoming.record(event)
                    folds.channelSales.record(event)
                    folds.returns.record(event)
                }
            }
        }
        let path = try store.writeHistoryCheckpoint(folds.parts, through: target)
        return Written(path: path, sequence: target, extended: lookup.checkpoint, warnings: lookup.warnings)
    }

    /// The folds, shared by the two parts of each run (as `HistoryReading`'s): part 0 writes
    /// only `stockouts`, part 1 only the others; each a property of its own, so that the two
    /// threads never access the same one.
    private final class Folds: @unchecked Sendable {
        var demand: DemandHistory
        var stockouts: StockoutCalendar
        var incoming: IncomingSchedule
        var channelSales: DailyChannelSales
        var returns: ReturnsWindow

        init(_ parts: HistoryFolds) {
            demand = parts.demand
            stockouts = parts.stockouts
            incoming = parts.incoming
            channelSales = parts.channelSales
            returns = parts.returns
        }

        var parts: HistoryFolds {
            var parts = HistoryFolds(utcOffsetSeconds: demand.utcOffsetSeconds, channelSalesSince: channelSales.since)
            parts.demand = demand
            parts.stockouts = stockouts
            parts.incoming = incoming
            parts.channelSales = channelSales
            parts.returns = returns
            return parts
        }
    }
}
