import ArgumentParser
import Foundation
import OnePoolCore
import OnePoolStore

/// `onepool simulate`: the policy replayed on recent demand, next to min/max at equal service.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Replay recent demand with the reorder policy and a plain min/max, and compare.",
        discussion: """
            For every SKU with demand, the last --days days of recorded demand (ending yesterday) are \
            replayed day by day after a warm-up of lead time + review days: a review every review \
            period before the day's sales, orders arriving after the lead time, demand beyond what \
            is on hand lost. Each policy starts one unit above its own reorder point (so its first \
            order is its own), and they are scored alike:
              forecast   this policy: at each review the SKU is re-forecast from the history so far \
            and the levels set as `onepool reorder` does (quantiles calibrated once, on the SKUs' history \
            before the replay: recent origins, and the same weeks as the replay a year earlier)
              min/max    min = k × average daily demand (before the replay) × (lead time + review), \
            max = 2 × min; shown at k = 1, and at the k that reaches the forecast policy's cycle \
            service level (found by bisection), so inventory is compared at equal service.
            fill rate = units served / units demanded; cycle service level = share of replenishment \
            cycles (from one order's arrival to the next) with no lost demand, the textbook definition \
            the policy is set for; review service level = share of review periods with no lost demand; \
            average inventory = mean end-of-day on hand (units per SKU, and the \
            whole catalogue at unit cost).
            --data FILE replays a demand file instead of the store (series_id,date,demand, daily; \
            each series a SKU with the default lead time, case pack 1, MOQ 1, unit cost 1.00); \
            --promotions FILE (series_id,date) lists promotion days the shop plans ahead: the forecast \
            policy divides each series' promotion lift out of its history and multiplies the promotion \
            days ahead by it (min/max is not told).\n
            """ + ClosedDaysOptions.discussion
                + """
                 In the replay a closed day is played as the demand it recorded (none) by both policies; \
                each later review censors it in the history it forecasts from, and min/max leaves it out of \
                its average; neither forecasts a closed day ahead as zero. The output says which closed days \
                were used: their source (file, inferred or none), how many fall in the file's dates, and \
                how many in the replayed days. The store's own replay infers them by the same rule from the \
                whole catalogue (as `onepool reorder` does; no option changes that there) and names them \
                only where there are any.
                Days on which a SKU was out of stock in the store replay the demand that was recorded, \
                which understates what would have sold: both policies are scored on the same days.
                """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var policy: ReplenishmentOptions
    @Option(
        help: OptionRanges.simulatedDays.help("Days to replay (ending yesterday).", default: 90, valueName: "n"),
        transform: OptionRanges.simulatedDays.read)
    var days: Int = 90
    @Option(help: ArgumentHelp("Replay this daily demand file instead of the store.", valueName: "file.csv")) var data:
        String?
    @OptionGroup var closedDays: ClosedDaysOptions
    @Option(
        help: ArgumentHelp(
            "Promotion days for --data (series_id,date), known ahead: the policy forecasts them with each series' lift.",
            valueName: "file.csv"))
    var promotions: String?

    func run() throws {
        if data == nil, let given = closedDays.closed ?? promotions {
            throw CLIError(
                "--closed and --promotions describe a --data file; '\(given)' was given without --data FILE.csv")
        }
        if data == nil, closedDays.noInferredClosed {
            throw CLIError("--no-inferred-closed describes a --data file; it was given without --data FILE.csv")
        }
        let settings = ReplenishmentPlanner(settings: policy.settings).settings
        let (skus, title, closed) =
            try data.map { try Self.fromFile($0, closedDays: closedDays, promotions: promotions, days: days) }
            ?? fromStore(days: days)
        let replay = SimulationRun(settings: settings, days: days, skus: skus)
        guard !replay.skus.isEmpty else {
            throw CLIError("no SKU has demand in the last \(days) days and history before them to replay")
        }
        let progress = Progress(label: "simulate")
        let forecastTotal = replay.forecastPolicy { done in
            progress.count(done: done, of: replay.skus.count, unit: "SKUs")
        }
        progress.finish()
        let plainMinMax = replay.minMax(multiplier: 1)
        let matched = replay.matchingMinMax(service: forecastTotal.cycleServiceLevel)

        let policies = [
            ("forecast", forecastTotal), ("min/max k=1", plainMinMax),
            ("min/max k=\(NumberText.fixed(matched.multiplier, places: 2)) (equal service)", matched.outcome),
        ]
        let rows = policies.map { name, outcome in
            SimulationRow(
                policy: Identifier(name), fillRate: Fixed(outcome.fillRate, places: 4),
                cycleServiceLevel: Fixed(outcome.cycleServiceLevel, places: 4),
                averageInventory: Fixed(outcome.averageInventory, places: 2),
                averageInventoryCost: Amount(outcome.averageInventoryCost(calendarDays: days)), orders: outcome.orders,
                unitsDemanded: outcome.demand, unitsLost: outcome.demand - outcome.served,
                reviewServiceLevel: Fixed(outcome.reviewServiceLevel, places: 4))
        }
        let ratio =
            matched.outcome.averageInventory > 0
            ? forecastTotal.averageInventory / matched.outcome.averageInventory : nil
        if output.format == .json {
            emit(
                Output.json(
                    SimulationReport(
                        replayedDays: days, replayed: title, skus: replay.skus.count,
                        targetCycleServiceLevel: Fixed(settings.cycleServiceLevel, places: 4), closedDays: closed,
                        policies: rows, minMaxMultiplierAtEqualService: Fixed(matched.multiplier, places: 2),
                        inventoryOverMinMaxAtEqualService: ratio.map { Fixed($0, places: 2) })))
            return
        }
        if output.format == .table {
            say(
                "Replayed \(days) days (\(title)) for \(replay.skus.count) SKUs; "
                    + "target cycle service level \(NumberText.percent(settings.cycleServiceLevel, places: 1)).")
            if let closed { say(Self.describe(closed, store: data == nil)) }
            say("Average inventory is per SKU in units, and for the whole catalogue at unit cost.\n")
        }
        show(Output.rows(rows, format: output.format), format: output.format)
        if output.format == .table, let ratio {
            say(
                "\nAt equal service the forecast policy holds \(NumberText.fixed(ratio, places: 2))× the inventory "
                    + "of min/max (k = \(NumberText.fixed(matched.multiplier, places: 2))).")
        }
    }

    /// One line on the closed days a replay used: a --data file's, or the store's inferred ones
    /// (`store`), which no option changes.
    static func describe(_ closed: SimulatedClosedDays, store: Bool = false) -> String {
        if store {
            return "Closed days: \(closed.days) inferred from the store's history (the whole store sold nothing), "
                + "\(closed.inReplay) in the replay."
        }
        switch closed.source {
        case "file":
            return "Closed days: \(closed.days) from --closed in the file's dates, \(closed.inReplay) in the replay."
        case "inferred":
            return "Closed days: \(closed.days) inferred from the data (the whole set sold nothing), "
                + "\(closed.inReplay) in the replay; --closed FILE or --no-inferred-closed to change."
        default:
            return "Closed days: none."
        }
    }

    /// Every SKU of the store with its recorded demand and out-of-stock days.
    private func fromStore(days: Int) throws -> ([SimulationRun.SKUHistory], String, SimulatedClosedDays?) {
        let context = try ReplenishmentContext.load(options)
        let state = context.store.state
        let planner = ReplenishmentPlanner(settings: policy.settings)
        let lastDay = context.today - 1
        var skus: [SimulationRun.SKUHistory] = []
        for code in state.skuCodes {
            guard let pool = state.pools[code], let series = context.history.demand.series[code] else { continue }
            let historyStart = min(series.firstDay, context.history.stockouts.firstDay(code) ?? series.firstDay)
            let totalDays = lastDay - historyStart + 1
            guard totalDays > days else { continue }  // no history before the replay (or sales dated after today)
            // Out-of-stock and store-closed days censored, as `reorder` reads the history.
            let censored = context.history.censoredDays(code, days: totalDays, endingOn: lastDay).flags
            skus.append(
                SimulationRun.SKUHistory(
                    sku: pool.sku, stock: pool.stock, leadTime: planner.leadTime(for: pool.sku),
                    demand: context.history.demand.window(code, days: totalDays, endingOn: lastDay),
                    censored: censored))
        }
        // Named only where there are any: a store that never shut reports as before (null).
        let used = context.history.closedDays.filter { $0 <= lastDay }
        let closed =
            used.isEmpty
            ? nil
            : SimulatedClosedDays(
                source: StoreClosedDays.Source.inferred.rawValue, days: used.count,
                inReplay: used.filter { $0 > lastDay - days }.count, dates: used.map { context.dateText($0) })
        return (skus, "\(context.dateText(lastDay - days + 1)) → \(context.dateText(lastDay))", closed)
    }

    /// Every series of a daily demand file as a SKU, closed days censored (`StoreClosedDays`: the
    /// file's, else inferred from the series, as `forecast evaluate` reads them).
    static func fromFile(
        _ path: String, closedDays: ClosedDaysOptions, promotions: String?, days: Int
    ) throws -> ([SimulationRun.SKUHistory], String, SimulatedClosedDays?) {
        let file = try DemandCSV(path: path)
        guard file.periodsPerYear == 364 else {
            throw CLIError("\(path): --data needs a daily file (dates like 2014-01-02)")
        }
        let usable = file.series.filter { $0.problem == nil }
        let listed = try closedDays.listed()
        let closed = closedDays.choose(listed: listed, daily: true, series: usable)
        let promotionDates = try promotions.map { try DayFiles.seriesDates(path: $0) } ?? [:]
        let lead = ReplenishmentPlanner(settings: .standard).settings.defaultLeadTimeDays
        var skus: [SimulationRun.SKUHistory] = []
        for series in usable {
            let sku = SKU(
                code: SKUCode(series.id), title: series.id, unitCost: Money(cents: 100), price: Money(cents: 200))
            skus.append(
                SimulationRun.SKUHistory(
                    sku: sku, stock: StockLevel(), leadTime: sku.leadTimeDays ?? lead,
                    demand: series.values.map { Int($0.rounded()) },
                    censored: closed.history(first: series.firstPeriod, count: series.values.count),
                    promoted: promotionDates[series.id].map { dates in
                        series.values.indices.map { dates.contains(series.firstPeriod + $0) }
                    }))
        }
        let start = usable.map(\.firstPeriod).min() ?? 0
        let end = usable.map { $0.firstPeriod + $0.values.count }.max() ?? 0
        let used = closed.days(in: start..<max(start, end))
        let report = SimulatedClosedDays(
            source: closed.source.rawValue, days: used.count, inReplay: used.filter { $0 >= end - days }.count,
            dates: used.map { CivilDate(dayNumber: $0).description })
        return (skus, "the last \(days) days of \(path)", report)
    }
}

