import OnePoolCore
import Testing

/// A store with MUG (10 on hand), TEA (7) and a GIFT bundle of 2 × MUG + 1 × TEA.
private func bundleState() throws -> (StockState, EventFactory) {
    var (state, factory) = try startingState()
    try factory.apply(.skuCreated(SKU(code: "TEA", title: "Tea", price: Money(cents: 500))), to: &state)
    try factory.apply(.received(sku: "TEA", quantity: 7, reference: nil, fromIncoming: 0), to: &state)
    try factory.apply(.skuCreated(SKU(code: "GIFT", title: "Gift set", price: Money(cents: 2500))), to: &state)
    try factory.apply(.bundles(.defined(gift(mug: 2, tea: 1))), to: &state)
    return (state, factory)
}

private func gift(mug: Int, tea: Int) -> BundleDefinition {
    BundleDefinition(
        code: "GIFT",
        components: [
            BundleComponent(sku: "TEA", quantity: tea), BundleComponent(sku: "MUG", quantity: mug),
        ])
}

private func refusal(_ change: Change, in state: StockState) -> Refusal? {
    do {
        try state.check(change)
        return nil
    } catch { return error }
}

@Suite struct BundleTests {
    @Test func aBundlesAvailableIsItsScarcestComponentRoundedDown() throws {
        let (state, _) = try bundleState()
        let stock = try #require(state.bundleStock("GIFT"))
        // MUG 10 / 2 = 5, TEA 7 / 1 = 7.
        #expect(stock.available == 5)
        #expect(stock.limiting?.sku == "MUG")
        #expect(state.bundleStock("MUG") == nil)
    }

    @Test func sellingABundleCommitsItsComponentsAndShippingTakesThemOffHand() throws {
        var (state, factory) = try bundleState()
        try factory.apply(.orderPlaced(EventFactory.line(order: "1", sku: "GIFT", quantity: 2)), to: &state)
        #expect(state.stock("MUG")?.committed == 4)
        #expect(state.stock("TEA")?.committed == 2)
        #expect(state.stock("GIFT") == StockLevel())
        #expect(state.pools["MUG"]?.committedByChannel == ["shopify": 4])
        try factory.apply(.orderShipped(EventFactory.line(order: "1", sku: "GIFT", quantity: 1)), to: &state)
        #expect(state.stock("MUG")?.onHand == 8)
        #expect(state.stock("MUG")?.committed == 2)
        #expect(state.stock("TEA")?.onHand == 6)
        #expect(state.bundleStock("GIFT")?.available == 3)
    }

    @Test func anOpenLineKeepsTheComponentsItTookWhenTheBundleIsRedefined() throws {
        var (state, factory) = try bundleState()
        let placed = EventFactory.line(order: "1", sku: "GIFT", quantity: 2)
        try factory.apply(.orderPlaced(placed), to: &state, key: OrderKeys.placed(placed.id))
        try factory.apply(.bundles(.defined(gift(mug: 1, tea: 3))), to: &state)
        // Amending the quantity keeps the old recipe: 3 × (2 MUG + 1 TEA).
        let before = EventFactory.line(order: "1", sku: "GIFT", quantity: 2)
        var after = before
        after.quantity = 3
        try factory.apply(.orderAmended(OrderAmendment(before: before, after: after, source: "test")), to: &state)
        #expect(state.stock("MUG")?.committed == 6)
        #expect(state.stock("TEA")?.committed == 3)
        try factory.apply(.orderCancelled(EventFactory.line(order: "1", sku: "GIFT", quantity: 3)), to: &state)
        #expect(state.stock("MUG")?.committed == 0)
        #expect(state.stock("TEA")?.committed == 0)
        // A new sale takes the new recipe; removing the bundle leaves it with what it took.
        try factory.apply(.orderPlaced(EventFactory.line(order: "2", sku: "GIFT", quantity: 1)), to: &state)
        try factory.apply(.bundles(.removed(code: "GIFT")), to: &state)
        try factory.apply(.orderCancelled(EventFactory.line(order: "2", sku: "GIFT", quantity: 1)), to: &state)
        #expect(state.stock("MUG")?.committed == 0 && state.stock("TEA")?.committed == 0)
        #expect(state.stock("GIFT") == StockLevel())
    }

    @Test func amendingABundleLineToAnotherSKUReleasesItsComponents() throws {
        var (state, factory) = try bundleState()
        let before = EventFactory.line(order: "1", sku: "GIFT", quantity: 2)
        try factory.apply(.orderPlaced(before), to: &state, key: OrderKeys.placed(before.id))
        var after = before
        after.sku = "TEA"
        try factory.apply(.orderAmended(OrderAmendment(before: before, after: after, source: "test")), to: &state)
        #expect(state.stock("MUG")?.committed == 0)
        #expect(state.stock("TEA")?.committed == 2)
    }

