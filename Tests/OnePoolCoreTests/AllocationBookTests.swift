import OnePoolCore
import OnePoolTestSupport
import PropertyBased
import Testing

@Suite struct AllocationBookTests {
    /// Over random event streams (orders, counts, channel rules, mappings…): after every event,
    /// the book kept up to date one event at a time equals one built from scratch, no SKU offers
    /// the channels more than it has, and a capped channel's open lines plus its offer stay
    /// within its cap whenever the floor does not guarantee more.
    @Test func incrementalBookMatchesAFullPassAndNeverOffersMoreThanExists() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...Int.max)) { seed in
            var generator = RandomChanges(seed: UInt64(seed))
            let events = generator.events(count: 250)
            var state = StockState()
            var book = AllocationBook(state: state)
            for event in events {
                state.apply(event)
                book.update(after: event.change, in: state)
                for (code, pool) in state.pools {
                    let allocations = book.allocations(of: code)
                    #expect(allocations.allSatisfy { $0 >= 0 })
                    #expect(allocations.reduce(0, +) + book.unexposed(of: code) == max(pool.stock.available, 0))
                }
            }
            #expect(book == AllocationBook(state: state))
            for code in state.pools.keys {
                guard let allocation = state.allocation(of: code) else { continue }
                #expect(allocation.shares.map(\.allocation) == book.allocations(of: code))
                for share in allocation.shares where share.enabled {
                    if let cap = share.capUnits, share.allocation > share.floor {
                        #expect(share.allocation + share.committed <= max(cap, share.floor))
                    }
                }
            }
        }
    }

    @Test func aCapCountsWhatTheChannelAlreadyHolds() throws {
        var state = StockState()
        var factory = EventFactory()
        try setUpTwoChannels(&state, &factory)
        try factory.apply(
            .channelConfigured(
                name: "amazon",
                settings: ChannelSettings(rule: ChannelRule(priority: 1, cap: .units(30)), format: .amazon)), to: &state
        )
        try factory.apply(
            .channelConfigured(
                name: "shopify", settings: ChannelSettings(rule: ChannelRule(priority: 2), format: .shopify)),
            to: &state)
        #expect(state.allocation(of: "MUG")?.share(of: "amazon")?.allocation == 30)
        // Amazon sells 20: it may be offered 10 more, not 30 again.
        try factory.apply(
            .orderPlaced(
                OrderLineFacts(
                    id: OrderLineID(channel: "amazon", order: "A1", line: 1), sku: "MUG", quantity: 20,
                    unitPrice: Money(cents: 999),
                    time: Timestamp(secondsSince1970: 1_780_000_100))), to: &state)
        let allocation = try #require(state.allocation(of: "MUG"))
        #expect(allocation.share(of: "amazon")?.allocation == 10)
        #expect(allocation.share(of: "shopify")?.allocation == allocation.available - 10)
    }

    @Test func aRuleChangeRebuildsTheBook() throws {
        var state = StockState()
        var factory = EventFactory()
        try setUpTwoChannels(&state, &factory)
        var book = AllocationBook(state: state)
        let change = Change.channelConfigured(
            name: "shopify",
            settings: ChannelSettings(rule: ChannelRule(priority: 1, cap: .percent(50)), format: .shopify))
        try factory.apply(change, to: &state)
        book.update(after: change, in: state)
        #expect(book == AllocationBook(state: state))
        #expect(book.allocations(of: "MUG") == [50, 50])  // shopify (now first) capped at 50%, amazon the rest
    }

    private func setUpTwoChannels(_ state: inout StockState, _ factory: inout EventFactory) throws {
        try factory.apply(.channelAdded(Channel(name: "shopify", kind: .shopify)), to: &state)
        try factory.apply(.channelAdded(Channel(name: "amazon", kind: .amazon)), to: &state)
        try factory.apply(
            .skuCreated(SKU(code: "MUG", title: "Mug", unitCost: Money(cents: 300), price: Money(cents: 999))),
            to: &state)
        try factory.apply(.received(sku: "MUG", quantity: 100, reference: nil, fromIncoming: 0), to: &state)
    }
}
