import OnePoolCore
import Testing

/// Returning a bundle line: its units come back as the components the line took (per bundle
/// unit, whatever the bundle is made of by then), each awaiting inspection in its component's
/// queue; counted against the line in bundle units, never more than shipped, idempotent.
@Suite struct BundleReturnTests {
    /// MUG 10 and TEA 7 on hand; GIFT = 2 × MUG + 1 × TEA; shopify order 1 line 1 sold 2 GIFT
    /// and shipped them (MUG 6, TEA 5 left).
    private func shippedGift() throws -> (StockState, EventFactory, OrderLineFacts) {
        var (state, factory) = try startingState()
        try factory.apply(.skuCreated(SKU(code: "TEA", title: "Tea", price: Money(cents: 500))), to: &state)
        try factory.apply(.received(sku: "TEA", quantity: 7, reference: nil, fromIncoming: 0), to: &state)
        try factory.apply(.skuCreated(SKU(code: "GIFT", title: "Gift set", price: Money(cents: 2500))), to: &state)
        try factory.apply(.bundles(.defined(gift(mug: 2, tea: 1))), to: &state)
        let line = EventFactory.line(order: "1", sku: "GIFT", quantity: 2)
        try factory.apply(.orderPlaced(line), to: &state, key: OrderKeys.placed(line.id))
        try factory.apply(.orderShipped(line), to: &state, key: OrderKeys.shipped(line.id))
        return (state, factory, line)
    }

    private func gift(mug: Int, tea: Int) -> BundleDefinition {
        BundleDefinition(
            code: "GIFT",
            components: [BundleComponent(sku: "MUG", quantity: mug), BundleComponent(sku: "TEA", quantity: tea)])
    }

    private func back(_ quantity: Int, _ line: OrderLineFacts, id: String = "RMA-1") -> ReturnedLine {
        ReturnedLine(
            id: line.id, returnID: id, sku: line.sku, quantity: quantity, reason: "damaged box",
            time: Timestamp(secondsSince1970: 1_780_100_000))
    }

    private func commit(_ returned: ReturnedLine, to state: inout StockState) throws(Refusal) -> Bool {
        try state.commit(
            .returns(.arrived(returned)), sequence: state.lastSequence + 1, time: returned.time,
            digest: IdempotencyDigest(key: returned.key))
    }

