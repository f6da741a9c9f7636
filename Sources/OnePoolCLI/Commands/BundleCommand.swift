import ArgumentParser
import Foundation
import OnePoolChannels
import OnePoolCore
import OnePoolStore

struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Bundles: SKUs sold as a set of other SKUs, with no stock of their own.",
        discussion: """
            A bundle is a SKU made of components (SKU × quantity). It holds no stock: what it can \
            sell is the minimum over its components of ⌊component available / quantity⌋, and \
            selling one commits its components. An open bundle line keeps the components it took, \
            so cancelling, amending or shipping it acts on exactly those even after the recipe changes.
            One level deep: a component is an ordinary SKU, never a bundle, and a component cannot \
            become a bundle. A SKU with stock of its own (on hand, held, incoming, ...) cannot become \
            a bundle, and a bundle's own stock never moves (receive, count, adjust ... are refused). \
            A kit assembled in advance is an ordinary SKU with its own stock: assembling is a movement \
            of stock (`count` or `receive` the kits, `adjust` the parts out); OnePool has no \
            `assemble` verb yet.
            On each channel a component's allocation is shared equally between selling it alone and \
            each bundle that uses it; a bundle is offered what its scarcest share makes, and the \
            single listing gets the rest (see `onepool allocation`).
            Examples:
              onepool bundle add GIFT-SET --title "Mug and tea gift set" --price 24.00 \\
                --component MUG-BLUE:2 --component TEA-50G:1
              onepool bundle show GIFT-SET
              onepool bundle import bundles.csv      (columns: bundle,component,quantity)
            """,
        subcommands: [Add.self, Remove.self, List.self, Show.self, Import.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Define a bundle (creates its SKU with --title if it does not exist).",
            discussion: """
                QTY in --component SKU:QTY is \(Bounds.bundleQuantity.lowerBound)–\(Bounds.bundleQuantity.upperBound) \
                units of the component in one bundle.
                A bundle defined differently already is refused unless --replace: its open lines \
                keep the components they took. The same recipe again writes nothing.
                """)
        @OptionGroup var options: StoreOptions
        @Argument(help: "The bundle's SKU code.") var bundle: SKUCode
        @Option(
            name: .customLong("component"),
            help: ArgumentHelp(
                "A component as SKU:QTY, QTY its units in one bundle (at most \(Bounds.bundleQuantity.upperBound)); "
                    + "repeat for each, \(Bounds.bundleComponents.upperBound) at most.",
                valueName: "sku:qty"),
            transform: BundleCommand.component)
        var components: [BundleComponent] = []
        @Option(help: "Title, to create the bundle's SKU when it does not exist.") var title: String?
        @Option(
            help: OptionRanges.unitAmount.help("Price, when the SKU is created here."),
            transform: OptionRanges.unitAmount.read)
        var price: Money?
        @Flag(help: "Change the recipe of a bundle that exists.") var replace = false

        func validate() throws {
            guard !components.isEmpty else {
                throw ValidationError("give at least one --component SKU:QTY, e.g. --component MUG-BLUE:2")
            }
        }

        func run() throws {
            let definition = BundleDefinition(code: bundle, components: components)
            let (_, commit) = try options.commit { state in
                var changes: [ProposedChange] = []
                if state.pools[bundle] == nil {
                    guard let title else {
                        throw CLIError(
                            "no SKU \(bundle): give --title (and --price) to create it as a bundle, or add it with "
                                + "`onepool sku add \(bundle) --title ...`; nothing was written")
                    }
                    changes.append(
                        ProposedChange(.skuCreated(SKU(code: bundle, title: title, price: price ?? Money(cents: 0)))))
                }
                if let current = state.bundles[bundle], current != definition, !replace {
                    throw CLIError(
                        "bundle \(bundle) is \(current.text) already, not \(definition.text): give --replace to change "
                            + "its recipe (open lines keep what they took); nothing was written")
                }
                changes.append(ProposedChange(.bundles(.defined(definition))))
                return (changes, state.bundles[bundle] != nil)
            }
            if commit.appended.isEmpty {
                say("Bundle \(bundle) is \(definition.text) already (nothing written)")
            } else {
                say((commit.result ? "Bundle \(bundle) is now " : "Bundle \(bundle) = ") + definition.text)
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a bundle an ordinary SKU again (its open lines keep their components).")
        @OptionGroup var options: StoreOptions
        @Argument(help: "The bundle's SKU code.") var bundle: SKUCode

        func run() throws {
            let (_, appended) = try options.commitOne(.bundles(.removed(code: bundle)))
            say(appended ? "\(bundle) is no longer a bundle" : "\(bundle) is not a bundle (nothing written)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every bundle: its components, what it can sell, and the limiting component.")
        @OptionGroup var options: StoreOptions
        @OptionGroup var output: FormatOptions

        func run() throws {
            let state = try options.openStore().state
            let rows = state.bundles.sorted.compactMap { definition -> BundleRow? in
                guard let stock = state.bundleStock(definition.code) else { return nil }
                return BundleRow(
                    bundle: Identifier(definition.code), title: state.sku(definition.code)?.title ?? "",
                    components: definition.text, available: stock.available,
                    limiting: Identifier(stock.limiting?.sku ?? ""))
            }
            show(Output.rows(rows, format: output.format), format: output.format)
            if output.format == .table && rows.isEmpty {
                Console.note("No bundles yet: `onepool bundle add CODE --component SKU:QTY ...`")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One bundle: each component's available and how many bundles it makes, and each channel's offer.")
        @OptionGroup var options: StoreOptions
        @OptionGroup var output: FormatOptions
        @Argument(help: "The bundle's SKU code.") var bundle: SKUCode

        func run() throws {
            let state = try options.openStore().state
            guard state.pools[bundle] != nil else { throw StoreError.refused(.unknownSKU(bundle)) }
            guard let stock = state.bundleStock(bundle) else {
                throw StoreError.refused(.notABundle(bundle))
            }
            let allocation = state.allocation(of: bundle)
            let document = BundleDocument(
                bundle: Identifier(bundle), title: state.sku(bundle)?.title ?? "", available: stock.available,
                limiting: Identifier(stock.limiting?.sku ?? ""),
                components: stock.parts.map {
                    BundlePartRow(
                        component: Identifier($0.sku), quantity: $0.quantity, available: $0.available,
                        makes: $0.bundles,
                        limiting: $0.sku == stock.limiting?.sku)
                },
                channels: (allocation?.shares ?? []).map {
                    BundleChannelRow(channel: Identifier($0.channel), offered: $0.allocation, open: $0.committed)
                })
            if output.format == .table {
                say(
                    "\(bundle) — \(document.title): available \(stock.available)"
                        + (stock.limiting.map { " (limited by \($0.sku))" } ?? ""))
                say(Output.rows(document.components, format: .table))
                say(Output.rows(document.channels, format: .table))
            } else {
                show(Output.record(document, format: output.format), format: output.format)
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bundle definitions from a CSV: all or nothing.",
            discussion: """
                Columns bundle,component,quantity (a header line; one row per component; other \
                columns are ignored). Every problem is reported as file:line:column, and nothing is \
                written unless the whole file is good. A bundle the store defines differently is a \
                conflict unless --replace; the same recipe again writes nothing.
                """)
        @OptionGroup var options: StoreOptions
        @Argument(help: "The CSV file.") var file: String
        @Flag(help: "Change the recipe of bundles that exist.") var replace = false

        func run() throws {
            let table = try readDelimited(file)
            let definitions = try BundleFileReader.read(table)
            let column = { (name: String) in (table.column(name) ?? 0) + 1 }
            let (_, commit) = try options.commit { state in
                let plan = try BundleImportPlan.make(
                    definitions, state: state, file: file, replace: replace, column: column)
                return (plan.changes, plan)
            }
            let plan = commit.result
            say(
                "\(file): \(plan.changes.count - plan.replaced.count) bundle(s) defined, \(plan.replaced.count) replaced, "
                    + "\(plan.unchanged.count) unchanged")
        }
    }

    /// "MUG-BLUE:2" → a component; the quantity's range is checked here, where it is read.
    static func component(_ text: String) throws -> BundleComponent {
        guard let colon = text.lastIndex(of: ":") else {
            throw ValidationError("'\(text)' is not a component: expected SKU:QTY, e.g. MUG-BLUE:2")
        }
        let sku = String(text[..<colon])
        let quantityText = String(text[text.index(after: colon)...])
        guard let quantity = Int(quantityText), Bounds.bundleQuantity.contains(quantity) else {
            throw ValidationError(
                "'\(quantityText)' in '\(text)' is not a quantity: expected "
                    + "\(Bounds.bundleQuantity.lowerBound)–\(Bounds.bundleQuantity.upperBound) units per bundle")
        }
        guard !sku.isEmpty else { throw ValidationError("'\(text)' names no SKU: expected SKU:QTY, e.g. MUG-BLUE:2") }
        return BundleComponent(sku: SKUCode(sku), quantity: quantity)
    }
}
