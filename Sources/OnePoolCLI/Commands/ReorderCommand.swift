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
        let profit = Dictionary(
            uniqueKeysWithValues: recommendations.map { item in
                (item.sku, state.sku(item.sku).map { rule.stockout(sku: $0, outlook: SKUOutlook(item)).money } ?? .zero)
            })
        let ranked = recommendations.sorted { Self.ranking($0, $1, profit: profit) }
        let rows = ranked.filter { all || $0.orderQuantity > 0 || $0.moneyAtRisk > .zero }.map { item in
            ReorderRow(
                item, available: state.pools[item.sku]?.stock.available ?? 0, profitAtRisk: profit[item.sku] ?? .zero)
        }
        if output.format == .table && rows.isEmpty {
            say(
                "Nothing to order: every SKU's position is above its reorder point\(supplier.map { " (supplier \($0))" } ?? "")."
            )
        } else {
            show(Output.rows(rows, format: output.format), format: output.format)
        }
        if output.format == .table && !rows.isEmpty {
            let toOrder = ranked.filter { $0.orderQuantity > 0 }
            let spend = toOrder.reduce(Money.zero) { $0 + $1.orderCost }
            let risk = ranked.reduce(Money.zero) { $0 + $1.moneyAtRisk }
            let margin = profit.values.reduce(Money.zero, +)
            let overstock = ranked.reduce(Money.zero) { $0 + $1.overstockCash }
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

    /// Profit at risk first (the briefing's rule), then revenue at risk, then the sooner stockout,
    /// then the code.
    static func ranking(_ a: Recommendation, _ b: Recommendation, profit: [SKUCode: Money]) -> Bool {
        let profitA = profit[a.sku] ?? .zero
        let profitB = profit[b.sku] ?? .zero
        if profitA != profitB { return profitA > profitB }
        if a.moneyAtRisk != b.moneyAtRisk { return a.moneyAtRisk > b.moneyAtRisk }
        let left = a.daysToStockout ?? .infinity
        let right = b.daysToStockout ?? .infinity
        if left != right { return left < right }
        return a.sku < b.sku
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
