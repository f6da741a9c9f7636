import ArgumentParser
import Foundation
import OnePoolConsole
import OnePoolCore
import OnePoolStore

/// `onepool reorder`: what to order now, ranked by the profit at risk if nothing is done — the
/// briefing's stockout money, from the same rule (`ProfitRule.stockout`).
struct ReorderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reorder",
        abstract: "Recommend what to order, ranked by profit at risk.",
        discussion: """
            Each SKU's demand is forecast from its history (days it was out of stock are left out, \
            not read as zero) over lead time + review period, and a periodic-review policy is set:
              reorder point   the service-level quantile of demand over lead time + review
              safety stock    reorder point − expected demand over lead time + review
              order-up-to     reorder point + expected demand over one review period
              position        on hand − committed − held − unsellable + incoming
              order           0 while position > reorder point, else order-up-to − position,
                              in whole case packs, at least the MOQ
              money at risk   expected units short before an order placed now arrives, × price
              profit at risk  the same units within the store's horizon × unit margin: the briefing's
                              stockout money, by the same rule (see `onepool settings`)
            Rows: SKUs to order or with money at risk (--all: every SKU), most profit at risk \
            first. --explain SKU shows every \
            number of one SKU with its inputs and formula (in --format csv one row per number, in json \
            one document). Nothing is ordered: this only recommends.
            Examples: onepool reorder · onepool reorder --supplier Acme --format csv · onepool reorder --explain MUG-BLUE
            """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var policy: ReplenishmentOptions
    @Option(help: "Only SKUs of this supplier.") var supplier: String?
    @Option(help: ArgumentHelp("Explain every number of one SKU instead of the table.", valueName: "sku")) var explain:
        SKUCode?
    @Flag(help: "Every SKU, including those with nothing to order.") var all = false
    @Flag(help: ArgumentHelp("Print read and compute times to standard error.", visibility: .hidden)) var timing = false

    func run() throws {
        let context = try ReplenishmentContext.load(options)
        let state = context.state
        let rule = ProfitRule(state.settings)
        let clock = ContinuousClock()
        let started = clock.now
        let startedCPU = ProcessCPUTime.now()
        let planner = context.planner(policy.settings)
        let calibrationTime = clock.now - started
        let calibrationCPUTime = ProcessCPUTime.now() - startedCPU
        if let explain {
            guard let pool = state.pools[explain] else { throw StoreError.refused(.unknownSKU(explain)) }
            let recommendation = planner.recommend(context.input(pool, planner: planner))
            var explanation = ReorderExplanation(recommendation)
            let profit = rule.stockout(sku: pool.sku, outlook: SKUOutlook(recommendation))
            explanation.numbers += profit.steps.map { ExplanationRow(section: "numbers", $0) }.map {
                var row = $0
                if row.name == "money" { row.name = "profit at risk" }
                return row
            }
            switch output.format {
            case .table: say(Self.explanationText(explanation))
            case .csv: emit(Output.rows(explanation.inputs + explanation.numbers, format: .csv))
            case .json: emit(Output.json(explanation))
            }
            return
        }
        if let supplier, !state.pools.values.contains(where: { $0.sku.supplier == supplier }) {
            let known = Set(state.pools.values.compactMap(\.sku.supplier)).sorted()
            throw CLIError(
                "unknown supplier '\(supplier)'; suppliers: \(known.isEmpty ? "none" : known.joined(separator: ", "))")
        }
        let recommendations = context.recommendations(planner, supplier: supplier)
        let computeTime = clock.now - started
        let computeCPUTime = ProcessCPUTime.now() - startedCPU
        // Each SKU's profit at risk on all cores: the rule writes its explanation for every SKU.
        let profits = ParallelMap.run(count: recommendations.count) { index -> Money in
            let item = recommendations[index]
            return state.sku(item.sku).map { rule.stockout(sku: $0, outlook: SKUOutlook(item)).money } ?? .zero
        }
        let ranked = Self.ranked(recommendations, profits: profits)
        let shown = ranked.filter {
            all || recommendations[$0].orderQuantity > 0 || recommendations[$0].moneyAtRisk > .zero
        }
        func row(_ index: Int) -> ReorderRow {
            let item = recommendations[index]
            return ReorderRow(
                item, available: state.pools[item.sku]?.stock.available ?? 0, profitAtRisk: profits[index])
        }
        if output.format == .table && shown.isEmpty {
            say(
                "Nothing to order: every SKU's position is above its reorder point\(supplier.map { " (supplier \($0))" } ?? "")."
            )
        } else if output.format == .csv {
            // Every line made on all cores, then written in rank order through one buffer.
            let lines = ParallelMap.run(count: shown.count) { CSVText.line(row(shown[$0]).outputValues) }
            CSVStream.write(
                header: OutputColumns.of(ReorderRow.self), count: lines.count, line: { lines[$0] },
                to: CSVStream.standardOutput)
        } else {
            show(Output.rows(shown.map(row), format: output.format), format: output.format)
        }
        if output.format == .table && !shown.isEmpty {
            let toOrder = ranked.map { recommendations[$0] }.filter { $0.orderQuantity > 0 }
            let spend = toOrder.reduce(Money.zero) { $0 + $1.orderCost }
            let risk = ranked.reduce(Money.zero) { $0 + recommendations[$1].moneyAtRisk }
            let margin = profits.reduce(Money.zero, +)
            let overstock = ranked.reduce(Money.zero) { $0 + recommendations[$1].overstockCash }
            say(
                "\n\(toOrder.count) SKU(s) to order, \(spend) at cost; \(risk) of sales (\(margin) of profit within "
                    + "\(state.settings.horizonDays) d) at risk before an order now could arrive; \(overstock) tied up in "
                    + "overstock (> \(policy.overstockDays) days of cover).")
        }
        if timing {
            Console.note(
                Self.timingText(
                    context, compute: (computeTime, computeCPUTime), calibration: (calibrationTime, calibrationCPUTime),
                    skus: recommendations.count))
        }
    }

    /// `--timing`'s line: wall and CPU (user + system, all threads) of each phase — opening the
    /// store, reading its history, calibrating, then every SKU — as on a loaded machine wall
    /// time says little about the work done, and CPU ÷ wall says how many cores a phase used.
    static func timingText(
        _ context: ReplenishmentContext, compute: (wall: Duration, cpu: Duration),
        calibration: (wall: Duration, cpu: Duration), skus: Int
    ) -> String {
        String(
            format: "reorder: read %.0f ms, CPU %.0f ms (open %.0f ms, CPU %.0f ms; history %.0f ms, CPU %.0f ms), "
                + "compute %.0f ms, CPU %.0f ms (calibration %.0f ms, CPU %.0f ms; every SKU %.0f ms, CPU %.0f ms; "
                + "on %d threads) for %d SKUs",
            context.readTime.milliseconds, context.readCPUTime.milliseconds, context.openTime.milliseconds,
            context.openCPUTime.milliseconds, (context.readTime - context.openTime).milliseconds,
            (context.readCPUTime - context.openCPUTime).milliseconds, compute.wall.milliseconds,
            compute.cpu.milliseconds, calibration.wall.milliseconds, calibration.cpu.milliseconds,
            (compute.wall - calibration.wall).milliseconds, (compute.cpu - calibration.cpu).milliseconds,
            ParallelMap.threads, skus)
    }

    /// Indices of `recommendations`, ranked: profit at risk first (the briefing's rule), then
    /// revenue at risk, then the sooner stockout, then the code. Sorted on keys taken once per
    /// SKU (each comparison used to look both SKUs' profits up in a dictionary and move whole
    /// recommendations); the comparisons are the same, so the order is too.
    static func ranked(_ recommendations: [Recommendation], profits: [Money]) -> [Int] {
        struct Key {
            var profit: Money
            var moneyAtRisk: Money
            var daysToStockout: Double
            var index: Int
        }
        let keys = recommendations.indices.map { index in
            let item = recommendations[index]
            return Key(
                profit: profits[index], moneyAtRisk: item.moneyAtRisk,
                daysToStockout: item.daysToStockout ?? .infinity, index: index)
        }
        return keys.sorted { a, b in
            if a.profit != b.profit { return a.profit > b.profit }
            if a.moneyAtRisk != b.moneyAtRisk { return a.moneyAtRisk > b.moneyAtRisk }
            if a.daysToStockout != b.daysToStockout { return a.daysToStockout < b.daysToStockout }
            return recommendations[a.index].sku < recommendations[b.index].sku
        }.map(\.index)
    }

    static func methodText(_ item: Recommendation) -> String {
        item.methods.isEmpty
            ? "fallback: \(item.fallback ?? "no demand")"
            : item.methods.map(String.init(describing:)).joined(separator: " + ")
    }

    /// Inputs, then each number with its formula.
    static func explanationText(_ item: ReorderExplanation) -> String {
        let supplier = item.supplier.map { " (supplier \($0.raw))" } ?? ""
        var lines = [TerminalText.escaped("\(item.sku.raw) — \(item.title)\(supplier)")]
        if let note = item.note { lines.append("Note: \(note)") }
        lines += ExplanationRow.block("Inputs", item.inputs)
        lines += ExplanationRow.block("Numbers", item.numbers)
        return lines.joined(separator: "\n")
    }
}
