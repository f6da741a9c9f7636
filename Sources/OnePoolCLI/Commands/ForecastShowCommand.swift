import ArgumentParser
import Foundation
import OnePoolConsole
import OnePoolCore
import OnePoolStore

/// `onepool forecast SKU`: one SKU's history, forecast, the method chosen and why, and a chart.
struct ForecastShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "One SKU's demand history, forecast and method, with a chart (the default: onepool forecast SKU).",
        discussion: """
            The forecast covers the SKU's lead time + review period, the span a reorder decision \
            rests on. Methods are chosen per SKU by a rolling-origin backtest of the total over that \
            span; the best few are averaged. Days the SKU was out of stock are censored: left out, \
            not read as zero demand (· in the chart).
            Examples: onepool forecast MUG-BLUE · onepool forecast MUG-BLUE --days 28 --explain
            """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var policy: ReplenishmentOptions
    @Argument(help: "The SKU code.") var sku: SKUCode
    @Option(
        help: OptionRanges.lookBackDays.help("Days of history in the chart.", default: 56, valueName: "n"),
        transform: OptionRanges.lookBackDays.read)
    var days: Int = 56
    @Flag(help: "Also explain the replenishment numbers (inputs and formulas).") var explain = false

    @OptionGroup var output: FormatOptions

    func run() throws {
        let context = try ReplenishmentContext.load(options)
        guard let pool = context.store.state.pools[sku] else { throw StoreError.refused(.unknownSKU(sku)) }
        let planner = context.planner(policy.settings)
        let input = context.input(pool, planner: planner)
        let forecast = planner.forecast(input)
        let recommendation = planner.recommend(input, forecast: forecast)
        let report = Self.report(
            pool: pool, input: input, forecast: forecast, recommendation: recommendation, planner: planner,
            context: context, chartDays: days, explain: explain)
        switch output.format {
        case .table: say(Self.text(report, hasHistory: context.history.demand.series[sku] != nil))
        case .csv: emit(Output.rows(report.days, format: .csv))
        case .json: emit(Output.json(report))
        }
    }

    /// The model every format prints from.
    static func report(
        pool: SKUPool, input: ReplenishmentPlanner.Input, forecast: DemandForecast, recommendation: Recommendation,
        planner: ReplenishmentPlanner, context: ReplenishmentContext, chartDays: Int, explain: Bool
    ) -> ForecastReport {
        let horizon = planner.horizon(for: pool.sku)
        let lastDay = context.today - 1
        let firstDay = lastDay - input.demand.count + 1
        let observed = zip(input.demand, input.censored).filter { !$0.1 }.map(\.0)
        let mean = observed.isEmpty ? 0 : Double(observed.reduce(0, +)) / Double(observed.count)
        let total = forecast.expected.reduce(0, +)
        let level = planner.settings.cycleServiceLevel
        let shown = min(chartDays, input.demand.count)
        let history = zip(input.demand.suffix(shown), input.censored.suffix(shown)).enumerated().map { offset, day in
            ForecastDayRow(
                date: context.dateText(lastDay - shown + 1 + offset), kind: "history",
                units: Fixed(Double(day.0), places: 0),
                censored: day.1)
        }
        let ahead = forecast.expected.enumerated().map { offset, units in
            ForecastDayRow(
                date: context.dateText(context.today + offset), kind: "forecast",
                units: Fixed(units, places: 2), censored: false)
        }
        var report = ForecastReport(
            sku: Identifier(pool.sku.code), title: pool.sku.title, supplier: pool.sku.supplier.map { Identifier($0) },
            historyDays: input.demand.count, historyFrom: context.dateText(firstDay),
            historyTo: context.dateText(lastDay), historyUnits: input.demand.reduce(0, +),
            censoredDays: input.censored.filter { $0 }.count,
            observedDailyMean: Fixed(mean, places: 2),
            lastSale: input.demand.lastIndex(where: { $0 > 0 }).map { context.dateText(firstDay + $0) },
            horizonDays: horizon, leadTimeDays: planner.leadTime(for: pool.sku),
            reviewDays: planner.settings.reviewPeriodDays,
            expectedUnits: Fixed(total, places: 1), expectedDaily: Fixed(total / Double(max(1, horizon)), places: 2),
            serviceLevel: Fixed(level, places: 3), quantile: Bounds.units(forecast.quantile(level)),
            median: Bounds.units(forecast.quantile(0.5)), method: methodReason(forecast, horizon: horizon),
            backtest: forecast.scores.prefix(6).map { score in
                BacktestRow(
                    method: String(describing: score.method), chosen: forecast.methods.contains(score.method),
                    excluded: score.excluded,
                    absoluteTotalError: Fixed(score.absoluteTotalError, places: 1))
            },
            available: pool.stock.available, position: recommendation.position,
            reorderPoint: recommendation.reorderPoint,
            orderUpTo: recommendation.orderUpTo, safetyStock: Fixed(recommendation.safetyStock, places: 1),
            daysToStockout: recommendation.daysToStockout.map { Fixed($0, places: 1) },
            orderNow: recommendation.orderQuantity,
            days: history + ahead, explanation: explain ? ReorderExplanation(recommendation) : nil)
        report.storeClosedDays = input.closedDays
        report.throughBundles = context.history.demand.bundleWindow(
            pool.sku.code, bundles: context.state.bundles, days: input.demand.count, endingOn: lastDay
        ).reduce(0, +)
        return report
    }

    /// The censored days: out of stock, and store closed where there are any.
    static func censoredText(_ report: ForecastReport) -> String {
        let closed = report.storeClosedDays
        // Only where there are any: a store that never shut reads as before.
        guard closed > 0 else { return "\(report.censoredDays) day(s) out of stock (censored)" }
        return "\(report.censoredDays - closed) day(s) out of stock and \(closed) store closed (inferred), censored"
    }

    /// The report for a terminal: a line per part, the chart, the explanation if asked.
    static func text(_ report: ForecastReport, hasHistory: Bool) -> String {
        func number(_ value: Fixed) -> String { NumberText.fixed(value.value, places: value.places) }
        let supplier = report.supplier.map { " · supplier \($0.raw)" } ?? ""
        var out = [TerminalText.escaped("\(report.sku.raw) — \(report.title)\(supplier)")]
        let history = report.days.filter { $0.kind.raw == "history" }
        if report.historyUnits == 0 && !hasHistory {
            out.append("History: no demand recorded.")
        } else {
            out.append(
                "History: \(report.historyDays) days, \(report.historyFrom) → \(report.historyTo): "
                    + "\(report.historyUnits) units; \(censoredText(report)); "
                    + "\(number(report.observedDailyMean)) a day on the \(report.historyDays - report.censoredDays) "
                    + "observed day(s); last sale \(report.lastSale ?? "none").")
        }
        if report.throughBundles > 0 {
            out.append(
                "Through bundles: \(report.throughBundles) of the \(report.historyUnits) units were sold inside bundles "
                    + "(bundle units × quantity; the forecast and reorder count them).")
        }
        let level = NumberText.percent(report.serviceLevel.value, places: 1)
        out.append(
            "Forecast: next \(report.horizonDays) days (lead time \(report.leadTimeDays) + review "
                + "\(report.reviewDays)): \(number(report.expectedUnits)) units expected "
                + "(\(number(report.expectedDaily)) a day); \(level) quantile \(report.quantile), "
                + "median \(report.median).")
        out.append("Method: " + report.method)
        if !report.backtest.isEmpty {
            out.append("  backtest (Σ|forecast total − actual total| over recent origins, lower is better):")
            for score in report.backtest {
                let error = score.excluded ? "excluded (forecasts zero)" : number(score.absoluteTotalError)
                out.append("   \(score.chosen ? "*" : " ") \(TerminalText.padded(score.method, to: 18)) \(error)")
            }
        }
        let ahead = report.days.filter { $0.kind.raw == "forecast" }
        out.append("")
        out.append(
            contentsOf: Sparkline.chart(
                history: history.map(\.units.value), censored: history.map(\.censored),
                forecast: ahead.map(\.units.value),
                firstDate: history.first?.date ?? "", todayDate: ahead.first?.date ?? ""))
        out.append("")
        out.append(
            "Stock: available \(report.available), position \(report.position); reorder point \(report.reorderPoint), "
                + "order-up-to \(report.orderUpTo), safety stock \(number(report.safetyStock)); "
                + "days to stockout \(report.daysToStockout.map(number) ?? "—"); order now \(report.orderNow).")
        if let explanation = report.explanation {
            out.append("")
            out.append(ReorderCommand.explanationText(explanation))
        }
        return out.joined(separator: "\n")
    }

    static func methodReason(_ forecast: DemandForecast, horizon: Int) -> String {
        if forecast.methods.isEmpty { return "none — \(forecast.fallback ?? "no demand")" }
        let names = forecast.methods.map(String.init(describing:)).joined(separator: " + ")
        if let fallback = forecast.fallback { return "\(names) — \(fallback)" }
        let candidates = forecast.scores.filter { !$0.excluded }.count
        return forecast.methods.count == 1
            ? "\(names): lowest error of the \(horizon)-day total among \(candidates) candidates in a rolling-origin backtest"
            : "\(names): the \(forecast.methods.count) with the lowest error of the \(horizon)-day total among \(candidates) candidates in a rolling-origin backtest, averaged"
    }
}

