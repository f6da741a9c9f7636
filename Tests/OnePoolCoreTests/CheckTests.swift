import OnePoolCore
import Testing

@Suite struct CheckTests {
    private func refusal(_ change: Change) throws -> Refusal? {
        let (state, _) = try startingState()
        do {
            try state.check(change)
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownSKUIsNamed() throws {
        #expect(
            try refusal(.received(sku: "NOPE", quantity: 1, reference: nil, fromIncoming: 0)) == .unknownSKU("NOPE"))
    }

    @Test func quantitiesMustBePositiveAndSane() throws {
        #expect(try refusal(.received(sku: "MUG", quantity: 0, reference: nil, fromIncoming: 0)) != nil)
        #expect(try refusal(.received(sku: "MUG", quantity: -4, reference: nil, fromIncoming: 0)) != nil)
        #expect(try refusal(.received(sku: "MUG", quantity: 50_000_000, reference: nil, fromIncoming: 0)) != nil)
        #expect(try refusal(.counted(sku: "MUG", quantity: -1, reason: "x")) != nil)
    }

    @Test func stockChangesNeedAReason() throws {
        #expect(try refusal(.adjusted(sku: "MUG", delta: 2, reason: "  ")) == .missingReason)
        #expect(try refusal(.held(sku: "MUG", quantity: 2, reason: "")) == .missingReason)
    }

    @Test func cannotHoldReleaseOrRestoreWhatIsNotThere() throws {
        #expect(
            try refusal(.held(sku: "MUG", quantity: 11, reason: "x"))
                == .notEnough(sku: "MUG", wanted: 11, have: 10, of: "free stock"))
        #expect(
            try refusal(.released(sku: "MUG", quantity: 1, reason: nil))
                == .notEnough(sku: "MUG", wanted: 1, have: 0, of: "held"))
        #expect(try refusal(.restored(sku: "MUG", quantity: 1, reason: nil)) != nil)
        #expect(try refusal(.adjusted(sku: "MUG", delta: -11, reason: "x")) != nil)
    }

    @Test func orderLinesNeedAKnownChannelAndAnOpenLineToClose() throws {
        #expect(
            try refusal(.orderPlaced(EventFactory.line("etsy", order: "1", quantity: 1))) == .unknownChannel("etsy"))
        #expect(try refusal(.orderShipped(EventFactory.line(order: "404", quantity: 1))) != nil)
    }

    @Test func duplicateAndMalformedCatalogueEntriesAreRefused() throws {
        #expect(try refusal(.skuCreated(SKU(code: "MUG", title: "Again"))) == .duplicateSKU("MUG"))
        #expect(try refusal(.skuCreated(SKU(code: "HAS SPACE", title: "x"))) == .invalidCode("HAS SPACE"))
        #expect(try refusal(.skuCreated(SKU(code: "NEW", title: "x", casePack: 0))) != nil)
        #expect(
            try refusal(.channelAdded(Channel(name: "Shop Front", kind: .retail))) == .invalidChannelName("Shop Front"))
    }

    @Test func refusalsSayWhatToDo() {
        #expect(Refusal.unknownSKU("X1").description.contains("onepool sku add X1"))
        #expect(Refusal.missingReason.description.contains("--reason"))
    }
}
