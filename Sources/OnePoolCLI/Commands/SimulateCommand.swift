import ArgumentParser
import Foundation
import OnePoolCore
import OnePoolStore

/// `onepool simulate`: the policy replayed on the store's own recent demand, next to min/max.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Replay recent demand with the reorder policy and a plain min/max, and compare.",
        discussion: """
            For every SKU with demand, the last --days days of recorded demand (ending yesterday) are \
            replayed day by day: reviews every review period, orders arriving after the lead time, \
            demand beyond what is on hand lost. Two policies start full (at their own order-up-to \
            level) and are scored alike:
              forecast   this policy: at each review, the SKU is re-forecast from the history so far \
            and the reorder point and order-up-to level set as `onepool reorder` does;
              min/max    min = average daily demand (before the replay) × (lead time + review), \
            max = 2 × min, fixed.
            fill rate = units served / units demanded; cycle service level = share of review periods \
            with no lost demand; average inventory = mean end-of-day on hand (units, and at unit cost).
            Days on which a SKU was out of stock replay the demand that was recorded, which understates \
            what would have sold: both policies are scored on the same understated days.
            """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var policy: ReplenishmentOptions
    @Option(
        help: OptionRanges.lookBackDays.help("Days to replay (ending yesterday).", default: 90, valueName: "n"),
        transform: OptionRanges.lookBackDays.read)
    var days: Int = 90

    func run() throws {
        let context = try ReplenishmentContext.load(options)
        let state = context.store.state
        let planner = ReplenishmentPlanner(settings: policy.settings)
        let settings = planner.settings
        let lastDay = context.today - 1
        let replayStart = lastDay - days + 1
        var forecastTotal = PolicySimulation.Outcome()
        var minMaxTotal = PolicySimulation.Outcome()
        var skus = 0
        let progress = Progress(label: "simulate")
        let codes = state.skuCodes
        for (index, code) in codes.enumerated() {
            progress.count(done: index, of: codes.count, unit: "SKUs")
            guard let pool = state.pools[code], let series = context.history.demand.series[code] else { continue }
            let sku = pool.sku
            let lead = planner.leadTime(for: sku)
            let historyStart = min(series.firstDay, context.history.stockouts.firstDay(code) ?? series.firstDay)
            let totalDays = lastDay - historyStart + 1
            guard totalDays > days else { continue }
            let all = context.history.demand.window(code, days: totalDays, endingOn: lastDay)
            let censored = context.history.stockouts.censored(code, days: totalDays, endingOn: lastDay)
            let replayOffset = replayStart - historyStart
            let replay = Array(all[replayOffset...])
            guard replay.contains(where: { $0 > 0 }) else { continue }
            skus += 1

            // The forecast policy: re-forecast at each review from the history up to that day.
            func levels(at day: Int) -> (reorderPoint: Int, orderUpTo: Int) {
                let end = replayOffset + day
                let start = max(0, end - settings.historyDays)
                let input = ReplenishmentPlanner.Input(
                    sku: sku, stock: pool.stock, demand: Array(all[start..<end]), censored: Array(censored[start..<end]))
                return planner.levels(sku: sku, forecast: planner.forecast(input))
            }
            let opening = levels(at: 0)
            forecastTotal = forecastTotal + PolicySimulation.run(
                demand: replay, leadTime: lead, review: settings.reviewPeriodDays, casePack: sku.casePack,
                minimum: sku.minimumOrderQuantity, unitCost: sku.unitCost, startOnHand: opening.orderUpTo, policy: levels(at:))

            // Plain min/max from the average of the observed days before the replay.
            let before = max(0, replayOffset - settings.historyDays)..<replayOffset
            let observed = before.filter { !censored[$0] }
            let average = observed.isEmpty ? 0 : Double(observed.reduce(0) { $0 + all[$1] }) / Double(observed.count)
            let minimum = Int(clampingDouble: (average * Double(lead + settings.reviewPeriodDays)).rounded(.up))
            let maximum = max(2 * minimum, 1)
            minMaxTotal = minMaxTotal + PolicySimulation.run(
                demand: replay, leadTime: lead, review: settings.reviewPeriodDays, casePack: sku.casePack,
                minimum: sku.minimumOrderQuantity, unitCost: sku.unitCost, startOnHand: maximum,
                policy: { _ in (minimum, maximum) })
        }
        progress.finish()
        guard skus > 0 else {
            throw CLIError("no SKU has demand in the last \(days) days and history before them to replay")
        }
        let rows = [("forecast", forecastTotal), ("min/max", minMaxTotal)].map { name, outcome in
            SimulationRow(
                policy: Identifier(name), fillRate: Fixed(outcome.fillRate, places: 4),
                cycleServiceLevel: Fixed(outcome.cycleServiceLevel, places: 4),
                averageInventory: Fixed(outcome.averageInventory, places: 1),
                averageInventoryCost: Amount(outcome.averageInventoryCost(calendarDays: days)), orders: outcome.orders,
                unitsDemanded: outcome.demand, unitsLost: outcome.demand - outcome.served)
        }
        if output.format == .table {
            say("Replayed \(days) days (\(context.dateText(replayStart)) → \(context.dateText(lastDay))) for \(skus) SKUs; "
                  + "target cycle service level \(NumberText.percent(settings.cycleServiceLevel, places: 1)).")
            say("Average inventory is per SKU in units, and for the whole catalogue at unit cost.\n")
        }
        print(Output.rows(rows, format: output.format))
    }
}
