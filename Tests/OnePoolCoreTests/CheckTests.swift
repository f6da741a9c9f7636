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

    /// Core says what is wrong and, as a fact, what would fix it; it never names a verb, a flag or
    /// a key (each front end words the remedy: `RefusalWordsTests` in the Channels and Console tests).
    @Test func refusalsSayWhatIsWrongAndNameNoFrontEnd() {
        let line = OrderLineID(channel: "shopify", order: "1001", line: 1)
        let all: [Refusal] = [
            .unknownSKU("X1"), .duplicateSKU("X1"), .invalidCode("A B"), .unknownChannel("etsy"),
            .duplicateChannel("etsy"), .invalidChannelName("Shop Front"),
            .invalidValue(field: "price", value: "-1", expected: "0 or more"), .missingReason,
            .notEnough(sku: "X1", wanted: 5, have: 2, of: "on hand"), .unknownOrderLine(line),
            .orderLineAlreadyOpen(line), .noOpenLines(channel: "shopify", order: "1001"),
            .lineMismatch(line, detail: "another SKU"), .unknownSupplier("ACME"),
            .purchaseOrder("PO-1", "has no lines"),
            .unknownPurchaseOrder("PO-9"), .notAnApprover("sam"),
            .overApprovalLimit("sam", limit: Money(cents: 100), value: Money(cents: 200)),
            .wouldZeroNewChannel(channel: "ebay", listings: 3, starved: 2, ahead: ["shopify"], examples: ["A", "B"]),
            .notReturnable(line, detail: "it shipped X2, not X1"), .notShipped(line, stillOpen: true),
            .notShipped(line, stillOpen: false), .returnConflict(line, returnID: "R1"), .bundle("KIT", "is empty"),
            .notABundle("X1"), .referenceConflict(sku: "X1"),
            .purchaseOrder("PO-1", "expects 2 more × X1; 5 is an over-receipt", remedy: .confirmOverReceipt),
            .bundle("KIT", "is a bundle", remedy: .assembleUnderAnotherCode(bundle: "KIT")),
            .notReturnable(line, detail: "it shipped before KIT became a bundle", remedy: .adjustComponentsInstead),
        ]
        for refusal in all {
            #expect(!refusal.description.contains("onepool"), "\(refusal)")
            #expect(!refusal.description.contains("--"), "\(refusal)")
            #expect(!refusal.description.contains("`"), "\(refusal)")
        }
        #expect(Refusal.unknownSKU("X1").remedy == .addSKU("X1"))
        #expect(Refusal.missingReason.remedy == .giveReason)
        #expect(Refusal.notShipped(line, stillOpen: true).remedy == .cancelInstead)
        #expect(Refusal.notShipped(line, stillOpen: false).remedy == .listShippedLines)
        #expect(Refusal.invalidCode("A B").remedy == nil)
    }
}
