import OnePoolCore
import Testing

@Suite struct FoldTests {
    @Test func saleCommitsAndShipmentTakesOffOnHand() throws {
        var (state, factory) = try startingState()
        try factory.apply(.orderPlaced(EventFactory.line(order: "1001", quantity: 3)), to: &state)
        #expect(state.stock("MUG") == StockLevel(onHand: 10, committed: 3))
        try factory.apply(.orderShipped(EventFactory.line(order: "1001", quantity: 3)), to: &state)
        #expect(state.stock("MUG") == StockLevel(onHand: 7, committed: 0))
        #expect(state.openLines.isEmpty)
    }

    @Test func cancellationReleasesTheCommitment() throws {
        var (state, factory) = try startingState()
        try factory.apply(.orderPlaced(EventFactory.line(order: "1001", quantity: 4)), to: &state)
        try factory.apply(.orderCancelled(EventFactory.line(order: "1001", quantity: 4)), to: &state)
        #expect(state.stock("MUG")?.available == 10)
    }

    @Test func partialShipmentLeavesTheRestOpen() throws {
        var (state, factory) = try startingState()
        try factory.apply(.orderPlaced(EventFactory.line(order: "1001", quantity: 5)), to: &state)
        try factory.apply(.orderShipped(EventFactory.line(order: "1001", quantity: 2)), to: &state)
        #expect(state.stock("MUG") == StockLevel(onHand: 8, committed: 3))
        #expect(state.openLines[OrderLineID(channel: "shopify", order: "1001", line: 1)]?.quantity == 3)
    }

    @Test func anOversellIsRecordedBecauseItHappened() throws {
        var (state, factory) = try startingState()
        try factory.apply(.orderPlaced(EventFactory.line(order: "1", quantity: 8)), to: &state)
        try factory.apply(.orderPlaced(EventFactory.line("amazon", order: "2", quantity: 5)), to: &state)
        #expect(state.stock("MUG")?.available == -3)
        #expect(state.stock("MUG")?.isOversold == true)
    }

    @Test func countSetsOnHandWhateverTheBooksSaid() throws {
        var (state, factory) = try startingState()
        try factory.apply(.counted(sku: "MUG", quantity: 7, reason: "cycle count"), to: &state)
        #expect(state.stock("MUG")?.onHand == 7)
    }

    @Test func holdsUnsellableAndSafetyAllReduceAvailable() throws {
        var (state, factory) = try startingState()
        try factory.apply(.held(sku: "MUG", quantity: 2, reason: "wholesale"), to: &state)
        try factory.apply(.markedUnsellable(sku: "MUG", quantity: 1, reason: "chipped"), to: &state)
        try factory.apply(.safetySet(sku: "MUG", quantity: 3), to: &state)
        #expect(state.stock("MUG")?.available == 4)
        try factory.apply(.released(sku: "MUG", quantity: 2, reason: nil), to: &state)
        try factory.apply(.restored(sku: "MUG", quantity: 1, reason: nil), to: &state)
        #expect(state.stock("MUG")?.available == 7)
    }

    @Test func receivingAgainstIncomingMovesUnitsFromIncomingToOnHand() throws {
        var (state, factory) = try startingState()
        try factory.apply(.incomingChanged(sku: "MUG", delta: 24, reference: "PO-1"), to: &state)
        try factory.apply(.received(sku: "MUG", quantity: 20, reference: "PO-1", fromIncoming: 20), to: &state)
        #expect(state.stock("MUG") == StockLevel(onHand: 30, incoming: 4))
    }

    @Test func returnsComeBackOnHandAndDamagedOnesUnsellable() throws {
        var (state, factory) = try startingState()
        try factory.apply(.orderReturned(EventFactory.line(order: "9", quantity: 2), restocked: true), to: &state)
        try factory.apply(
            .orderReturned(EventFactory.line(order: "9", line: 2, quantity: 1), restocked: false), to: &state)
        #expect(state.stock("MUG") == StockLevel(onHand: 13, unsellable: 1))
    }

    @Test func anEventWithASeenKeyChangesNothingButTheSequence() throws {
        var (state, factory) = try startingState()
        let sale = Change.orderPlaced(EventFactory.line(order: "1001", quantity: 3))
        state.apply(factory.event(sale, key: "order:shopify:1001:1"))
        let once = state.stock("MUG")
        state.apply(factory.event(sale, key: "order:shopify:1001:1"))
        #expect(state.stock("MUG") == once)
        #expect(state.lastSequence == factory.sequence)
        #expect(state.hasSeen(idempotencyKey: "order:shopify:1001:1"))
    }
}
