import OnePoolCore
import OnePoolTestSupport
import PropertyBased
import Testing

/// An order line reported again with other facts is an amendment: recorded, folded into
/// committed units and demand, and never mistaken for a repeat (issue 11).
@Suite struct AmendmentTests {
    private let id = OrderLineID(channel: "shopify", order: "1001", line: 1)

    /// MUG (10 on hand) and CUP, a line of 2 × MUG placed on shopify.
    private func placedLine() throws -> (StockState, EventFactory) {
        var (state, factory) = try startingState()
        try factory.apply(.skuCreated(SKU(code: "CUP", title: "Cup", price: Money(cents: 800))), to: &state)
        try factory.apply(
            .orderPlaced(EventFactory.line(order: "1001", quantity: 2)), to: &state, key: OrderKeys.placed(id))
        return (state, factory)
    }

    private func amend(
        _ state: inout StockState, _ factory: inout EventFactory, _ facts: OrderLineFacts
    ) throws -> OrderAmendment {
        guard case .changed(let amendment) = state.report(facts, source: "test") else {
            Issue.record("expected a change")
            throw Refusal.missingReason
        }
        try factory.apply(.orderAmended(amendment), to: &state)
        return amendment
    }

    @Test func aRepeatIsUnchangedAndAnUnseenLineIsNew() throws {
        let (state, _) = try placedLine()
        #expect(state.report(EventFactory.line(order: "1001", quantity: 2), source: "t") == .unchanged)
        #expect(state.report(EventFactory.line(order: "1002", quantity: 2), source: "t") == .new)
    }

    @Test func anOpenLineAmendedMovesItsCommittedUnits() throws {
        var (state, factory) = try placedLine()
        let amendment = try amend(&state, &factory, EventFactory.line(order: "1001", quantity: 5))
        #expect(amendment.before?.quantity == 2)
        #expect(amendment.after.quantity == 5)
        #expect(state.stock("MUG") == StockLevel(onHand: 10, committed: 5))
        #expect(state.pools["MUG"]?.committedByChannel == ["shopify": 5])
        #expect(state.openLines[id]?.quantity == 5)
        // The same edit reported again is a repeat now: the digest beside the key moved too.
        #expect(state.report(EventFactory.line(order: "1001", quantity: 5), source: "t") == .unchanged)
        #expect(state.idempotency.facts(of: IdempotencyDigest(key: OrderKeys.placed(id))) == amendment.after.factDigest)
    }

    @Test func aLineMovedToAnotherSKUMovesItsUnitsThere() throws {
        var (state, factory) = try placedLine()
        _ = try amend(&state, &factory, EventFactory.line(order: "1001", sku: "CUP", quantity: 2))
        #expect(state.stock("MUG")?.committed == 0)
        #expect(state.pools["MUG"]?.committedByChannel == [:])
        #expect(state.stock("CUP")?.committed == 2)
        #expect(state.pools["CUP"]?.committedByChannel == ["shopify": 2])
        #expect(state.openLines[id]?.sku == "CUP")
        // Shipping it now takes CUP's units, not MUG's.
        try factory.apply(.orderShipped(EventFactory.line(order: "1001", sku: "CUP", quantity: 2)), to: &state)
        #expect(state.stock("MUG") == StockLevel(onHand: 10))
        #expect(state.stock("CUP") == StockLevel(onHand: -2))
    }

    @Test func aPriceEditIsAnAmendmentButAReportWithoutAPriceComparesOnlySKUAndQuantity() throws {
        var (state, factory) = try placedLine()
        var cheaper = EventFactory.line(order: "1001", quantity: 2)
        cheaper.unitPrice = Money(cents: 999)
        #expect(state.report(cheaper, priceGiven: false, source: "t") == .unchanged)
        let amendment = try amend(&state, &factory, cheaper)
        #expect(amendment.before?.unitPrice == Money(cents: 1200))
        #expect(state.openLines[id]?.unitPrice == Money(cents: 999))
        #expect(state.stock("MUG")?.committed == 2)
    }

