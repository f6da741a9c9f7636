import OnePoolCore

/// Proposes random but plausible changes against a state: the raw material of property tests.
/// Some proposals are invalid on purpose (shipping more than is open, holding too much) so the
/// checks are exercised too; callers keep only what `StockState.check` accepts.
public struct RandomChanges {
    public var random: SplitMix64
    private var orderNumber = 0
    /// Lines proposed so far, open or closed: what an amendment may name.
    private var lineIDs: [OrderLineID] = []
    public let skus: [SKUCode]
    public let channels: [ChannelName]
    /// Bundle SKUs of the stream (empty unless asked for): sold, redefined and removed at random.
    public let bundles: [SKUCode]

    public init(
        seed: UInt64, skus: Int = 5, channels: [ChannelName] = ["shopify", "amazon", "ebay", "wholesale"],
        bundles: Int = 0
    ) {
        random = SplitMix64(seed: seed)
        self.skus = (0..<skus).map { SKUCode("SKU-\($0)") }
        self.channels = channels
        self.bundles = (0..<bundles).map { SKUCode("BUN-\($0)") }
    }

    /// The catalogue and channels every stream starts with.
    public func setup() -> [ProposedChange] {
        channels.map {
            ProposedChange(.channelAdded(Channel(name: $0, kind: ChannelKind(rawValue: $0.rawValue) ?? .other)))
        }
            + skus.enumerated().map { index, code in
                ProposedChange(
                    .skuCreated(
                        SKU(code: code, title: "Item \(index)", unitCost: Money(cents: 250), price: Money(cents: 999))))
            }
            + bundles.enumerated().map { index, code in
                ProposedChange(
                    .skuCreated(
                        SKU(code: code, title: "Kit \(index)", unitCost: Money(cents: 700), price: Money(cents: 2999))))
            }
            + bundles.enumerated().map { index, code in
                ProposedChange(
                    .bundles(
                        .defined(
                            BundleDefinition(
                                code: code,
                                components: [
                                    BundleComponent(sku: skus[index % skus.count], quantity: 1 + index),
                                    BundleComponent(sku: skus[(index + 1) % skus.count], quantity: 2),
                                ]))))
            }
            + [
                ProposedChange(
                    .purchasing(
                        .supplierSet(Supplier(code: "ACME", name: "Acme", leadTimeDays: 10, minimumOrderUnits: 12)))),
                ProposedChange(.purchasing(.approverSet(user: "ana", limit: Money(cents: 1_000_000)))),
            ]
    }

