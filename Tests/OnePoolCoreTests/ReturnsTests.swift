import OnePoolCore
import Testing

/// Returns: a returned line arrives awaiting inspection (on hand, unsellable), is restocked or
/// written off; never more than shipped; idempotent by channel + order + line + return id.
@Suite struct ReturnsTests {
    private func commit(
        _ change: Change, key: String? = nil, to state: inout StockState, at factory: inout EventFactory
    )
        throws(Refusal) -> Bool
    {
        let event = factory.event(change, key: key)
        return try state.commit(
            change, sequence: state.lastSequence + 1, time: event.time, digest: key.map(IdempotencyDigest.init(key:)))
    }

    /// 10 MUG on hand; shopify order 7 line 1 shipped 3 of them.
    private func shippedState() throws -> (StockState, EventFactory) {
        var (state, factory) = try startingState()
        let line = EventFactory.line(order: "7", quantity: 3)
        _ = try commit(.orderPlaced(line), key: OrderKeys.placed(line.id), to: &state, at: &factory)
        _ = try commit(.orderShipped(line), key: OrderKeys.shipped(line.id), to: &state, at: &factory)
        return (state, factory)
    }

    private func returned(
        _ quantity: Int, order: String = "7", line: Int = 1, sku: SKUCode = "MUG", id: String = "RMA-1",
        reason: String = "defective"
    ) -> ReturnedLine {
        ReturnedLine(
            id: OrderLineID(channel: "shopify", order: order, line: line), returnID: id, sku: sku, quantity: quantity,
            reason: reason, time: Timestamp(secondsSince1970: 1_780_100_000))
    }

    @Test func aReturnArrivesOnHandAndUnsellableAwaitingInspection() throws {
        var (state, factory) = try shippedState()
        #expect(state.stock("MUG") == StockLevel(onHand: 7))
        let back = returned(2)
        #expect(try commit(.returns(.arrived(back)), key: back.key, to: &state, at: &factory))
        #expect(state.stock("MUG") == StockLevel(onHand: 9, unsellable: 2))
        #expect(state.stock("MUG")?.available == 7)
        #expect(state.returns.awaitingUnits("MUG") == 2)
        #expect(state.returns.awaitingQueue.map(\.line) == [back])
        #expect(state.returns.shipped[back.id] == ShippedLine(sku: "MUG", shipped: 3, returned: 2))
    }

    @Test func inspectionRestocksOrWritesOffTheOldestFirst() throws {
        var (state, factory) = try shippedState()
        let first = returned(1, id: "RMA-1")
        let second = returned(2, id: "RMA-2")
        _ = try commit(.returns(.arrived(first)), key: first.key, to: &state, at: &factory)
        _ = try commit(.returns(.arrived(second)), key: second.key, to: &state, at: &factory)
        _ = try commit(.returns(.restocked(sku: "MUG", quantity: 2, reason: nil)), to: &state, at: &factory)
        #expect(state.stock("MUG") == StockLevel(onHand: 10, unsellable: 1))
        #expect(state.returns.awaitingQueue.map(\.line.returnID) == ["RMA-2"])
        #expect(state.returns.awaitingQueue.first?.remaining == 1)
        _ = try commit(.returns(.writtenOff(sku: "MUG", quantity: 1, reason: "cracked")), to: &state, at: &factory)
        // Written off: still on hand and unsellable, no longer awaiting inspection.
        #expect(state.stock("MUG") == StockLevel(onHand: 10, unsellable: 1))
        #expect(state.returns.awaiting.isEmpty)
        // Now it is ordinary unsellable stock: `restore` may take it.
        try state.check(.restored(sku: "MUG", quantity: 1, reason: nil))
    }

