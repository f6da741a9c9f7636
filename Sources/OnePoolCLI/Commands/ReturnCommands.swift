import ArgumentParser
import OnePoolCore
import OnePoolStore

/// `onepool return`: a customer sent units of a shipped line back. They arrive awaiting
/// inspection — on hand but unsellable, with the reason — until `onepool inspect` decides.
struct ReturnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "return",
        abstract: "Record units a customer sent back (on hand, unsellable until inspected).",
        discussion: """
            The units must have shipped on that line: never more come back than shipped, over \
            every return of the line. Without --line, the order's first shipped line of the SKU \
            with enough units still returnable takes the return.
            Idempotent by channel + order + line + return id: the same return again changes \
            nothing; the same return id with another SKU, quantity or reason is refused. A line \
            returned twice (two parcels, two RMAs) needs a --return-id for each.
            Then inspect: `onepool inspect SKU QTY --restock` puts units back on sale,
            `onepool inspect SKU QTY --unsellable --reason R` writes them off (they stay on hand
            as unsellable). `onepool returns` lists the queue and return rates.
            A bundle's line comes back as the components it took when it was sold (even if the \
            bundle was redefined or removed since): QTY counts bundles, and each component's \
            units await inspection as that SKU's own (inspect MUG-BLUE, not the bundle).
            Examples:
              onepool return --channel amazon --order 113-2231 MUG-BLUE 1 --reason defective
              onepool return --channel shopify --order 1001 --line 2 TEE-M 1 --return-id R-77
            """)

    @OptionGroup var options: StoreOptions
    @Option(help: "The channel the order was placed on.") var channel: ChannelName
    @Option(help: "The channel's order id.") var order: String
    @Option(
        help: OptionRanges.orderLine.help("Line number within the order (default: found by SKU)."),
        transform: OptionRanges.orderLine.read)
    var line: Int?
    @Argument(help: "The SKU code.") var sku: SKUCode
    @Argument(
        help: OptionRanges.units.help("Units that came back (of a bundle: bundles)."),
        transform: OptionRanges.units.read)
    var quantity: Int
    @Option(help: "Why the customer returned it (default: \"\(Self.noReason)\").") var reason: String?
    @Option(name: .customLong("return-id"), help: "The channel's return id (an RMA): one per return of a line.")
    var returnID: String?

    static let noReason = "no reason given"

    private enum Outcome {
        case recorded(ReturnedLine)
        case repeated(ReturnedLine)
    }

    func run() throws {
        let now = Clock.now()
        let (store, commit) = try options.commit(as: .recorder) { state -> ([ProposedChange], Outcome) in
            func returned(_ number: Int) -> ReturnedLine {
                ReturnedLine(
                    id: OrderLineID(channel: channel, order: order, line: number), returnID: returnID ?? "", sku: sku,
                    quantity: quantity, reason: reason ?? Self.noReason, time: now)
            }
            let found = state.lineForReturn(channel: channel, order: order, sku: sku, quantity: quantity, returned)
            let number =
                try line ?? found ?? Self.noLine(sku, quantity: quantity, channel: channel, order: order, in: state)
            let returned = returned(number)
            switch state.report(returned) {
            case .unchanged: return ([], .repeated(returned))
            case .new, .conflict:
                // A conflict is refused by the check, naming the line and the return id.
                return (
                    [ProposedChange(.returns(.arrived(returned)), idempotencyKey: returned.key)], .recorded(returned)
                )
            }
        }
        switch commit.result {
        case .repeated(let returned):
            say("Already recorded: return \(Self.name(returned)) (nothing changed)")
        case .recorded(let returned):
            if let components = store.state.returns.shipped[returned.id]?.components {
                Self.sayBundleReturn(returned, components: components, in: store.state)
                return
            }
            printStock(
                store, sku,
                "Returned \(quantity) × \(sku) from \(Self.name(returned)): awaiting inspection — \(returned.reason)")
            say("  inspect with `onepool inspect \(sku) \(quantity) --restock` or `--unsellable --reason ...`")
        }
    }

    /// A bundle came back as the components its line took: each awaits inspection as its own SKU.
    static func sayBundleReturn(_ returned: ReturnedLine, components: [BundleComponent], in state: StockState) {
        say(
            "Returned \(returned.quantity) × \(returned.sku) (a bundle) from \(name(returned)): its components "
                + "await inspection — \(returned.reason)")
        for component in components {
            let units = returned.quantity.multipliedClamped(by: component.quantity)
            say("  \(component.sku): \(units) back" + (state.stock(component.sku).map { " · \($0.summary)" } ?? ""))
        }
        let first = components.first.map { "\($0.sku) \(returned.quantity.multipliedClamped(by: $0.quantity))" } ?? ""
        say("  inspect each component: `onepool inspect \(first) --restock` or `--unsellable --reason ...`")
    }

    static func name(_ returned: ReturnedLine) -> String {
        "\(returned.id)" + (returned.returnID.isEmpty ? "" : " (\(returned.returnID))")
    }

    /// Why no line of the order can take the return (`lineForReturn` found none).
    static func noLine(_ sku: SKUCode, quantity: Int, channel: ChannelName, order: String, in state: StockState) throws
        -> Int
    {
        guard state.channels[channel] != nil else { throw StoreError.refused(.unknownChannel(channel)) }
        guard state.pools[sku] != nil else { throw StoreError.refused(.unknownSKU(sku)) }
        let lines = state.returns.shippedLines(channel: channel, order: order, sku: sku)
        guard let first = lines.first else {
            let open = state.openLines(channel: channel, order: order).filter { $0.1.sku == sku }
            throw CLIError(
                "order \(order) on \(channel) has no shipped line of \(sku)"
                    + (open.isEmpty ? "" : " (line \(open[0].0.line) is open: it has not shipped; cancel it instead)")
                    + "; nothing was written. Check the order with `onepool log --kind order-shipped`, or give --line")
        }
        let shipped = lines.reduce(0) { $0 + $1.1.shipped }
        let returned = lines.reduce(0) { $0 + $1.1.returned }
        throw CLIError(
            "order \(order) on \(channel) shipped \(shipped) × \(sku) and \(returned) came back already: "
                + "at most \(lines.map(\.1.returnable).max() ?? 0) more may come back on one line, not \(quantity); "
                + "nothing was written (line \(first.0)\(lines.count > 1 ? " and others" : ""))")
    }
}