    @Test func aClosedLineAmendedKeepsItsSettledStock() throws {
        var (state, factory) = try placedLine()
        try factory.apply(
            .orderShipped(EventFactory.line(order: "1001", quantity: 2)), to: &state, key: OrderKeys.shipped(id))
        let settled = state.stock("MUG")
        let amendment = try amend(&state, &factory, EventFactory.line(order: "1001", quantity: 3))
        #expect(amendment.before == nil)
        #expect(state.stock("MUG") == settled)
        #expect(state.report(EventFactory.line(order: "1001", quantity: 3), source: "t") == .unchanged)
        // Without a price of its own, a closed line cannot be compared (only its digest is kept).
        #expect(
            state.report(EventFactory.line(order: "1001", quantity: 4), priceGiven: false, source: "t") == .unchanged)
    }

    @Test func aStaleOrEmptyAmendmentIsRefused() throws {
        var (state, factory) = try placedLine()
        guard case .changed(let stale) = state.report(EventFactory.line(order: "1001", quantity: 3), source: "t") else {
            Issue.record("expected a change")
            return
        }
        _ = try amend(&state, &factory, EventFactory.line(order: "1001", quantity: 4))
        // Written against 2 units open; the line has 4 open now: a compare-and-set refuses it.
        #expect(throws: Refusal.self) { try state.check(.orderAmended(stale)) }
        let before = EventFactory.line(order: "1001", quantity: 4)
        #expect(throws: Refusal.self) {
            try state.check(.orderAmended(OrderAmendment(before: before, after: before, source: "t")))
        }
        let unknown = EventFactory.line(order: "7", quantity: 1)
        #expect(throws: Refusal.self) {
            try state.check(.orderAmended(OrderAmendment(before: nil, after: unknown, source: "t")))
        }
        var bad = stale
        bad.before = before
        bad.source = "line\u{1B}[2J"
        #expect(throws: Refusal.self) { try state.check(.orderAmended(bad)) }
    }

    /// A store from before fact digests (what a version-1 or -2 snapshot loads as): open lines
    /// are compared with the open line itself, closed ones cannot be and count as unchanged.
    @Test func keysWithoutFactsFollowTheStatedRule() throws {
        let (placed, _) = try placedLine()
        let shippedID = OrderLineID(channel: "shopify", order: "900", line: 1)
        let keys = [IdempotencyDigest(key: OrderKeys.placed(id)), IdempotencyDigest(key: OrderKeys.placed(shippedID))]
            .sorted()
        let old = StockState(
            lastSequence: placed.lastSequence, lastEventTime: placed.lastEventTime, pools: placed.pools,
            channels: placed.channels,
            openLines: placed.openLines, idempotency: IdempotencyIndex(sortedKeys: keys))
        #expect(old.report(EventFactory.line(order: "1001", quantity: 2), source: "t") == .unchanged)
        guard case .changed(let amendment) = old.report(EventFactory.line(order: "1001", quantity: 3), source: "t")
        else {
            Issue.record("an open line without a digest is compared with the open line")
            return
        }
        #expect(amendment.before?.quantity == 2)
        #expect(old.report(EventFactory.line(order: "900", quantity: 3), source: "t") == .unchanged)
        var state = old
        try state.check(.orderAmended(amendment))
        state.apply(
            Event(sequence: state.lastSequence + 1, time: testNow, actor: "t", change: .orderAmended(amendment)))
        #expect(state.stock("MUG")?.committed == 3)
        #expect(state.idempotency.facts(of: IdempotencyDigest(key: OrderKeys.placed(id))) == amendment.after.factDigest)
    }

    @Test func demandMovesWithTheAmendment() throws {
        var (state, factory) = try placedLine()
        var history = DemandHistory(utcOffsetSeconds: 0)
        history.record(
            Event(
                sequence: 1, time: testNow, actor: "t",
                change: .orderPlaced(EventFactory.line(order: "1001", quantity: 2))))
        let amendment = try amend(&state, &factory, EventFactory.line(order: "1001", sku: "CUP", quantity: 3))
        history.record(Event(sequence: 2, time: testNow, actor: "t", change: .orderAmended(amendment)))
        let day = history.day(of: EventFactory.line(order: "1001", quantity: 1).time)
        #expect(history.total("MUG", days: 1, endingOn: day) == 0)
        #expect(history.total("CUP", days: 1, endingOn: day) == 3)
    }

    /// Folding a line's amendments gives what placing its final version in the first place
    /// gives: committed per SKU and channel, open lines and demand per day alike.
    @Test func amendingIsLikeHavingPlacedTheFinalVersion() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...Int.max)) { seed in
            var random = SplitMix64(seed: UInt64(seed))
            var (amended, factory) = (try? placedLine()) ?? (StockState(), EventFactory())
            var events: [Event] = []
            var final: [OrderLineID: OrderLineFacts] = [:]
            for step in 0..<60 {
                let order = "o\(Int.random(in: 0..<8, using: &random))"
                let lineID = OrderLineID(channel: ["shopify", "amazon"][step % 2], order: order, line: 1)
                let facts = OrderLineFacts(
                    id: lineID, sku: ["MUG", "CUP"][Int.random(in: 0...1, using: &random)],
                    quantity: Int.random(in: 1...5, using: &random),
                    unitPrice: Money(cents: Int64.random(in: 100...300, using: &random)),
                    time: Timestamp(secondsSince1970: 1_780_000_000 + Int64(step) * 86_400))
                let change: Change
                switch amended.report(facts, source: "p") {
                case .new: change = .orderPlaced(facts)
                case .changed(let amendment) where amendment.before != nil: change = .orderAmended(amendment)
                default: continue
                }
                guard (try? amended.check(change)) != nil else { continue }
                let event = factory.event(
                    change, key: { if case .orderPlaced = change { OrderKeys.placed(lineID) } else { nil } }())
                amended.apply(event)
                events.append(event)
                if case .orderAmended(let amendment) = change {
                    final[lineID] = amendment.after
                } else {
                    final[lineID] = facts
                }
            }
            var direct = (try? placedLine().0) ?? StockState()
            var replayed = DemandHistory(utcOffsetSeconds: 0)
            var placedOnce = DemandHistory(utcOffsetSeconds: 0)
            var sequence = direct.lastSequence
            for event in events {
                replayed.record(event)
                guard case .orderPlaced(let first) = event.change, let last = final[first.id] else { continue }
                var version = last
                version.time = first.time
                sequence += 1
                let placed = Event(
                    sequence: sequence, time: event.time, actor: "t", idempotencyKey: event.idempotencyKey,
                    change: .orderPlaced(version))
                direct.apply(placed)
                placedOnce.record(placed)
            }
            #expect(direct.pools == amended.pools)
            #expect(direct.openLines == amended.openLines)
            let last = replayed.day(of: Timestamp(secondsSince1970: 1_780_000_000 + 61 * 86_400))
            for sku in ["MUG", "CUP"] {
                #expect(
                    replayed.window(SKUCode(sku), days: 90, endingOn: last)
                        == placedOnce.window(SKUCode(sku), days: 90, endingOn: last))
            }
        }
    }
}

private let testNow = Timestamp(secondsSince1970: 1_780_100_000)