/// The replay behind `simulate`: each SKU's history split into what the policies may learn from
/// (before the warm-up), a warm-up of lead time + review days, and the scored replay.
struct SimulationRun {
    struct SKUHistory {
        var sku: SKU
        var stock: StockLevel
        var leadTime: Int
        var demand: [Int]
        var censored: [Bool]
        /// Promotion days known ahead (nil: none known).
        var promoted: [Bool]? = nil
    }

    let settings: ReplenishmentSettings
    let days: Int
    /// SKUs with demand in the replay and history before its warm-up.
    let skus: [SKUHistory]

    init(settings: ReplenishmentSettings, days: Int, skus: [SKUHistory]) {
        self.settings = settings
        self.days = days
        self.skus = skus.filter { item in
            item.demand.count > days + item.leadTime + settings.reviewPeriodDays + 1
                && item.demand.suffix(days).contains { $0 > 0 }
        }
    }

    func warmUp(_ item: SKUHistory) -> Int { item.leadTime + settings.reviewPeriodDays }
    /// Index of the first day played (the warm-up's first).
    func playStart(_ item: SKUHistory) -> Int { item.demand.count - days - warmUp(item) }

    /// The planner's input at `end` (history up to the day before).
    func input(_ item: SKUHistory, endingBefore end: Int) -> ReplenishmentPlanner.Input {
        let start = max(0, end - settings.historyDays)
        return ReplenishmentPlanner.Input(
            sku: item.sku, stock: item.stock, demand: Array(item.demand[start..<end]),
            censored: Array(item.censored[start..<end]))
    }

