import ArgumentParser
import OnePoolCore
import OnePoolStore

struct SellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sell",
        abstract: "Record a sale that already happened on a channel (its units become committed).",
        discussion: """
            Idempotent by channel + order + line: recording the same line twice changes nothing. \
            The same line with another SKU, quantity or --price is refused, naming both versions, \
            unless --amend says the order was edited: then the change is recorded as an amendment \
            (an open line's committed units move to the new version). Without --price the price \
            is not compared. A sale beyond what is available is still recorded — it happened — and \
            reported as an oversell.
            Examples:
              onepool sell --channel amazon --order 113-2231 MUG-BLUE 2
              onepool sell --channel amazon --order 113-2231 MUG-BLUE 3 --amend
            """)

    @OptionGroup var options: StoreOptions
    @Option(help: "The channel the sale happened on.") var channel: ChannelName
    @Option(help: "The channel's order id.") var order: String
    @Option(
        help: OptionRanges.orderLine.help("Line number within the order.", default: 1),
        transform: OptionRanges.orderLine.read)
    var line: Int = 1
    @Option(
        help: OptionRanges.unitAmount.help("Unit price (default: the SKU's price)."),
        transform: OptionRanges.unitAmount.read)
    var price: Money?
    @Flag(help: "The line was recorded before and the order was edited: record the new version as an amendment.")
    var amend = false
    @Argument(help: "The SKU code.") var sku: SKUCode
    @Argument(help: OptionRanges.units.help("Units sold."), transform: OptionRanges.units.read) var quantity: Int

    private enum Outcome {
        case sold, repeated
        case amended(OrderAmendment)
    }

    func run() throws {
        let id = OrderLineID(channel: channel, order: order, line: line)
        let unitPrice = price
        let now = Clock.now()
        let (store, commit) = try options.commit(as: .recorder) { state -> ([ProposedChange], Outcome) in
            let facts = OrderLineFacts(
                id: id, sku: sku, quantity: quantity, unitPrice: unitPrice ?? state.sku(sku)?.price ?? .zero, time: now)
            switch state.report(facts, priceGiven: unitPrice != nil, source: "sell") {
            case .new:
                return ([ProposedChange(.orderPlaced(facts), idempotencyKey: OrderKeys.placed(id))], .sold)
            case .unchanged:
                return ([], .repeated)
            case .changed(let amendment):
                guard amend else { throw CLIError(Self.conflict(amendment, in: state)) }
                return ([ProposedChange(.orderAmended(amendment))], .amended(amendment))
            }
        }
        switch commit.result {
        case .repeated:
            say("Already recorded: \(id) (nothing changed)")
        case .amended(let amendment):
            printStock(store, sku, "Amended \(id): \(amendment.summary)")
        case .sold:
            printStock(store, sku, "Sold \(quantity) × \(sku) on \(channel) (\(id))")
        }
        if case .repeated = commit.result { return }
        if let stock = store.state.stock(sku), stock.isOversold {
            Console.warn(
                "OVERSOLD: \(sku) has \(-stock.unreserved) unit(s) committed beyond its sellable stock (on hand "
                    + "\(stock.onHand) − held \(stock.held) − unsellable \(stock.unsellable))")
        }
    }

    /// The refusal naming both versions of the line.
    private static func conflict(_ amendment: OrderAmendment, in state: StockState) -> String {
        let id = amendment.id
        let recorded: String
        if let before = amendment.before {
            recorded = "\(OrderAmendment.version(before)) (open)"
        } else {
            let how =
                state.hasSeen(idempotencyKey: OrderKeys.shipped(id))
                ? "shipped"
                : state.hasSeen(idempotencyKey: OrderKeys.cancelled(id)) ? "cancelled" : "closed"
            recorded = "other facts (the line is \(how), and OnePool keeps only a digest of a closed line's facts)"
        }
        return "order line \(id) was recorded as \(recorded); "
            + "this sale says \(OrderAmendment.version(amendment.after)). "
            + "If the order was edited, give --amend to record the change; nothing was written"
    }
}

/// Thrown by `reserve` when the channel's allocation cannot cover the request; nothing is recorded.
struct ReservationRefused: Error {
    var available: Int
    var allocation: Int
}