    @Test func neverMoreReturnedThanShipped() throws {
        var (state, factory) = try shippedState()
        let tooMany = returned(4)
        #expect(
            throws: Refusal.notReturnable(
                tooMany.id, detail: "3 shipped, 0 returned already: at most 3 more may come back, not 4")
        ) {
            try state.check(.returns(.arrived(tooMany)))
        }
        let two = returned(2, id: "A")
        _ = try commit(.returns(.arrived(two)), key: two.key, to: &state, at: &factory)
        let twoMore = returned(2, id: "B")
        #expect(throws: Refusal.self) { try state.check(.returns(.arrived(twoMore))) }
        try state.check(.returns(.arrived(returned(1, id: "B"))))
    }

    @Test func aReturnNeedsALineThatShippedWithThatSKU() throws {
        var (state, factory) = try shippedState()
        let open = EventFactory.line(order: "8", quantity: 1)
        _ = try commit(.orderPlaced(open), key: OrderKeys.placed(open.id), to: &state, at: &factory)
        for (line, words) in [
            (returned(1, order: "8"), "not shipped yet"), (returned(1, order: "99"), "no such line"),
            (returned(1, line: 2), "no such line"),
        ] {
            do {
                try state.check(.returns(.arrived(line)))
                Issue.record("\(line.id) accepted")
            } catch {
                #expect(error.description.contains(words), "\(error)")
            }
        }
        try state.check(.skuCreated(SKU(code: "CUP", title: "Cup")))
        state.apply(factory.event(.skuCreated(SKU(code: "CUP", title: "Cup"))))
        #expect(throws: Refusal.notReturnable(returned(1).id, detail: "it shipped MUG, not CUP")) {
            try state.check(.returns(.arrived(returned(1, sku: "CUP"))))
        }
        #expect(throws: Refusal.unknownChannel("etsy")) {
            var line = returned(1)
            line.id.channel = "etsy"
            try state.check(.returns(.arrived(line)))
        }
        #expect(throws: Refusal.missingReason) { try state.check(.returns(.arrived(returned(1, reason: " ")))) }
    }

    @Test func theSameReturnAgainWritesNothingAndOtherFactsAreAConflict() throws {
        var (state, factory) = try shippedState()
        let back = returned(1)
        #expect(try commit(.returns(.arrived(back)), key: back.key, to: &state, at: &factory))
        let before = state
        #expect(state.report(back) == .unchanged)
        #expect(try !commit(.returns(.arrived(back)), key: back.key, to: &state, at: &factory))
        #expect(state.stock("MUG") == before.stock("MUG") && state.returns == before.returns)
        for changed in [returned(2), returned(1, reason: "changed mind")] {
            #expect(state.report(changed) == .conflict)
            #expect(throws: Refusal.returnConflict(back.id, returnID: "RMA-1")) {
                _ = try commit(.returns(.arrived(changed)), key: changed.key, to: &state, at: &factory)
            }
        }
        #expect(state.report(returned(1, id: "RMA-2")) == .new)
    }

    @Test func inspectingMoreThanAwaitsIsRefused() throws {
        var (state, factory) = try shippedState()
        let back = returned(2)
        _ = try commit(.returns(.arrived(back)), key: back.key, to: &state, at: &factory)
        #expect(throws: Refusal.notEnough(sku: "MUG", wanted: 3, have: 2, of: "awaiting inspection")) {
            try state.check(.returns(.restocked(sku: "MUG", quantity: 3, reason: nil)))
        }
        #expect(throws: Refusal.missingReason) {
            try state.check(.returns(.writtenOff(sku: "MUG", quantity: 1, reason: "")))
        }
        // Units awaiting inspection leave through inspection, not `restore`.
        _ = try commit(.markedUnsellable(sku: "MUG", quantity: 1, reason: "chip"), to: &state, at: &factory)
        try state.check(.restored(sku: "MUG", quantity: 1, reason: nil))
        #expect(throws: Refusal.self) { try state.check(.restored(sku: "MUG", quantity: 2, reason: nil)) }
    }

    @Test func oldReturnEventsFoldAsBeforeAndCountAgainstTheLine() throws {
        var (state, factory) = try shippedState()
        let old = EventFactory.line(order: "7", quantity: 2)
        try factory.apply(.orderReturned(old, restocked: false), to: &state)
        #expect(state.stock("MUG") == StockLevel(onHand: 9, unsellable: 2))
        #expect(state.returns.awaiting.isEmpty)
        #expect(state.returns.shipped[old.id]?.returnable == 1)
        #expect(throws: Refusal.self) { try state.check(.returns(.arrived(returned(2)))) }
    }

    @Test func aReturnDoesNotEraseTheSaleFromDemandHistory() throws {
        var (state, factory) = try startingState()
        var history = DemandHistory(utcOffsetSeconds: 0)
        let line = EventFactory.line(order: "7", quantity: 3)
        let back = returned(3)
        let changes: [(Change, String?)] = [
            (.orderPlaced(line), OrderKeys.placed(line.id)), (.orderShipped(line), OrderKeys.shipped(line.id)),
        ]
        for (change, key) in changes {
            _ = try commit(change, key: key, to: &state, at: &factory)
            history.record(factory.event(change, key: key))
        }
        let day = history.day(of: line.time)
        let sold = history.total("MUG", days: 1, endingOn: day)
        _ = try commit(.returns(.arrived(back)), key: back.key, to: &state, at: &factory)
        history.record(factory.event(.returns(.arrived(back)), key: back.key))
        history.record(factory.event(.returns(.restocked(sku: "MUG", quantity: 3, reason: nil))))
        #expect(sold == 3)
        #expect(history.total("MUG", days: 1, endingOn: day) == 3)
        #expect(history.total("MUG", days: 400, endingOn: day + 300) == 3)
    }

    @Test func returnRatesPerSKUAndChannelOverAWindow() throws {
        let day: Int64 = 86_400_000
        let now = Timestamp(millisecondsSince1970: 1_780_000_000_000)
        var rates = ReturnRates(days: 30, until: now)
        var factory = EventFactory()
        func at(_ daysAgo: Int64) -> Timestamp {
            Timestamp(millisecondsSince1970: now.millisecondsSince1970 - daysAgo * day)
        }
        func shipped(_ channel: ChannelName, _ sku: SKUCode, _ units: Int, _ daysAgo: Int64) -> Change {
            .orderShipped(
                OrderLineFacts(
                    id: OrderLineID(channel: channel, order: "o\(daysAgo)", line: 1), sku: sku, quantity: units,
                    unitPrice: Money(cents: 100), time: at(daysAgo)))
        }
        func back(_ channel: ChannelName, _ sku: SKUCode, _ units: Int, _ daysAgo: Int64) -> Change {
            .returns(
                .arrived(
                    ReturnedLine(
                        id: OrderLineID(channel: channel, order: "o", line: 1), returnID: "", sku: sku, quantity: units,
                        reason: "x", time: at(daysAgo))))
        }
        for change in [
            shipped("amazon", "MUG", 10, 5), shipped("shopify", "MUG", 10, 6), shipped("amazon", "CUP", 4, 7),
            shipped("amazon", "MUG", 50, 40),  // before the window
            back("amazon", "MUG", 3, 2), back("shopify", "MUG", 1, 1), back("amazon", "MUG", 9, 31),
        ] { rates.record(factory.event(change)) }
        rates.record(
            factory.event(
                .orderReturned(
                    OrderLineFacts(
                        id: OrderLineID(channel: "amazon", order: "x", line: 1), sku: "CUP", quantity: 1,
                        unitPrice: .zero, time: at(3)), restocked: true)))
        #expect(rates.bySKU["MUG"] == ReturnRates.Tally(shipped: 20, returned: 4))
        #expect(rates.bySKU["MUG"]?.rate == 0.2)
        #expect(rates.bySKU["CUP"] == ReturnRates.Tally(shipped: 4, returned: 1))
        #expect(rates.byChannel["amazon"] == ReturnRates.Tally(shipped: 14, returned: 4))
        #expect(rates.byChannel["shopify"]?.rate == 0.1)
        #expect(ReturnRates.Tally(shipped: 0, returned: 2).rate == nil)
    }

    @Test func theBriefingNamesTheSKUsAndChannelsWhoseReturnsCostTheMost() throws {
        let (state, _) = try startingState()
        let mug = try #require(state.sku("MUG"))
        let cheap = SKU(code: "PEN", title: "Pen", unitCost: Money(cents: 50), price: Money(cents: 100))
        let entries = [
            ProfitRule.ReturnedUnits(sku: mug, units: 4, channel: "amazon"),
            ProfitRule.ReturnedUnits(sku: mug, units: 1, channel: "shopify"),
            ProfitRule.ReturnedUnits(sku: cheap, units: 30, channel: "shopify"),
        ]
        let items = Briefing.returnItems(state: state, returns: entries)
        #expect(items.count == 1)
        let item = try #require(items.first)
        let rule = ProfitRule(state.settings)
        let window = state.settings.horizonDays
        let mugMoney = rule.returnPart(entries[0], windowDays: window) + rule.returnPart(entries[1], windowDays: window)
        let penMoney = rule.returnPart(entries[2], windowDays: window)
        #expect(item.effect.money == mugMoney + penMoney)
        #expect(item.effect.money == rule.returns(entries, windowDays: window).money)
        // MUG's 5 units at 8.90 margin cost more than PEN's 30 at 0.50.
        #expect(mugMoney > penMoney)
        #expect(item.why.contains("costliest: MUG \(mugMoney), PEN \(penMoney)"), "\(item.why)")
        #expect(item.why.contains("by channel: amazon"), "\(item.why)")
        #expect(item.action == .openSKU("MUG"))
    }
}