    /// The forecast policy summed over SKUs, two SKUs at a time; calibrated on what came before. The
    /// calibration is made once for the whole replay, so it scores the replay's weeks a year earlier
    /// (`serving`), as `reorder` on each of the replay's days would score its own horizon's.
    func forecastPolicy(progress: @escaping (Int) -> Void) -> PolicySimulation.Outcome {
        let plain = ReplenishmentPlanner(settings: settings)
        let before = skus.map { input($0, endingBefore: playStart($0)) }
        let sample = ForecastCalibration.sample(count: before.count)
        let origins = ForecastCalibration.origins(sampleSize: sample.count)
        let planner = plain.calibrated(
            scores: .joined(
                ParallelMap.run(count: sample.count) { index in
                    let item = skus[sample[index]]
                    guard item.promoted != nil else {
                        return plain.calibrationScores(
                            for: before[sample[index]], origins: origins, serving: warmUp(item) + days)
                    }
                    return promotedScores(item, planner: plain, origins: origins)
                }))
        let outcomes = ParallelMap.run(count: skus.count, progress: progress) { index in
            let item = skus[index]
            let start = playStart(item)
            func levels(at day: Int) -> (reorderPoint: Int, orderUpTo: Int) {
                guard let promoted = item.promoted else {
                    let forecast = planner.forecast(input(item, endingBefore: start + day))
                    return planner.levels(sku: item.sku, forecast: forecast)
                }
                let (history, lift) = baseline(item, endingBefore: start + day)
                let horizon = planner.horizon(for: item.sku)
                let ahead = (start + day..<start + day + horizon).map { $0 < promoted.count && promoted[$0] }
                let forecast = lift.apply(planner.selector(for: item.sku).forecast(history), promotedAhead: ahead)
                return planner.levels(sku: item.sku, forecast: forecast)
            }
            return PolicySimulation.run(
                demand: Array(item.demand[start...]), leadTime: item.leadTime, review: settings.reviewPeriodDays,
                casePack: item.sku.casePack, minimum: item.sku.minimumOrderQuantity, unitCost: item.sku.unitCost,
                startOnHand: levels(at: 0).reorderPoint + 1, scoredFrom: warmUp(item), policy: levels(at:))
        }
        return outcomes.reduce(PolicySimulation.Outcome(), +)
    }