/// `onepool inspect`: decides what becomes of returned units awaiting inspection.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Restock returned units awaiting inspection, or write them off as unsellable.",
        discussion: """
            Takes the SKU's oldest returns first. --restock makes the units sellable again; \
            --unsellable writes them off: they stay on hand as unsellable (to dispose of or send \
            back; `onepool adjust` removes them), no longer awaiting inspection. At most the units \
            awaiting inspection may be inspected (see `onepool returns --awaiting`).
            Examples:
              onepool inspect MUG-BLUE 2 --restock
              onepool inspect MUG-BLUE 1 --unsellable --reason "cracked handle"
            """)

    enum Decision: String, EnumerableFlag {
        case restock, unsellable

        static func help(for value: Decision) -> ArgumentHelp? {
            switch value {
            case .restock: "The units are fit to sell: they become sellable."
            case .unsellable: "The units are not fit to sell: written off, kept as unsellable (needs --reason)."
            }
        }
    }

    @OptionGroup var options: StoreOptions
    @Argument(help: "The SKU code.") var sku: SKUCode
    @Argument(help: OptionRanges.units.help("Units inspected."), transform: OptionRanges.units.read) var quantity: Int
    @Flag var decision: Decision
    @Option(help: "Why (required with --unsellable).") var reason: String?

    func run() throws {
        let change: ReturnChange
        switch decision {
        case .restock: change = .restocked(sku: sku, quantity: quantity, reason: reason)
        case .unsellable:
            guard let reason else {
                throw ValidationError("--unsellable needs --reason \"...\": a write-off is audited")
            }
            change = .writtenOff(sku: sku, quantity: quantity, reason: reason)
        }
        let (store, _) = try options.commitOne(.returns(change), as: .recorder)
        let left = store.state.returns.awaitingUnits(sku)
        printStock(
            store, sku,
            (decision == .restock ? "Restocked \(quantity) × \(sku)" : "Wrote off \(quantity) × \(sku) (unsellable)")
                + "; \(left) still awaiting inspection")
    }
}
