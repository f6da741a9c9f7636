import ArgumentParser
import Foundation
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
    @Argument(help: "The SKU code.") var sku: String
    @Option(help: ArgumentHelp("Days of history in the chart.", valueName: "n")) var days: Int = 56
    @Flag(help: "Also explain the replenishment numbers (inputs and formulas).") var explain = false

    func validate() throws {
        guard days >= 1 else { throw ValidationError("--days must be at least 1, found \(days)") }
    }

    func run() throws {
        let context = try ReplenishmentContext.load(options)
        guard let pool = context.store.state.pools[sku] else { throw StoreError.refused(.unknownSKU(sku)) }
        let planner = context.planner(policy.settings)
        let input = context.input(pool, planner: planner)
        let forecast = planner.forecast(input)
        let recommendation = planner.recommend(input, forecast: forecast)
        let horizon = planner.horizon(for: pool.sku)
        var out: [String] = []
        out.append("\(sku) — \(pool.sku.title)\(pool.sku.supplier.map { " · supplier \($0)" } ?? "")")

        // History.
        let lastDay = context.today - 1
        let firstDay = lastDay - input.demand.count + 1
        let censoredDays = input.censored.filter { $0 }.count
        let observed = zip(input.demand, input.censored).filter { !$0.1 }.map(\.0)
        let units = input.demand.reduce(0, +)
        let lastSale = input.demand.lastIndex(where: { $0 > 0 }).map { context.dateText(firstDay + $0) }
        if input.demand.allSatisfy({ $0 == 0 }) && context.history.demand.series[sku] == nil {
            out.append("History: no demand recorded.")
        } else {
            let mean = observed.isEmpty ? 0 : Double(observed.reduce(0, +)) / Double(observed.count)
            out.append("History: \(input.demand.count) days, \(context.dateText(firstDay)) → \(context.dateText(lastDay)): \(units) units; \(censoredDays) day(s) out of stock (censored); \(String(format: "%.2f", mean)) a day on the \(observed.count) observed day(s); last sale \(lastSale ?? "none").")
        }

        // Forecast.
        let total = forecast.expected.reduce(0, +)
        let level = planner.settings.cycleServiceLevel
        out.append("Forecast: next \(horizon) days (lead time \(planner.leadTime(for: pool.sku)) + review \(planner.settings.reviewPeriodDays)): \(String(format: "%.1f", total)) units expected (\(String(format: "%.2f", total / Double(horizon))) a day); \(String(format: "%.0f", level * 100))% quantile \(Int(forecast.quantile(level))), median \(Int(forecast.quantile(0.5))).")
        out.append("Method: " + Self.methodReason(forecast, horizon: horizon))
        if !forecast.scores.isEmpty {
            out.append("  backtest (Σ|forecast total − actual total| over recent origins, lower is better):")
            for score in forecast.scores.prefix(6) {
                let mark = forecast.methods.contains(score.method) ? "*" : " "
                out.append("   \(mark) \(String(describing: score.method).padding(toLength: 18, withPad: " ", startingAt: 0)) \(score.excluded ? "excluded (forecasts zero)" : String(format: "%.1f", score.absoluteTotalError))")
            }
        }

        // Chart.
        let chartDays = min(days, input.demand.count)
        let recent = Array(input.demand.suffix(chartDays)).map(Double.init)
        let recentCensored = Array(input.censored.suffix(chartDays))
        out.append("")
        out.append(contentsOf: Sparkline.chart(history: recent, censored: recentCensored, forecast: forecast.expected,
            firstDate: context.dateText(lastDay - chartDays + 1), todayDate: context.dateText(context.today)))

        // Replenishment in brief.
        out.append("")
        out.append("Stock: available \(pool.stock.available), position \(recommendation.position); reorder point \(recommendation.reorderPoint), order-up-to \(recommendation.orderUpTo), safety stock \(String(format: "%.1f", recommendation.safetyStock)); days to stockout \(recommendation.daysToStockout.map { String(format: "%.1f", $0) } ?? "—"); order now \(recommendation.orderQuantity).")
        if explain {
            out.append("")
            out.append(ReorderCommand.explanationText(recommendation))
        }
        print(out.joined(separator: "\n"))
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
        String(values.enumerated().map { index, value -> Character in
            if index < censored.count && censored[index] { return "·" }
            guard value > 0, maximum > 0 else { return " " }
            let level = Int((value / maximum * Double(blocks.count)).rounded(.up)) - 1
            return blocks[min(max(level, 0), blocks.count - 1)]
        })
    }

    static func chart(history: [Double], censored: [Bool], forecast: [Double], firstDate: String, todayDate: String) -> [String] {
        let maximum = max(history.max() ?? 0, forecast.max() ?? 0)
        let left = bars(history, censored: censored, maximum: maximum)
        let right = bars(forecast, maximum: maximum)
        let scale = "peak \(String(format: maximum == maximum.rounded() ? "%.0f" : "%.1f", maximum)) a day"
        return [
            "\(left)│\(right)",
            "\(firstDate.padding(toLength: max(history.count, firstDate.count), withPad: " ", startingAt: 0))│\(todayDate) → forecast",
            "history: \(history.count) d  forecast: \(forecast.count) d  \(scale)  (· out of stock)",
        ]
    }
}