    public mutating func next(in state: StockState, time: Timestamp) -> ProposedChange {
        if !bundles.isEmpty && Int.random(in: 0..<100, using: &random) < 20 {
            return bundleChange(in: state, time: time)
        }
        let sku = skus[Int.random(in: 0..<skus.count, using: &random)]
        let quantity = Int.random(in: 1...6, using: &random)
        let stock = state.stock(sku) ?? StockLevel()
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<12:
            return ProposedChange(
                .received(
                    sku: sku, quantity: quantity * 5, reference: nil, fromIncoming: min(stock.incoming, quantity * 5)))
        case 12..<16:
            return ProposedChange(.incomingChanged(sku: sku, delta: quantity * 10, reference: "PO-\(orderNumber)"))
        case 16..<19:
            return ProposedChange(
                .counted(
                    sku: sku, quantity: max(0, stock.onHand + Int.random(in: -2...2, using: &random)), reason: "count"))
        case 19..<22:
            return ProposedChange(.adjusted(sku: sku, delta: Int.random(in: -3...3, using: &random), reason: "fix"))
        case 22..<25: return ProposedChange(.held(sku: sku, quantity: quantity, reason: "promise"))
        case 25..<28: return ProposedChange(.released(sku: sku, quantity: quantity, reason: nil))
        case 28..<30: return ProposedChange(.markedUnsellable(sku: sku, quantity: 1, reason: "damaged"))
        case 30..<32: return ProposedChange(.restored(sku: sku, quantity: 1, reason: nil))
        case 32..<34: return ProposedChange(.safetySet(sku: sku, quantity: Int.random(in: 0...4, using: &random)))
        case 58..<62:
            return amendment(sku: sku, quantity: quantity, time: time, state: state)
        case 34..<58:
            orderNumber += 1
            let channel = channels[Int.random(in: 0..<channels.count, using: &random)]
            let facts = OrderLineFacts(
                id: OrderLineID(channel: channel, order: "\(orderNumber)", line: 1), sku: sku, quantity: quantity,
                unitPrice: Money(cents: 999), time: time)
            // Now and then the same line again, to exercise idempotency.
            let repeatLine = orderNumber > 1 && Int.random(in: 0..<10, using: &random) == 0
            let id = repeatLine ? OrderLineID(channel: channel, order: "\(orderNumber - 1)", line: 1) : facts.id
            lineIDs.append(id)
            return ProposedChange(
                .orderPlaced(
                    OrderLineFacts(id: id, sku: sku, quantity: quantity, unitPrice: facts.unitPrice, time: time)),
                idempotencyKey: OrderKeys.placed(id))
        case 86..<90:
            return returnChange(sku: sku, quantity: quantity, time: time, state: state)
        case 62..<86, 90..<94:
            guard
                let (id, line) = state.openLines.sorted(by: { $0.key.order < $1.key.order }).first(where: { _ in
                    Int.random(in: 0..<3, using: &random) == 0
                }) ?? state.openLines.first.map({ ($0.key, $0.value) })
            else {
                return ProposedChange(.received(sku: sku, quantity: quantity, reference: nil, fromIncoming: 0))
            }
            let part = Int.random(in: 1...line.quantity, using: &random)
            let facts = OrderLineFacts(id: id, sku: line.sku, quantity: part, unitPrice: line.unitPrice, time: time)
            return Int.random(in: 0..<4, using: &random) == 0
                ? ProposedChange(.orderCancelled(facts)) : ProposedChange(.orderShipped(facts))
        case 96..<98:
            return channelChange(sku: sku, quantity: quantity, time: time, state: state)
        case 94..<96, 98:
            return purchasingChange(sku: sku, quantity: quantity, time: time, state: state)
        default:
            orderNumber += 1
            let facts = OrderLineFacts(
                id: OrderLineID(channel: "shopify", order: "r\(orderNumber)", line: 1), sku: sku, quantity: 1,
                unitPrice: Money(cents: 999), time: time)
            return ProposedChange(.orderReturned(facts, restocked: Bool.random(using: &random)))
        }
    }

    /// A customer return of a shipped line (now and then more than shipped, or a repeat with
    /// other facts: refused), or an inspection of units awaiting it (now and then too many).
    private mutating func returnChange(sku: SKUCode, quantity: Int, time: Timestamp, state: StockState)
        -> ProposedChange
    {
        if Int.random(in: 0..<3, using: &random) == 0 {
            let awaiting = state.returns.awaiting.keys.sorted()
            let code = awaiting.isEmpty ? sku : awaiting[Int.random(in: 0..<awaiting.count, using: &random)]
            let units = min(Int.random(in: 1...3, using: &random), max(1, state.returns.awaitingUnits(code) + 1))
            return Bool.random(using: &random)
                ? ProposedChange(.returns(.restocked(sku: code, quantity: units, reason: nil)))
                : ProposedChange(.returns(.writtenOff(sku: code, quantity: units, reason: "damaged")))
        }
        // The table keeps no ids (only their digests): the stream's own lines that shipped.
        var seen: Set<OrderLineID> = []
        let shipped = lineIDs.filter { seen.insert($0).inserted && state.returns.shipped[$0] != nil }
        guard !shipped.isEmpty else {
            return ProposedChange(.received(sku: sku, quantity: quantity, reference: nil, fromIncoming: 0))
        }
        let id = shipped[Int.random(in: 0..<shipped.count, using: &random)]
        let line = state.returns.shipped[id] ?? ShippedLine(sku: sku, shipped: 1, returned: 0)
        let units = Int.random(in: 1...(line.returnable + 1), using: &random)
        let returned = ReturnedLine(
            id: id, returnID: "RMA-\(Int.random(in: 0..<3, using: &random))", sku: line.sku, quantity: units,
            reason: ["defective", "changed mind"][Int.random(in: 0..<2, using: &random)], time: time)
        return ProposedChange(.returns(.arrived(returned)), idempotencyKey: returned.key)
    }

    /// A bundle sold (mostly), redefined with other components, removed, or a refused
    /// definition (a bundle inside a bundle, a stock movement of a bundle).
    private mutating func bundleChange(in state: StockState, time: Timestamp) -> ProposedChange {
        let bundle = bundles[Int.random(in: 0..<bundles.count, using: &random)]
        switch Int.random(in: 0..<20, using: &random) {
        case 0..<14:
            orderNumber += 1
            let channel = channels[Int.random(in: 0..<channels.count, using: &random)]
            let id = OrderLineID(channel: channel, order: "b\(orderNumber)", line: 1)
            lineIDs.append(id)
            let facts = OrderLineFacts(
                id: id, sku: bundle, quantity: Int.random(in: 1...3, using: &random), unitPrice: Money(cents: 2999),
                time: time)
            return ProposedChange(.orderPlaced(facts), idempotencyKey: OrderKeys.placed(id))
        case 14..<17:
            var parts: [BundleComponent] = []
            for sku in skus where Int.random(in: 0..<3, using: &random) == 0 {
                parts.append(BundleComponent(sku: sku, quantity: Int.random(in: 1...3, using: &random)))
            }
            if parts.isEmpty { parts = [BundleComponent(sku: skus[0], quantity: 1)] }
            return ProposedChange(.bundles(.defined(BundleDefinition(code: bundle, components: parts))))
        case 17:
            return ProposedChange(.bundles(.removed(code: bundle)))
        case 18:
            let other = bundles[Int.random(in: 0..<bundles.count, using: &random)]
            return ProposedChange(
                .bundles(
                    .defined(
                        BundleDefinition(
                            code: bundle,
                            components: [
                                BundleComponent(sku: other, quantity: 1), BundleComponent(sku: skus[0], quantity: 1),
                            ]))))
        default:
            return ProposedChange(.received(sku: bundle, quantity: 5, reference: nil, fromIncoming: 0))
        }
    }

    /// A line reported again with another quantity, SKU or price — open lines mostly, closed ones
    /// now and then — amended as `StockState.report` says (a repeat of the same facts falls back
    /// to a receipt, so every proposal changes something).
    private mutating func amendment(sku: SKUCode, quantity: Int, time: Timestamp, state: StockState) -> ProposedChange {
        let open = state.openLines.keys.sorted { ($0.channel, $0.order, $0.line) < ($1.channel, $1.order, $1.line) }
        let pickOpen = !open.isEmpty && Int.random(in: 0..<4, using: &random) != 0
        let id: OrderLineID? =
            pickOpen
            ? open[Int.random(in: 0..<open.count, using: &random)]
            : lineIDs.isEmpty ? nil : lineIDs[Int.random(in: 0..<lineIDs.count, using: &random)]
        let receipt = ProposedChange(.received(sku: sku, quantity: quantity, reference: nil, fromIncoming: 0))
        guard let id else { return receipt }
        let current = state.openLines[id]
        var facts = OrderLineFacts(
            id: id, sku: current?.sku ?? sku, quantity: current?.quantity ?? quantity,
            unitPrice: current?.unitPrice ?? Money(cents: 999), time: time)
        switch Int.random(in: 0..<4, using: &random) {
        case 0: facts.sku = sku
        case 1: facts.unitPrice = Money(cents: 999 - Int64(quantity) * 50)
        default: facts.quantity = quantity
        }
        let report = state.report(facts, source: "stream:\(orderNumber)")
        guard case .changed(let amendment) = report else { return receipt }
        return ProposedChange(.orderAmended(amendment))
    }

    /// The channel-side facts: settings, listing mappings, parked and history-only lines, as-of
    /// counts and publishes; and now and then the store's settings (one in ten out of range, refused).
    private mutating func channelChange(sku: SKUCode, quantity: Int, time: Timestamp, state: StockState)
        -> ProposedChange
    {
        let channel = channels[Int.random(in: 0..<channels.count, using: &random)]
        let listing = "L-\(Int.random(in: 0..<4, using: &random))"
        orderNumber += 1
        let id = OrderLineID(channel: channel, order: "p\(orderNumber)", line: 1)
        switch Int.random(in: 0..<7, using: &random) {
        case 0:
            let cap: ChannelRule.Cap? = [nil, .units(quantity * 3), .percent(quantity * 10)][
                Int.random(in: 0..<3, using: &random)]
            let rule = ChannelRule(
                priority: Int.random(in: 1...4, using: &random), floor: Int.random(in: 0...3, using: &random), cap: cap,
                enabled: Int.random(in: 0..<5, using: &random) != 0)
            return ProposedChange(
                .channelConfigured(name: channel, settings: ChannelSettings(rule: rule, format: .generic)))
        case 1:
            return ProposedChange(
                .listingMapped(ListingKey(channel: channel, listing: listing), ListingMapping(sku: sku, pack: quantity))
            )
        case 2:
            let status: LineStatus = [.open, .shipped, .cancelled][Int.random(in: 0..<3, using: &random)]
            let line = ParkedLine(
                id: id, listing: "U-\(listing)", quantity: quantity, unitPrice: Money(cents: 500), placedAt: time,
                status: status, statusTime: status == .open ? nil : time)
            return ProposedChange(.orderParked(line), idempotencyKey: "park:\(id)")
        case 3:
            let facts = OrderLineFacts(id: id, sku: sku, quantity: quantity, unitPrice: Money(cents: 999), time: time)
            lineIDs.append(id)
            return ProposedChange(.demandRecorded(facts), idempotencyKey: OrderKeys.placed(id))
        case 4:
            let onHand = state.stock(sku)?.onHand ?? 0
            return ProposedChange(
                .countedAsOf(sku: sku, quantity: max(0, onHand + quantity - 3), asOf: time, reason: "import"))
        case 5:
            let inRange = Int.random(in: 0..<10, using: &random) != 0
            return ProposedChange(
                .storeSettingsSet(
                    StoreSettings(
                        horizonDays: inRange ? Int.random(in: 1...365, using: &random) : 366,
                        cancellationPenalty: Money(cents: Int64.random(in: 0...2_000, using: &random)),
                        carryingRateBasisPoints: Int.random(in: 0...10_000, using: &random),
                        defaultMarginBasisPoints: Int.random(in: 0...10_000, using: &random))))
        default:
            return ProposedChange(.published(ListingKey(channel: channel, listing: sku.rawValue), quantity: quantity))
        }
    }

    /// Purchase orders moving through their life: drafted, edited, approved, sent, received,
    /// closed or cancelled (some proposals are refused by the state machine, on purpose).
    private mutating func purchasingChange(sku: SKUCode, quantity: Int, time: Timestamp, state: StockState)
        -> ProposedChange
    {
        let orders = state.purchasing.orders.values.sorted { $0.order.id < $1.order.id }
        let pick = orders.isEmpty ? nil : orders[Int.random(in: 0..<orders.count, using: &random)]
        guard let record = pick, Int.random(in: 0..<4, using: &random) != 0 else {
            let lines = Array(Set([sku, skus[Int.random(in: 0..<skus.count, using: &random)]])).sorted().map {
                POLine(sku: $0, quantity: quantity * 6, unitCost: Money(cents: 250), reason: "test")
            }
            return ProposedChange(
                .purchasing(
                    .drafted(
                        PurchaseOrder(
                            id: state.purchasing.nextOrderID, supplier: "ACME", lines: lines,
                            expectedAt: time.adding(days: 10)))))
        }
        let id = record.order.id
        switch record.status {
        case .drafted:
            return Int.random(in: 0..<3, using: &random) == 0
                ? ProposedChange(.purchasing(.edited(id: id, sku: sku, quantity: quantity)))
                : ProposedChange(.purchasing(.approved(id: id, approver: "ana")))
        case .approved: return ProposedChange(.purchasing(.sent(id: id)))
        case .sent, .received:
            switch Int.random(in: 0..<7, using: &random) {
            case 0: return ProposedChange(.purchasing(.closed(id: id)))
            case 1: return ProposedChange(.purchasing(.cancelled(id: id, reason: "supplier out")))
            default:
                return ProposedChange(
                    .purchasing(.received(id: id, sku: record.order.lines[0].sku, quantity: quantity * 2)))
            }
        default: return ProposedChange(.purchasing(.cancelled(id: id, reason: "again")))
        }
    }

    /// A whole valid stream: setup, then `count` accepted changes, as sequenced events.
    public mutating func events(count: Int, start: Timestamp = Timestamp(secondsSince1970: 1_780_000_000)) -> [Event] {
        var state = StockState()
        var events: [Event] = []
        var time = start
        func accept(_ proposed: ProposedChange) {
            if let key = proposed.idempotencyKey, state.hasSeen(idempotencyKey: key) { return }
            guard (try? state.check(proposed.change)) != nil else { return }
            // A no-op writes no event (the store's `commit` drops it): the stream must not hold one.
            if state.changesNothing(proposed.change) { return }
            let event = Event(
                sequence: state.lastSequence + 1, time: time, actor: "prop", idempotencyKey: proposed.idempotencyKey,
                change: proposed.change)
            state.apply(event)
            events.append(event)
        }
        setup().forEach(accept)
        while events.count < count + setup().count {
            time = Timestamp(
                millisecondsSince1970: time.millisecondsSince1970 + Int64.random(in: 1...3_600_000, using: &random))
            accept(next(in: state, time: time))
        }
        return events
    }
}
