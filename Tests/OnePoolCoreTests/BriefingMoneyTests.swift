import OnePoolCore
import Testing

/// The briefing's items priced by `ProfitRule` and ranked by that one money (issue 18).
/// `startingState`: shopify (served first) and amazon, MUG with 10 on hand, cost 3.10, price 12.00
/// (margin 8.90); the penalty is 5.00 a cancelled line.
@Suite struct BriefingMoneyTests {
    private let time = Timestamp(secondsSince1970: 1_780_100_000)

    private func sell(_ quantities: [Int], _ state: inout StockState, _ factory: inout EventFactory) throws {
        for (index, quantity) in quantities.enumerated() {
            var line = EventFactory.line(order: "S\(index)", quantity: quantity)
            line.time = Timestamp(millisecondsSince1970: line.time.millisecondsSince1970 + Int64(index) * 60_000)
            try factory.apply(.orderPlaced(line), to: &state)
        }
    }

    @Test func anOversellCancelsTheNewestLinesThatCoverIt() throws {
        var (state, factory) = try startingState()
        // 13 sold of 10: 3 oversold; the newest line (4) covers them: one line to cancel.
        try sell([6, 3, 4], &state, &factory)
        let items = Briefing.stateItems(state: state, overExposed: [], time: time)
        let oversold = try #require(items.first { $0.id == "oversold:MUG" })
        #expect(oversold.money == Money(cents: 3 * 890 + 500))
        #expect(oversold.why.contains("(1 line(s))"))

        // 6, 5 and then 2: the newest (2) does not cover 3, so two lines go.
        var (other, otherFactory) = try startingState()
        try sell([6, 5, 2], &other, &otherFactory)
        let two = try #require(
            Briefing.stateItems(state: other, overExposed: [], time: time).first { $0.kind == .oversold })
        #expect(two.money == Money(cents: 3 * 890 + 2 * 500))
    }

    @Test func intoSafetyIsNotAnOversell() throws {
        var (state, factory) = try startingState()
        try factory.apply(.safetySet(sku: "MUG", quantity: 4), to: &state)
        try sell([8], &state, &factory)
        #expect(state.stock("MUG")?.available == -2)
        #expect(!Briefing.stateItems(state: state, overExposed: [], time: time).contains { $0.kind == .oversold })
    }

    @Test func aSKUWithoutACostIsPricedAtTheDefaultMarginAndSaysSo() throws {
        var (state, factory) = try startingState()
        try factory.apply(.skuCreated(SKU(code: "NEW", title: "New", price: Money(cents: 1000))), to: &state)
        try factory.apply(.orderPlaced(EventFactory.line(order: "N1", sku: "NEW", quantity: 2)), to: &state)
        let item = try #require(
            Briefing.stateItems(state: state, overExposed: [], time: time).first { $0.id == "oversold:NEW" })
        // 2 × (10.00 × 40%) + 5.00.
        #expect(item.money == Money(cents: 1300))
        #expect(item.effect.usesDefaultMargin)
        #expect(item.why.contains("no unit cost: priced at the default margin 40%"))
        // The setting is the store's: a journalled change moves the money.
        try factory.apply(
            .storeSettingsSet(StoreSettings(cancellationPenalty: .zero, defaultMarginBasisPoints: 2500)), to: &state)
        let repriced = try #require(
            Briefing.stateItems(state: state, overExposed: [], time: time).first { $0.id == "oversold:NEW" })
        #expect(repriced.money == Money(cents: 500), "2 × 2.50, no penalty")
    }

    /// amazon told 14 of MUG while shopify (served first) takes all 10: exposed 14.
    private func exposedState() throws -> StockState {
        var (state, factory) = try startingState()
        try factory.apply(.published(ListingKey(channel: "amazon", listing: "MUG"), quantity: 14), to: &state)
        return state
    }

    @Test func anOverExposedChannelCostsItsExpectedOversells() throws {
        let state = try exposedState()
        let items = Briefing.stateItems(state: state, overExposed: state.overExposed(), time: time)
        let item = try #require(items.first { $0.id == "over-exposed:amazon" })
        // No demand known: all 14 exposed units, × (8.90 + 5.00).
        #expect(item.money == Money(cents: 14 * 1390))
        #expect(item.action == .publish(channel: "amazon"))
    }

    @Test func aFailingSyncCarriesTheChannelsStaleExposureOnce() throws {
        let state = try exposedState()
        let sync = SyncFacts(failures: [SyncFacts.Failure(channel: "amazon", since: time, reason: "401 token expired")])
        let items = Briefing.stateItems(state: state, overExposed: state.overExposed(), time: time, sync: sync)
        let item = try #require(items.first { $0.id == "sync-failing:amazon" })
        #expect(item.money == Money(cents: 14 * 1390))
        #expect(item.why.contains("401 token expired"))
        #expect(!items.contains { $0.kind == .overExposed }, "the exposure is counted once, under the failing sync")
    }

    /// Issue 14's facts, from the journal: a push amazon applied, then its sync failing.
    @Test func aFailingSyncIsReadFromTheJournalsSyncEvents() throws {
        var (state, factory) = try startingState()
        let key = ListingKey(channel: "amazon", listing: "MUG")
        let push = SyncPushAnswer(
            channel: "amazon", key: "push-1", lines: [PushLine(listing: "MUG", from: nil, to: 14)], answer: .applied)
        try factory.apply(.sync(.pushed(push)), to: &state)
        // 4 sold on amazon and pulled: amazon now holds 10, and may sell 0 (shopify takes all 10).
        try factory.apply(
            .sync(.pulled(SyncPull(channel: "amazon", cursor: "c1", sold: [ListingUnits(listing: "MUG", units: 4)]))),
            to: &state)
        try factory.apply(.sync(.health(channel: "amazon", .failing(kind: "auth", message: "401 expired"))), to: &state)
        // What the console calls: no sync facts passed, read from the state.
        let items = Briefing.stateItems(state: state, overExposed: state.overExposed(), time: time)
        let failing = try #require(items.first { $0.id == "sync-failing:amazon" })
        #expect(failing.money == Money(cents: 10 * 1390), "10 held, 0 allowed: 10 × (8.90 + 5.00)")
        #expect(failing.why.contains("auth: 401 expired"))
        #expect(!items.contains { $0.kind == .overExposed })
        #expect(failing.effect.inputs.contains { $0.name == "\(key)" && $0.value == "shown 10, may sell 0" })

        // Drift on the same listing: priced once, under the drift (3 found where 10 was expected).
        try factory.apply(.sync(.drift(SyncDrift(key: key, expected: 10, found: 3))), to: &state)
        let drifted = Briefing.stateItems(state: state, overExposed: state.overExposed(), time: time)
        #expect(drifted.first { $0.id == "drift:amazon" }?.money == Money(cents: 3 * 1390))
        #expect(drifted.first { $0.id == "sync-failing:amazon" }?.money == .zero)

        // Working again: no failing item; the drift stays until OnePool sets the listing.
        try factory.apply(.sync(.health(channel: "amazon", .working)), to: &state)
        let working = Briefing.stateItems(state: state, overExposed: state.overExposed(), time: time)
        #expect(!working.contains { $0.kind == .syncFailing })
        #expect(working.contains { $0.id == "drift:amazon" })
        let reset = SyncPushAnswer(
            channel: "amazon", key: "push-2", lines: [PushLine(listing: "MUG", from: 3, to: 0)], answer: .applied)
        try factory.apply(.sync(.pushed(reset)), to: &state)
        let settled = Briefing.stateItems(state: state, overExposed: state.overExposed(), time: time)
        #expect(!settled.contains { $0.kind == .drift || $0.kind == .overExposed || $0.kind == .syncFailing })
    }

    @Test func driftAboveWhatAChannelMaySellCostsItsExpectedOversells() throws {
        let (state, _) = try startingState()
        let key = ListingKey(channel: "amazon", listing: "MUG")
        // amazon may sell 0 (shopify takes all 10); it shows 3 that nobody set: 3 × 13.90.
        let drifted = SyncFacts(drifts: [SyncFacts.Drift(key: key, seen: 3, lastSet: 0)])
        let items = Briefing.stateItems(state: state, overExposed: [], time: time, sync: drifted)
        let item = try #require(items.first { $0.id == "drift:amazon" })
        #expect(item.money == Money(cents: 3 * 1390))
        // Showing less than it may sell is no oversell risk (and a drift back to what was set is none).
        let low = SyncFacts(drifts: [
            SyncFacts.Drift(key: ListingKey(channel: "shopify", listing: "MUG"), seen: 2, lastSet: 10)
        ])
        let lowItem = try #require(
            Briefing.stateItems(state: state, overExposed: [], time: time, sync: low).first { $0.kind == .drift })
        #expect(lowItem.money == .zero)
    }

    @Test func itemIdsAreStableAndFindTheItem() throws {
        var (state, factory) = try startingState()
        try sell([12], &state, &factory)
        let first = Briefing.rank(Briefing.stateItems(state: state, overExposed: [], time: time))
        try factory.apply(.published(ListingKey(channel: "amazon", listing: "MUG"), quantity: 14), to: &state)
        let second = Briefing.rank(Briefing.stateItems(state: state, overExposed: state.overExposed(), time: time))
        #expect(first.map(\.id) == ["oversold:MUG"])
        #expect(Set(second.map(\.id)) == ["oversold:MUG", "over-exposed:amazon"])
        #expect(Briefing.item("oversold:MUG", in: second)?.money == Briefing.item("oversold:MUG", in: first)?.money)
        #expect(Briefing.item("oversold:NOPE", in: second) == nil)
    }

    /// Issue 18's ranking: a small stockout on a high-margin SKU outranks a large, slow overstock
    /// — which the old money (revenue at risk against cash at cost) ranked far above it.
    @Test func aSmallHighMarginStockoutOutranksALargeSlowOverstock() throws {
        var state = StockState()
        var factory = EventFactory()
        let lamp = SKU(
            code: "LAMP", title: "Lamp", unitCost: Money(cents: 5000), price: Money(cents: 25_000), leadTimeDays: 14)
        let vase = SKU(
            code: "VASE", title: "Vase", unitCost: Money(cents: 10_000), price: Money(cents: 15_000), leadTimeDays: 14)
        try factory.apply(.channelAdded(Channel(name: "shopify", kind: .shopify)), to: &state)
        for (sku, units) in [(lamp, 1), (vase, 200)] {
            try factory.apply(.skuCreated(sku), to: &state)
            try factory.apply(.received(sku: sku.code, quantity: units, reference: nil, fromIncoming: 0), to: &state)
        }
        let planner = ReplenishmentPlanner()
        let lampDemand = (0..<365).map { $0 % 4 == 0 ? 1 : 0 }  // one every four days
        let vaseDemand = [Int](repeating: 1, count: 365)  // one a day: 200 in stock is 200 days of cover
        let recommendations = [
            planner.recommend(.init(sku: lamp, stock: try #require(state.stock("LAMP")), demand: lampDemand)),
            planner.recommend(.init(sku: vase, stock: try #require(state.stock("VASE")), demand: vaseDemand)),
        ]
        let items = Briefing.make(state: state, recommendations: recommendations, recentSales: [:], time: time)
        let stockout = try #require(items.first { $0.id == "stockout-risk:LAMP" })
        let overstock = try #require(items.first { $0.id == "overstock" })
        // The old money: the overstock's cash dwarfs the stockout's revenue at risk.
        let cash = try #require(overstock.effect.capital.first?.money)
        #expect(cash > recommendations[0].moneyAtRisk * 10)
        // The new: ~2.5 units × 200.00 margin against 110 × 100.00 × 25% × 30/365 of carrying.
        #expect(stockout.money > Money(cents: 40_000) && stockout.money < Money(cents: 60_000))
        #expect(overstock.money > Money(cents: 20_000) && overstock.money < Money(cents: 25_000))
        #expect(items.firstIndex { $0.id == stockout.id } ?? 99 < items.firstIndex { $0.id == overstock.id } ?? 0)
        #expect(items.first?.id == "stockout-risk:LAMP")
    }

    @Test func theOldEntryPointsStillPriceWithTheStoresSettings() throws {
        // What the console calls: stateItems without an outlook, forecastItems, rank.
        var (state, factory) = try startingState()
        try sell([11], &state, &factory)
        try factory.apply(.storeSettingsSet(StoreSettings(cancellationPenalty: Money(cents: 2000))), to: &state)
        let items = Briefing.rank(
            Briefing.forecastItems(state: state, recommendations: [], recentSales: [:])
                + Briefing.stateItems(state: state, overExposed: state.overExposed(), time: time))
        #expect(items.first?.money == Money(cents: 890 + 2000))
    }
}
