import ArgumentParser
import Foundation
import OnePoolCore
import OnePoolStore

/// The policy options `reorder`, `simulate` and `forecast SKU` share.
struct ReplenishmentOptions: ParsableArguments {
    @Option(
        help: OptionRanges.leadTime.help(
            "Lead time in days for SKUs that have none.", default: ReplenishmentSettings.standard.defaultLeadTimeDays,
            valueName: "days"),
        transform: OptionRanges.leadTime.read)
    var leadTime: Int = ReplenishmentSettings.standard.defaultLeadTimeDays

    @Option(
        help: OptionRanges.reviewDays.help(
            "Days between reviews (orders are placed at reviews).",
            default: ReplenishmentSettings.standard.reviewPeriodDays,
            valueName: "days"),
        transform: OptionRanges.reviewDays.read)
    var reviewDays: Int = ReplenishmentSettings.standard.reviewPeriodDays

    @Option(
        help: OptionRanges.serviceLevel.help(
            "Cycle service level: the chance an order cycle has no stockout.",
            default: ReplenishmentSettings.standard.cycleServiceLevel,
            valueName: "p"),
        transform: OptionRanges.serviceLevel.read)
    var serviceLevel: Double = ReplenishmentSettings.standard.cycleServiceLevel

    @Option(
        help: OptionRanges.overstockDays.help(
            "Days of cover above which stock is overstock.", default: ReplenishmentSettings.standard.overstockDays,
            valueName: "days"),
        transform: OptionRanges.overstockDays.read)
    var overstockDays: Int = ReplenishmentSettings.standard.overstockDays

    @Option(
        help: OptionRanges.historyDays.help(
            "Days of history the forecast sees.", default: ReplenishmentSettings.standard.historyDays,
            valueName: "days"),
        transform: OptionRanges.historyDays.read)
    var historyDays: Int = ReplenishmentSettings.standard.historyDays

    var settings: ReplenishmentSettings {
        ReplenishmentSettings(
            defaultLeadTimeDays: leadTime, reviewPeriodDays: reviewDays, cycleServiceLevel: serviceLevel,
            overstockDays: overstockDays, historyDays: historyDays)
    }
}

/// A store read for replenishment: its pool, and its journal folded into demand history, the
/// days each SKU was out of stock and the expected arrivals; "today" in the store's time zone.
/// Read at a moment, everything — the pool, the history, the sales — is the journal folded up to the
/// first event later than `now` (`PointInTime`), as `briefing --date` reads it.
struct ReplenishmentContext {
    let store: Store
    /// The store's state, or as of `cut`.
    let state: StockState
    let history: ReplenishmentHistory
    /// What the briefing reads from the journal beyond the state: channel sales, returns.
    let journal: BriefingJournal
    /// Today's day number in the store's zone (the clock is read here, `ONEPOOL_NOW` pins it).
    let today: Int
    let utcOffsetSeconds: Int
    /// The moment the context is read at: now, or the moment given.
    let now: Timestamp
    /// The fold up to `now`, when the context was read as of a moment.
    let cut: PointInTime?
    /// Time spent opening the store and reading the journal.
    let readTime: Duration
    /// The part of `readTime` spent opening the store (its snapshot and the journal after it).
    let openTime: Duration
    /// CPU time of all threads, user and system, while the store was opened and read.
    let readCPUTime: Duration
    /// The part of `readCPUTime` spent opening the store.
    let openCPUTime: Duration

    /// Reads the store now, or — with `moment` (given the open store, to read a typed time in its
    /// zone) — as it stood at that moment.
    static func load(
        _ options: StoreOptions, at moment: ((Store) throws -> Timestamp)? = nil
    ) throws -> ReplenishmentContext {
        let clock = ContinuousClock()
        let started = clock.now
        let startedCPU = ProcessCPUTime.now()
        let store = try options.openStore()
        let openTime = clock.now - started
        let openCPUTime = ProcessCPUTime.now() - startedCPU
        store.takeNewWarnings().forEach(Console.warn)
        let given = try moment?(store)
        let now = given ?? Clock.now()
        // The store's offset now, as the console takes it: days are the store's calendar days.
        let offset = DateText.timeZone(of: store.metadata.timeZone).secondsFromGMT(for: now.date)
        let today = now.day(offsetSeconds: offset)
        var history = ReplenishmentHistory(utcOffsetSeconds: offset)
        var journal = BriefingJournal(today: today, utcOffsetSeconds: offset)
        var cut: PointInTime? = nil
        if given != nil {
            cut = try PointInTimeReading.fold(store, at: now) { event in
                history.record(event)
                journal.record(event)
            }
        } else {
            let reading = try HistoryReading.read(store, utcOffsetSeconds: offset, today: today, checkpoint: true)
            reading.warnings.forEach(Console.warn)
            (history, journal) = (reading.history, reading.journal)
        }
        // Every verb that reads history here (reorder, briefing, forecast, simulate) sees the
        // store-closed days censored, as the console and the demo do.
        history.inferClosedDays(through: today - 1)
        return ReplenishmentContext(
            store: store, state: cut?.state ?? store.state, history: history, journal: journal,
            today: today, utcOffsetSeconds: offset, now: now, cut: cut, readTime: clock.now - started,
            openTime: openTime, readCPUTime: ProcessCPUTime.now() - startedCPU, openCPUTime: openCPUTime)
    }

    /// Every input of the briefing but the forecasts, as the console's loader builds them too.
    var briefingInputs: BriefingInputs { BriefingInputs(state: state, journal: journal, time: now) }

    func input(_ pool: SKUPool, planner: ReplenishmentPlanner) -> ReplenishmentPlanner.Input {
        planner.input(pool, state: state, history: history, today: today)
    }

    /// The planner for `settings`, its quantile levels calibrated on this store's own SKUs
    /// (`ReplenishmentPlanner.calibrated(for:)`: the same sample whichever verb asks).
    func planner(_ settings: ReplenishmentSettings) -> ReplenishmentPlanner {
        let plain = ReplenishmentPlanner(settings: settings)
        let sample = ReplenishmentPlanner.calibrationSample(state)
        let origins = ForecastCalibration.origins(sampleSize: sample.count)
        let scores = ParallelMap.run(count: sample.count) {
            plain.calibrationScores(for: input(sample[$0], planner: plain), origins: origins)
        }
        return plain.calibrated(scores: .joined(scores))
    }

    func dateText(_ day: Int) -> String { CivilDate(dayNumber: day).description }

    /// Every SKU's recommendation, in SKU order, computed on all cores.
    func recommendations(_ planner: ReplenishmentPlanner, supplier: String? = nil) -> [Recommendation] {
        let pools = ReplenishmentPlanner.plannedPools(state, supplier: supplier)
        return ParallelMap.run(count: pools.count) { planner.recommend(input(pools[$0], planner: planner)) }
    }

    /// Units each SKU sold recently, as a forecast miss compares them (`Briefing.recentSales`).
    func recentSales() -> [SKUCode: Int] {
        var sales: [SKUCode: Int] = [:]
        for code in state.skuCodes { sales[code] = Briefing.recentSales(code, history: history.demand, today: today) }
        return sales
    }
}

extension Duration {
    var milliseconds: Double {
        let parts = components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }
}