/// A one-line bar chart of daily demand in block characters, history then forecast.
enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// A block per value scaled to `maximum` (a space for zero); `·` where `censored`.
    static func bars(_ values: [Double], censored: [Bool] = [], maximum: Double) -> String {
        String(
            values.enumerated().map { index, value -> Character in
                if index < censored.count && censored[index] { return "·" }
                guard value > 0, maximum > 0 else { return " " }
                let level = Int(clampingDouble: (value / maximum * Double(blocks.count)).rounded(.up)) - 1
                return blocks[min(max(level, 0), blocks.count - 1)]
            })
    }

    static func chart(history: [Double], censored: [Bool], forecast: [Double], firstDate: String, todayDate: String)
        -> [String]
    {
        let maximum = max(history.max() ?? 0, forecast.max() ?? 0)
        let left = bars(history, censored: censored, maximum: maximum)
        let right = bars(forecast, maximum: maximum)
        let scale = "peak \(NumberText.fixed(maximum, places: maximum == maximum.rounded() ? 0 : 1)) a day"
        return [
            "\(left)│\(right)",
            "\(firstDate.padding(toLength: max(history.count, firstDate.count), withPad: " ", startingAt: 0))│\(todayDate) → forecast",
            "history: \(history.count) d  forecast: \(forecast.count) d  \(scale)  (· out of stock)",
        ]
    }
}
