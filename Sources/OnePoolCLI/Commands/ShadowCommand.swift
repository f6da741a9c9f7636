import ArgumentParser
import Foundation
import OnePoolCore
import OnePoolStore

struct ShadowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shadow",
        abstract: "Compare what OnePool recommended with what was ordered and what happened.",
        discussion: """
            Over the last N days, per SKU: units OnePool drafted, units ordered (POs sent and purchases \
            recorded by hand as incoming), days out of stock, and overstock now; with the agreement \
            between the two. Run in recommend (or approve) mode until these match — then move a \
            supplier to automatic (`onepool autonomy SUPPLIER automatic`).
            Example: onepool shadow --days 60
            """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var output: FormatOptions
    @OptionGroup var policy: ReplenishmentOptions
    @Option(
        help: OptionRanges.lookBackDays.help("Days to look back over.", default: 30, valueName: "n"),
        transform: OptionRanges.lookBackDays.read)
    var days: Int = 30

    func run() throws {
        let context = try ReplenishmentContext.load(options)
        var report = ShadowReport(
            firstDay: context.today - days + 1, lastDay: context.today, utcOffsetSeconds: context.utcOffsetSeconds)
        try context.store.forEachEvent { report.record($0) }
        let planner = context.planner(policy.settings)
        var overstock: [SKUCode: Int] = [:]
        for recommendation in context.recommendations(planner) where recommendation.isOverstock {
            overstock[recommendation.sku] = recommendation.overstockUnits
        }
        report.judge(stockouts: context.history.stockouts, overstock: overstock)
        let rows = report.rows.values.filter { $0.recommended > 0 || $0.ordered > 0 || $0.stockoutDays > 0 }
            .sorted { (abs($0.ordered - $0.recommended), $1.sku) > (abs($1.ordered - $1.recommended), $0.sku) }
        say(
            Output.rows(
                rows.map { row in
                    ShadowRow(
                        sku: Identifier(row.sku), recommended: row.recommended, ordered: row.ordered,
                        difference: row.ordered - row.recommended,
                        stockoutDays: row.stockoutDays, overstockUnits: row.overstockUnits)
                }, format: output.format))
        if output.format == .table {
            let recommended = rows.reduce(0) { $0 + $1.recommended }
            let ordered = rows.reduce(0) { $0 + $1.ordered }
            let stockouts = rows.filter { $0.stockoutDays > 0 }
            say("")
            say(
                "Last \(days) days: OnePool recommended \(recommended) units, \(ordered) were ordered"
                    + (report.agreement.map { "; agreement \(Int(clampingDouble: ($0 * 100).rounded()))%" } ?? "") + "."
            )
            say(
                "\(stockouts.count) SKU(s) ran out on \(stockouts.reduce(0) { $0 + $1.stockoutDays }) day(s) in all; \(overstock.count) SKU(s) are overstocked now."
            )
            if report.agreement == nil {
                say(
                    "Nothing was recommended or ordered in this window: draft with `onepool po draft` to start the comparison."
                )
            }
        }
    }
}