    @Test func definitionsThatBreakTheRulesAreRefusedAndSayWhy() throws {
        var (state, factory) = try bundleState()
        func define(_ code: SKUCode, _ parts: [(SKUCode, Int)]) -> Change {
            .bundles(
                .defined(
                    BundleDefinition(code: code, components: parts.map { BundleComponent(sku: $0.0, quantity: $0.1) })))
        }
        try factory.apply(.skuCreated(SKU(code: "DUO", title: "Duo", price: Money(cents: 100))), to: &state)
        #expect(refusal(define("DUO", [("NOPE", 1)]), in: state) == .unknownSKU("NOPE"))
        #expect(refusal(define("DUO", [("GIFT", 1)]), in: state)?.description.contains("itself a bundle") == true)
        #expect(refusal(define("DUO", [("DUO", 1)]), in: state)?.description.contains("itself") == true)
        #expect(refusal(define("DUO", [("MUG", 0)]), in: state)?.description.contains("1–1000") == true)
        #expect(refusal(define("DUO", [("MUG", 1001)]), in: state)?.description.contains("1–1000") == true)
        #expect(refusal(define("DUO", []), in: state)?.description.contains("0 components") == true)
        // A component cannot become a bundle (one level deep; no cycles).
        #expect(
            refusal(define("MUG", [("DUO", 1)]), in: state)?.description.contains("component of bundle GIFT") == true)
        // A SKU with stock of its own cannot become a bundle.
        try factory.apply(.skuCreated(SKU(code: "SOLO", title: "Solo", price: Money(cents: 100))), to: &state)
        try factory.apply(.held(sku: "MUG", quantity: 1, reason: "x"), to: &state)
        try factory.apply(.incomingChanged(sku: "SOLO", delta: 4, reference: nil), to: &state)
        #expect(
            refusal(define("SOLO", [("DUO", 1)]), in: state)?.description.contains("stock of its own (incoming 4)")
                == true)
        // A bundle's own stock never moves.
        #expect(refusal(.received(sku: "GIFT", quantity: 1, reference: nil, fromIncoming: 0), in: state) != nil)
        #expect(refusal(.adjusted(sku: "GIFT", delta: 1, reason: "x"), in: state) != nil)
        #expect(refusal(.safetySet(sku: "GIFT", quantity: 1), in: state) != nil)
        #expect(refusal(.bundles(.removed(code: "MUG")), in: state)?.description.contains("not a bundle") == true)
    }

    @Test func aBundleSaleThatWouldOverflowAComponentIsRefused() throws {
        var (state, factory) = try bundleState()
        try factory.apply(.bundles(.defined(gift(mug: 1000, tea: 1))), to: &state)
        let huge = EventFactory.line(order: "1", sku: "GIFT", quantity: Bounds.eventUnits)
        #expect(refusal(.orderPlaced(huge), in: state)?.description.contains("committed units of MUG") == true)
    }

    @Test func definingTheSameRecipeAgainChangesNothing() throws {
        let (state, _) = try bundleState()
        #expect(state.changesNothing(.bundles(.defined(gift(mug: 2, tea: 1)))))
        #expect(!state.changesNothing(.bundles(.defined(gift(mug: 1, tea: 1)))))
        #expect(state.changesNothing(.bundles(.removed(code: "MUG"))) == true)
    }

    @Test func theChannelOfferSharesAComponentBetweenItsSingleAndBundleListings() throws {
        var (state, factory) = try bundleState()
        // One channel takes everything (amazon disabled).
        try factory.apply(
            .channelConfigured(
                name: "amazon",
                settings: ChannelSettings(rule: ChannelRule(priority: 2, enabled: false), format: .amazon)),
            to: &state)
        let allocation = state.channelAllocations(channel: "shopify")
        #expect(allocation("MUG") == 10)
        // MUG: 2 uses (alone, GIFT) → share 5 → GIFT gets ⌊5/2⌋ = 2; TEA share ⌊7/2⌋ = 3 → 3.
        #expect(state.channelOffer(of: "GIFT", allocation: allocation) == 2)
        #expect(state.channelOffer(of: "MUG", allocation: allocation) == 10 - 2 * 2)
        #expect(state.channelOffer(of: "TEA", allocation: allocation) == 7 - 2)
        #expect(state.channelOffer(of: "GIFT", allocation: state.channelAllocations(channel: "amazon")) == 0)
        #expect(state.publishable(ListingKey(channel: "shopify", listing: "GIFT")) == 2)
    }
}
