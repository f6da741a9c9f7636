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
struct ReplenishmentContext {
    let store: Store
    let history: ReplenishmentHistory
    /// Today's day number in the store's zone (the clock is read here, `ONEPOOL_NOW` pins it).
    let today: Int
    let utcOffsetSeconds: Int
    /// Time spent opening the store and reading the journal.
    let readTime: Duration

    static func load(_ options: StoreOptions, now given: Timestamp? = nil) throws -> ReplenishmentContext {
        let clock = ContinuousClock()
        let started = clock.now
        let store = try options.openStore()
        store.takeNewWarnings().forEach(Console.warn)
        let now = given ?? Clock.now()
        // The store's offset now, as the console takes it: days are the store's calendar days.
        let offset = DateText.timeZone(of: store.metadata.timeZone).secondsFromGMT(for: now.date)
        var history = ReplenishmentHistory(utcOffsetSeconds: offset)
        try store.forEachEvent { history.record($0) }
        return ReplenishmentContext(
            store: store, history: history, today: now.day(offsetSeconds: offset), utcOffsetSeconds: offset,
            readTime: clock.now - started)
    }

    func input(_ pool: SKUPool, planner: ReplenishmentPlanner) -> ReplenishmentPlanner.Input {
        history.input(
            for: pool, today: today, days: planner.settings.historyDays, leadTimeDays: planner.leadTime(for: pool.sku),
            onOrder: store.state.purchasing.onOrder(pool.sku.code))
    }

    /// The planner for `settings`, its quantile levels calibrated on this store's own SKUs
    /// (`ReplenishmentPlanner.calibrated(for:)`: the same sample whichever verb asks).
    func planner(_ settings: ReplenishmentSettings) -> ReplenishmentPlanner {
        let plain = ReplenishmentPlanner(settings: settings)
        let state = store.state
        let codes = state.skuCodes
        let sample = ForecastCalibration.sample(count: codes.count)
        let scores = ParallelMap.run(count: sample.count) { index in
            state.pools[codes[sample[index]]].map { plain.calibrationScores(for: input($0, planner: plain)) } ?? []
        }
        return plain.calibrated(scores: scores.flatMap { $0 })
    }

    func dateText(_ day: Int) -> String { CivilDate(dayNumber: day).description }

    /// Every SKU's recommendation, in SKU order, computed on all cores.
    func recommendations(_ planner: ReplenishmentPlanner, supplier: String? = nil) -> [Recommendation] {
        let state = store.state
        let pools = state.skuCodes.compactMap { state.pools[$0] }.filter { supplier == nil || $0.sku.supplier == supplier }
        return ParallelMap.run(count: pools.count) { planner.recommend(input(pools[$0], planner: planner)) }
    }

    /// Units sold per SKU over the last `days` days (ending yesterday).
    func recentSales(days: Int) -> [String: Int] {
        var sales: [String: Int] = [:]
        for code in history.demand.series.keys { sales[code] = history.demand.total(code, days: days, endingOn: today - 1) }
        return sales
    }
}

extension Duration {
    var milliseconds: Double {
        let parts = components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }
}
