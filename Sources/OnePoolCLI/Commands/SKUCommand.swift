import ArgumentParser
import OnePoolChannels
import OnePoolCore
import OnePoolStore

struct SKUCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sku",
        abstract: "Add, change, list and show SKUs.",
        subcommands: [Add.self, Set.self, List.self, Show.self])

    /// The catalogue fields, shared by `add` and `set`.
    struct Attributes: ParsableArguments {
        @Option(help: "The product title.") var title: String?
        @Option(
            help: OptionRanges.unitAmount.help("Unit cost, e.g. 4.20."), transform: OptionRanges.unitAmount.read)
        var cost: Money?
        @Option(
            help: OptionRanges.unitAmount.help("Selling price, e.g. 12.99."), transform: OptionRanges.unitAmount.read)
        var price: Money?
        @Option(help: "Barcode (EAN/UPC).") var barcode: String?
        @Option(help: "Category, for grouping.") var category: String?
        @Option(help: "Supplier name.") var supplier: String?
        @Option(
            name: .customLong("lead-time"), help: OptionRanges.leadTime.help("Supplier lead time.", valueName: "days"),
            transform: OptionRanges.leadTime.read)
        var leadTime: Int?
        @Option(
            name: .customLong("case-pack"),
            help: OptionRanges.casePack.help("Units per case: orders are rounded up to whole cases."),
            transform: OptionRanges.casePack.read)
        var casePack: Int?
        @Option(
            help: OptionRanges.minimumOrder.help("Minimum order quantity."), transform: OptionRanges.minimumOrder.read)
        var moq: Int?

        func applied(to base: SKU) throws -> SKU {
            var sku = base
            if let title { sku.title = title }
            if let cost { sku.unitCost = cost }
            if let price { sku.price = price }
            if let barcode { sku.barcode = barcode.isEmpty ? nil : barcode }
            if let category { sku.category = category.isEmpty ? nil : category }
            if let supplier { sku.supplier = supplier.isEmpty ? nil : supplier }
            if let leadTime { sku.leadTimeDays = leadTime }
            if let casePack { sku.casePack = casePack }
            if let moq { sku.minimumOrderQuantity = moq }
            return sku
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a SKU to the catalogue (never changes one that exists: that is `sku set`).",
            discussion: """
                Order lines waiting in the unmapped queue for a listing named like the new SKU are \
                recorded under it in the same step.
                Example: onepool sku add MUG-BLUE --title "Blue mug" --cost 3.10 --price 12 --case-pack 6
                """)

        @OptionGroup var options: StoreOptions
        @Argument(help: "The SKU code.") var code: SKUCode
        @OptionGroup var attributes: Attributes

        func run() throws {
            guard let title = attributes.title else { throw CLIError("--title is required for a new SKU") }
            let sku = try attributes.applied(to: SKU(code: code, title: title))
            let now = Clock.now()
            let (_, commit) = try options.commit { state -> (changes: [ProposedChange], result: OrderImportSummary) in
                let created = ProposedChange(.skuCreated(sku))
                var scratch = state
                let tried = Result { () throws(Refusal) in try scratch.commit(created, time: now) }
                if case .failure(let refusal) = tried { throw StoreError.refused(refusal) }
                let waiting = WaitingLinesPlan.make(created: [code], state: scratch, time: now)
                if !waiting.problems.isEmpty { throw ImportFailure(waiting.problems) }
                return ([created] + waiting.changes, waiting.summary)
            }
            say("Added SKU \(code): \(sku.title)")
            let applied = commit.result
            if applied.placed + applied.historyOnly + applied.cancelled > 0 {
                say(
                    "  applied \(applied.placed + applied.historyOnly) order line(s) that waited for \(code): "
                        + "\(applied.placed) placed, \(applied.shipped) shipped, \(applied.historyOnly) history only")
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a SKU's catalogue fields (an empty text clears one).")

        @OptionGroup var options: StoreOptions
        @Argument(help: "The SKU code.") var code: SKUCode
        @OptionGroup var attributes: Attributes

        func run() throws {
            let (_, commit) = try options.commit { state in
                guard let current = state.sku(code) else { throw StoreError.refused(.unknownSKU(code)) }
                let updated = try attributes.applied(to: current)
                return (updated == current ? [] : [ProposedChange(.skuUpdated(updated))], updated)
            }
            say(commit.appended.isEmpty ? "No change to \(code)" : "Updated SKU \(code)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the catalogue.")

        @OptionGroup var options: StoreOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let state = try options.openStore().state
            let rows = state.skuCodes.compactMap { state.sku($0).map(SKURow.init) }
            show(Output.rows(rows, format: output.format), format: output.format)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one SKU: catalogue fields, quantities and open order lines.")

        @OptionGroup var options: StoreOptions
        @OptionGroup var output: FormatOptions
        @Argument(help: "The SKU code.") var code: SKUCode

        func run() throws {
            let state = try options.openStore().state
            guard let pool = state.pools[code] else { throw StoreError.refused(.unknownSKU(code)) }
            let openLines = state.openLines.values.filter { $0.sku == code }.count
            var detail = SKUDetail(sku: pool.sku, stock: pool.stock, openOrderLines: openLines)
            if let bundle = state.bundleStock(code), let definition = state.bundles[code] {
                detail.available = bundle.available
                detail.bundleOf = definition.text
                detail.limitedBy = bundle.limiting.map { Identifier($0.sku) }
            }
            let users = state.bundles.bundles(using: code)
            if !users.isEmpty { detail.inBundles = users.joined(separator: ", ") }
            show(Output.record(detail, format: output.format), format: output.format)
        }
    }
}
