import OnePoolConsole
import OnePoolCore
import OnePoolTestSupport
import Testing

/// The loader follows news by redoing only the touched SKUs' forecast items
/// (`CatalogueForecast.briefingItemsChange`): applied to what the console holds, each change must
/// give exactly the whole list `briefingItems(state:)` makes from every SKU — through receipts
/// that make a SKU overstocked (the one overstock item moves), sales that make one run out
/// before delivery, cost changes (the money of its items), and new settings (every SKU).
@Suite struct BriefingItemsFollowTests {
    @Test(arguments: [1, 2, 3])
    func followingTheTouchedSKUsGivesTheWholeList(seed: Int) throws {
        var state = ConsoleFixture.stock
        var history = ReplenishmentHistory(utcOffsetSeconds: ConsoleFixture.offset)
        for event in ConsoleFixture.cachedEvents { history.record(event) }
        let today = ConsoleFixture.today
        var catalogue = CatalogueForecast()
        catalogue.compute(state: state, history: history, today: today)
        var held = BriefingItemsChange.byID(catalogue.trackedBriefingItems(state: state))
        #expect(held == BriefingItemsChange.byID(catalogue.briefingItems(state: state)))
        var random = SplitMix64(seed: UInt64(seed))
        let codes = state.skuCodes.sorted()
        var moved: Set<BriefingItem.Kind> = []
        var order = 0
        for step in 0..<40 {
            let code = try #require(codes.randomElement(using: &random))
            let time = Timestamp(
                millisecondsSince1970: Int64(today) * Timestamp.millisecondsPerDay + Int64(600 + step) * 60_000)
            let change: Change
            switch Int.random(in: 0..<8, using: &random) {
            case 0, 1:
                change = .received(
                    sku: code, quantity: Int.random(in: 200...2_000, using: &random), reference: nil, fromIncoming: 0)
            case 2, 3, 4:
                order += 1
                let available = state.pools[code]?.stock.available ?? 0
                let facts = OrderLineFacts(
                    id: OrderLineID(channel: ChannelName("shopify"), order: "follow-\(seed)-\(order)", line: 1),
                    sku: code, quantity: max(1, min(available, Int.random(in: 1...60, using: &random))),
                    unitPrice: state.sku(code)?.price ?? .zero, time: time)
                change = .orderPlaced(facts)
            case 5, 6:
                var sku = try #require(state.sku(code))
                sku.unitCost = Money(cents: Int64.random(in: 100...9_000, using: &random))
                change = .skuUpdated(sku)
            default:
                var settings = state.settings
                settings.carryingRateBasisPoints = Int.random(in: 500...4_000, using: &random)
                change = .storeSettingsSet(settings)
            }
            guard (try? state.check(change)) != nil else { continue }
            let event = Event(
                sequence: state.lastSequence + 1, time: time, actor: "test",
                idempotencyKey: "follow-\(seed)-\(step)", change: change)
            state.apply(event)
            history.record(event)
            // As the loader takes news: the event's own SKU is forecast again, then its items.
            let touched = change.skuCode.map { [$0] } ?? []
            _ = catalogue.update(touched, state: state, history: history, today: today)
            let itemsChange = catalogue.briefingItemsChange(for: touched, state: state)
            for item in itemsChange.gone { held[item.id] = nil }
            for item in itemsChange.come { held[item.id] = item }
            moved.formUnion(itemsChange.come.map(\.kind))
            let whole = BriefingItemsChange.byID(catalogue.briefingItems(state: state))
            let differing = Set(held.keys).union(whole.keys).filter { held[$0] != whole[$0] }.sorted()
            #expect(differing.isEmpty, "step \(step): these items differ from the whole list's: \(differing)")
        }
        // The news above moved each kind of item at least once: the comparison saw them follow.
        #expect(moved.isSuperset(of: [.overstock, .stockoutRisk]), "moved: \(moved)")
    }
}