struct ReserveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reserve",
        abstract: "Atomically commit units to a channel only if its allocation covers them.",
        discussion: """
            Grants (exit 0) only if the channel's allocation of the SKU covers the quantity (see \
            `onepool allocation`), and records it as an open order line; otherwise refuses (exit 3) and \
            records nothing. Safe from many processes at once: two reservations for the last unit can \
            never both succeed, and a channel never gets past its cap.
            Example: onepool reserve --channel shopify MUG-BLUE 1
            """)

    @OptionGroup var options: StoreOptions
    @Option(help: "The channel asking for the units.") var channel: ChannelName
    @Option(help: "Order id to record (default: R<sequence>). With an id, repeating the call is idempotent.") var order:
        String?
    @Option(
        help: OptionRanges.orderLine.help("Line number within the order.", default: 1),
        transform: OptionRanges.orderLine.read)
    var line: Int = 1
    @Argument(help: "The SKU code.") var sku: SKUCode
    @Argument(help: OptionRanges.units.help("Units wanted."), transform: OptionRanges.units.read) var quantity: Int

    func run() throws {
        let now = Clock.now()
        do {
            let (_, commit) = try options.commit(as: .recorder) { state -> ([ProposedChange], OrderLineID) in
                let id = OrderLineID(channel: channel, order: order ?? "R\(state.lastSequence + 1)", line: line)
                let key = order == nil ? nil : OrderKeys.placed(id)
                if let key, state.hasSeen(idempotencyKey: key) {
                    let asked = OrderLineFacts(id: id, sku: sku, quantity: quantity, unitPrice: .zero, time: now)
                    if case .changed(let amendment) = state.report(asked, priceGiven: false, source: "reserve") {
                        throw CLIError(
                            "order line \(id) was reserved with other facts; this asks \(quantity) × \(sku)"
                                + (amendment.before.map { " (it holds \($0.quantity) × \($0.sku))" } ?? "")
                                + ": reserve under a new order id, or record the edit with `onepool sell ... --amend`; "
                                + "nothing was written")
                    }
                    return ([], id)
                }
                if let stock = state.stock(sku), state.channels[channel] != nil, quantity > 0 {
                    let allocation = state.allocation(of: sku)?.share(of: channel)?.allocation ?? 0
                    if allocation < quantity {
                        throw ReservationRefused(available: stock.available, allocation: allocation)
                    }
                }
                let facts = OrderLineFacts(
                    id: id, sku: sku, quantity: quantity, unitPrice: state.sku(sku)?.price ?? .zero, time: now)
                return ([ProposedChange(.orderPlaced(facts), idempotencyKey: key)], id)
            }
            if commit.appended.isEmpty {
                say("Already reserved: \(commit.result) (nothing changed)")
            } else {
                say(
                    "Reserved \(quantity) × \(sku) for \(channel) as order \(commit.result.order) line \(commit.result.line)"
                )
            }
        } catch let refused as ReservationRefused {
            Console.note(
                "Refused: \(quantity) × \(sku) wanted by \(channel), whose allocation is \(refused.allocation) "
                    + "(\(max(0, refused.available)) available in the pool). Nothing recorded.")
            throw ExitCode(3)
        }
    }
}

/// `cancel` and `ship` close open lines of an order: one line, or every open line.
struct OrderLineTarget: ParsableArguments {
    @Option(help: "The channel.") var channel: ChannelName
    @Option(help: "The channel's order id.") var order: String
    @Option(
        help: OptionRanges.orderLine.help("Only this line (default: every open line of the order)."),
        transform: OptionRanges.orderLine.read)
    var line: Int?

    /// The changes closing the targeted lines; keys already seen mean the work was done before.
    func changes(
        in state: StockState, now: Timestamp, key: (OrderLineID) -> String, change: (OrderLineFacts) -> Change
    ) throws -> [ProposedChange] {
        var open = state.openLines(channel: channel, order: order)
        if let line { open = open.filter { $0.0.line == line } }
        if open.isEmpty {
            let id = OrderLineID(channel: channel, order: order, line: line ?? 1)
            if state.hasSeen(idempotencyKey: key(id)) { return [] }
            if state.channels[channel] == nil { throw StoreError.refused(.unknownChannel(channel)) }
            if line != nil { throw StoreError.refused(.unknownOrderLine(id)) }
            throw StoreError.refused(.noOpenLines(channel: channel, order: order))
        }
        return open.map { id, line in
            let facts = OrderLineFacts(
                id: id, sku: line.sku, quantity: line.quantity, unitPrice: line.unitPrice, time: now)
            return ProposedChange(change(facts), idempotencyKey: key(id))
        }
    }
}

struct CancelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel open order lines: their committed units become available again.",
        discussion: "Example: onepool cancel --channel ebay --order 22-0193")

    @OptionGroup var options: StoreOptions
    @OptionGroup var target: OrderLineTarget

    func run() throws {
        let now = Clock.now()
        let (_, commit) = try options.commit(as: .recorder) { state in
            (try target.changes(in: state, now: now, key: OrderKeys.cancelled, change: Change.orderCancelled), ())
        }
        report(commit.appended, verb: "Cancelled")
    }
}

struct ShipCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ship",
        abstract: "Mark open order lines shipped: their units leave on hand and committed.",
        discussion: "Example: onepool ship --channel shopify --order 1042 --line 2")

    @OptionGroup var options: StoreOptions
    @OptionGroup var target: OrderLineTarget

    func run() throws {
        let now = Clock.now()
        let (_, commit) = try options.commit(as: .recorder) { state in
            (try target.changes(in: state, now: now, key: OrderKeys.shipped, change: Change.orderShipped), ())
        }
        report(commit.appended, verb: "Shipped")
    }
}

private func report(_ events: [Event], verb: String) {
    if events.isEmpty {
        say("Already done (nothing changed)")
        return
    }
    for event in events {
        switch event.change {
        case .orderCancelled(let line), .orderShipped(let line):
            say("\(verb) \(line.id): \(line.quantity) × \(line.sku)")
        default:
            break
        }
    }
}