    @Test func aReturnedBundleComesBackAsItsComponentsAwaitingInspection() throws {
        var (state, _, line) = try shippedGift()
        #expect(
            state.returns.shipped[line.id]
                == ShippedLine(
                    sku: "GIFT", shipped: 2, returned: 0,
                    components: [
                        BundleComponent(sku: "MUG", quantity: 2), BundleComponent(sku: "TEA", quantity: 1),
                    ]))
        #expect(try commit(back(1, line), to: &state))
        #expect(state.stock("MUG") == StockLevel(onHand: 8, unsellable: 2))
        #expect(state.stock("TEA") == StockLevel(onHand: 6, unsellable: 1))
        #expect(state.stock("GIFT") == StockLevel(), "a bundle holds no stock of its own")
        #expect(state.returns.awaitingUnits("MUG") == 2 && state.returns.awaitingUnits("TEA") == 1)
        #expect(state.returns.awaitingUnits("GIFT") == 0)
        let queue = state.returns.awaitingQueue
        #expect(queue.map(\.bundle) == ["GIFT", "GIFT"])
        #expect(Set(queue.map { "\($0.line.sku) \($0.remaining)" }) == ["MUG 2", "TEA 1"])
        #expect(state.returns.shipped[line.id]?.returned == 1)
        // Inspection is per component, as for any unit awaiting it.
        try state.check(.returns(.restocked(sku: "MUG", quantity: 2, reason: nil)))
        #expect(throws: Refusal.self) { try state.check(.returns(.restocked(sku: "GIFT", quantity: 1, reason: nil))) }
    }

    @Test func itGivesBackWhatTheLineTookAfterTheRecipeChanged() throws {
        var (state, factory, line) = try shippedGift()
        try factory.apply(.bundles(.defined(gift(mug: 1, tea: 3))), to: &state)
        #expect(try commit(back(2, line), to: &state))
        // 2 × (2 MUG + 1 TEA), the recipe the line was sold under, not 2 × (1 MUG + 3 TEA).
        #expect(state.stock("MUG") == StockLevel(onHand: 10, unsellable: 4))
        #expect(state.stock("TEA") == StockLevel(onHand: 7, unsellable: 2))
    }

    @Test func itGivesBackTheComponentsAfterTheBundleWasRemoved() throws {
        var (state, factory, line) = try shippedGift()
        try factory.apply(.bundles(.removed(code: "GIFT")), to: &state)
        #expect(try commit(back(1, line), to: &state))
        #expect(state.stock("MUG")?.unsellable == 2 && state.stock("TEA")?.unsellable == 1)
        #expect(state.stock("GIFT") == StockLevel())
    }

    @Test func aLineOpenWhenTheRecipeChangedComesBackAsTheRecipeItWasSoldUnder() throws {
        var (state, factory) = try startingState()
        try factory.apply(.skuCreated(SKU(code: "TEA", title: "Tea")), to: &state)
        try factory.apply(.received(sku: "TEA", quantity: 7, reference: nil, fromIncoming: 0), to: &state)
        try factory.apply(.skuCreated(SKU(code: "GIFT", title: "Gift set")), to: &state)
        try factory.apply(.bundles(.defined(gift(mug: 2, tea: 1))), to: &state)
        let line = EventFactory.line(order: "1", sku: "GIFT", quantity: 2)
        try factory.apply(.orderPlaced(line), to: &state, key: OrderKeys.placed(line.id))
        try factory.apply(.bundles(.defined(gift(mug: 1, tea: 3))), to: &state)
        try factory.apply(.orderShipped(line), to: &state, key: OrderKeys.shipped(line.id))
        #expect(state.returns.shipped[line.id]?.components == gift(mug: 2, tea: 1).components)
        #expect(try commit(back(1, line), to: &state))
        #expect(state.stock("MUG")?.unsellable == 2 && state.stock("TEA")?.unsellable == 1)
    }

    @Test func neverMoreBundlesBackThanShippedCountedInBundleUnits() throws {
        var (state, _, line) = try shippedGift()
        let tooMany = back(3, line)
        #expect(
            throws: Refusal.notReturnable(
                line.id, detail: "2 shipped, 0 returned already: at most 2 more may come back, not 3")
        ) { try state.check(.returns(.arrived(tooMany))) }
        #expect(try commit(back(1, line, id: "A"), to: &state))
        #expect(try commit(back(1, line, id: "B"), to: &state))
        #expect(
            throws: Refusal.notReturnable(
                line.id, detail: "2 shipped, 2 returned already: at most 0 more may come back, not 1")
        ) { try state.check(.returns(.arrived(back(1, line, id: "C")))) }
    }

    @Test func theSameReturnTwiceIsRecordedOnceAndOtherFactsAreAConflict() throws {
        var (state, _, line) = try shippedGift()
        #expect(try commit(back(1, line), to: &state))
        let after = state
        #expect(try commit(back(1, line), to: &state) == false)
        #expect(state.stock("MUG") == after.stock("MUG") && state.returns == after.returns)
        #expect(throws: Refusal.returnConflict(line.id, returnID: "RMA-1")) {
            _ = try commit(back(2, line), to: &state)
        }
    }

    @Test func aLineThatShippedBeforeItsSKUBecameABundleCannotComeBackToTheBundle() throws {
        var (state, factory) = try startingState()
        try factory.apply(.skuCreated(SKU(code: "SET", title: "Set")), to: &state)
        try factory.apply(.received(sku: "SET", quantity: 1, reference: nil, fromIncoming: 0), to: &state)
        let line = EventFactory.line(order: "9", sku: "SET", quantity: 1)
        try factory.apply(.orderPlaced(line), to: &state, key: OrderKeys.placed(line.id))
        try factory.apply(.orderShipped(line), to: &state, key: OrderKeys.shipped(line.id))
        try factory.apply(
            .bundles(.defined(BundleDefinition(code: "SET", components: [BundleComponent(sku: "MUG", quantity: 1)]))),
            to: &state)
        let returned = back(1, line)
        #expect(throws: Refusal.self) { try state.check(.returns(.arrived(returned))) }
    }

    @Test func aReturnThatNamesNoLineFindsTheBundleLine() throws {
        let (state, _, line) = try shippedGift()
        let found = state.lineForReturn(channel: "shopify", order: "1", sku: "GIFT", quantity: 2) { number in
            ReturnedLine(
                id: OrderLineID(channel: "shopify", order: "1", line: number), returnID: "", sku: "GIFT", quantity: 2,
                reason: "x", time: line.time)
        }
        #expect(found == 1)
    }

    @Test func theComponentUnitsAreCheckedAgainstTheSKUBounds() throws {
        var (state, factory) = try startingState()
        try factory.apply(.skuCreated(SKU(code: "BIG", title: "Big")), to: &state)
        for _ in 0..<99 {
            try factory.apply(.received(sku: "MUG", quantity: 10_000_000, reference: nil, fromIncoming: 0), to: &state)
        }
        try factory.apply(
            .bundles(
                .defined(BundleDefinition(code: "BIG", components: [BundleComponent(sku: "MUG", quantity: 1000)]))),
            to: &state)
        let line = EventFactory.line(order: "2", sku: "BIG", quantity: 1000)
        try factory.apply(.orderPlaced(line), to: &state, key: OrderKeys.placed(line.id))
        try factory.apply(.orderShipped(line), to: &state, key: OrderKeys.shipped(line.id))
        try factory.apply(.received(sku: "MUG", quantity: 10_000_000, reference: nil, fromIncoming: 0), to: &state)
        #expect(state.stock("MUG")?.onHand == 999_000_010)
        // 1000 × 1000 MUG back would pass 10^9 on hand: refused, in component units.
        #expect(throws: Refusal.self) { try state.check(.returns(.arrived(back(1000, line)))) }
        try state.check(.returns(.arrived(back(990, line))))
    }
}