    /// The calibration scores of a SKU whose promotions are known ahead: totals scored on its
    /// baseline (the lift divided out), cycles on the demand it had, each forecast given the lift
    /// on the promotion days of its horizon as the replay's forecasts are.
    func promotedScores(_ item: SKUHistory, planner: ReplenishmentPlanner, origins: Int) -> CalibrationScores {
        let end = playStart(item)
        let first = max(0, end - settings.historyDays)
        let (history, lift) = baseline(item, endingBefore: end)
        let selector = planner.selector(for: item.sku)
        let forecasts = selector.calibrationForecasts(history, count: origins, serving: warmUp(item) + days)
        let promoted = item.promoted ?? []
        let lifted = forecasts.map { past in
            let ahead = (first + past.origin..<first + past.origin + selector.horizon).map {
                $0 < promoted.count && promoted[$0]
            }
            var copy = past
            copy.forecast = lift.apply(past.forecast, promotedAhead: ahead)
            return copy
        }
        return CalibrationScores(
            forecast: forecasts.map(\.calibrationScore),
            reorder: planner.reorderScores(
                sku: item.sku,
                demand: PartialDays.wanted(
                    item.demand[first..<end].map(Double.init), censored: Array(item.censored[first..<end]),
                    season: settings.season),
                forecasts: lifted))
    }

    /// The history before `end` as the forecaster sees it when promotions are known: promotion
    /// days divided by the lift measured on it (`PromotionLift`), partial out-of-stock days filled.
    func baseline(_ item: SKUHistory, endingBefore end: Int) -> (history: DemandWindow, lift: PromotionLift) {
        let start = max(0, end - settings.historyDays)
        let values = item.demand[start..<end].map(Double.init)
        let censored = Array(item.censored[start..<end])
        let promoted = item.promoted.map { Array($0[start..<end]) } ?? []
        let lift = PromotionLift.estimate(DemandWindow(values, censored: censored), promoted: promoted)
        let baseline = lift.baseline(values, promoted: promoted)
        return (PartialDays.window(baseline, censored: censored, season: settings.season), lift)
    }

    /// min = ⌈k × mean daily demand × (L + R)⌉, max = 2 × min, the mean over the observed days of
    /// the last `historyDays` before the warm-up.
    func minMax(multiplier: Double) -> PolicySimulation.Outcome {
        var total = PolicySimulation.Outcome()
        for item in skus {
            let start = playStart(item)
            let before = max(0, start - settings.historyDays)..<start
            let observed = before.filter { !item.censored[$0] }
            let average =
                observed.isEmpty ? 0 : Double(observed.reduce(0) { $0 + item.demand[$1] }) / Double(observed.count)
            let minimum = Int((multiplier * average * Double(item.leadTime + settings.reviewPeriodDays)).rounded(.up))
            let maximum = max(2 * minimum, 1)
            total =
                total
                + PolicySimulation.run(
                    demand: Array(item.demand[start...]), leadTime: item.leadTime, review: settings.reviewPeriodDays,
                    casePack: item.sku.casePack, minimum: item.sku.minimumOrderQuantity, unitCost: item.sku.unitCost,
                    startOnHand: minimum + 1, scoredFrom: warmUp(item), policy: { _ in (minimum, maximum) })
        }
        return total
    }

    /// The smallest multiplier k (to 0.01) whose min/max reaches `service`, by bisection on [0, 8].
    func matchingMinMax(service: Double) -> (multiplier: Double, outcome: PolicySimulation.Outcome) {
        var low = 0.0
        var high = 8.0
        var best = (multiplier: high, outcome: minMax(multiplier: high))
        while high - low > 0.005 {
            let middle = (low + high) / 2
            let outcome = minMax(multiplier: middle)
            if outcome.cycleServiceLevel >= service {
                high = middle
                best = (middle, outcome)
            } else {
                low = middle
            }
        }
        return best
    }
}
