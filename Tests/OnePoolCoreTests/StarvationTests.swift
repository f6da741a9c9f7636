import OnePoolCore
import Testing

/// Starved: offered 0 of a SKU that has units and that the channel lists, because channels
/// served before it took them all — and nothing else (issues 11 and 13).
@Suite struct StarvationTests {
    /// shopify (served first) and amazon, MUG with 10 on hand (see `startingState`).
    private func state(_ rules: [String: ChannelRule]) throws -> (StockState, EventFactory) {
        var (state, factory) = try startingState()
        for (name, rule) in rules {
            let format = state.channelSettings[ChannelName(name)]?.format ?? .generic
            try factory.apply(
                .channelConfigured(name: ChannelName(name), settings: ChannelSettings(rule: rule, format: format)),
                to: &state)
        }
        return (state, factory)
    }

    @Test func aChannelServedAfterOneWithoutACapIsStarved() throws {
        let (state, _) = try state([:])
        #expect(state.starvations() == [Starvation(channel: "amazon", sku: "MUG", available: 10, couldOffer: 10)])
        #expect(state.channelsAhead(of: "amazon") == ["shopify"])
        // Its own cap does not save it: the README's `--cap 30%` still offers 0.
        let (capped, _) = try self.state(["amazon": ChannelRule(priority: 2, cap: .percent(30))])
        #expect(capped.starvations().map(\.couldOffer) == [3])
    }

    @Test func aShareForTheChannelEndsTheStarvation() throws {
        for rules in [
            ["shopify": ChannelRule(priority: 1, cap: .percent(70))], ["amazon": ChannelRule(priority: 2, floor: 2)],
            ["amazon": ChannelRule(priority: 1), "shopify": ChannelRule(priority: 2, cap: .units(20))],
        ] {
            let (state, _) = try state(rules)
            #expect(state.starvations(channel: "amazon").isEmpty, "\(rules)")
        }
    }

    @Test func offeredNothingForAnotherReasonIsNotStarved() throws {
        // Switched off, capped at 0 by its own rule, or nothing to offer.
        let (off, _) = try state(["amazon": ChannelRule(priority: 2, enabled: false)])
        #expect(off.starvations().isEmpty)
        let (zero, _) = try state(["amazon": ChannelRule(priority: 2, cap: .units(0))])
        #expect(zero.starvations().isEmpty)
        var (empty, factory) = try state([:])
        try factory.apply(.counted(sku: "MUG", quantity: 0, reason: "gone"), to: &empty)
        #expect(empty.starvations().isEmpty)
        // A channel whose listing "MUG" sells another SKU does not list MUG.
        var (remapped, more) = try state([:])
        try more.apply(.skuCreated(SKU(code: "CUP", title: "Cup")), to: &remapped)
        try more.apply(
            .listingMapped(ListingKey(channel: "amazon", listing: "MUG"), ListingMapping(sku: "CUP")), to: &remapped)
        #expect(remapped.starvations().isEmpty)
    }

    @Test func aChannelNeverOfferedStockIsNotZeroedWithoutBeingAsked() throws {
        var (state, factory) = try state([:])
        let zero = [(listing: "MUG", quantity: 0)]
        #expect(throws: Refusal.self) { try state.checkZeroing(channel: "amazon", quantities: zero, allowZero: false) }
        #expect(throws: Never.self) { try state.checkZeroing(channel: "amazon", quantities: zero, allowZero: true) }
        #expect(throws: Never.self) {
            try state.checkZeroing(channel: "amazon", quantities: [(listing: "MUG", quantity: 3)], allowZero: false)
        }
        do {
            try state.checkZeroing(channel: "amazon", quantities: zero, allowZero: false)
        } catch {
            #expect(error.description.contains("1 of them are starved: shopify (served first)"))
        }
        // Once offered stock, a zero is ordinary: the stock ran out.
        try factory.apply(.published(ListingKey(channel: "amazon", listing: "MUG"), quantity: 2), to: &state)
        #expect(state.offeredChannels == ["amazon"])
        try factory.apply(.published(ListingKey(channel: "amazon", listing: "MUG"), quantity: 0), to: &state)
        #expect(state.offeredChannels == ["amazon"], "ever offered stays offered")
        #expect(throws: Never.self) { try state.checkZeroing(channel: "amazon", quantities: zero, allowZero: false) }
    }

    @Test func aFirstPushMayZeroASKUWithNoStockButNotAStarvedOne() throws {
        var (state, factory) = try state([:])
        try factory.apply(.skuCreated(SKU(code: "EMPTY", title: "Nothing left")), to: &state)
        // amazon is offered stock elsewhere; EMPTY has no units at all: its 0 is the truth.
        let truthful = [(listing: "EMPTY", quantity: 0), (listing: "OTHER", quantity: 4)]
        #expect(throws: Never.self) {
            try state.checkZeroing(channel: "amazon", quantities: truthful, allowZero: false)
        }
        // MUG has units that shopify (served first) takes: zeroing it on a first push is refused
        // even when the push offers stock elsewhere.
        let starved = [(listing: "MUG", quantity: 0), (listing: "OTHER", quantity: 4)]
        #expect(throws: Refusal.self) {
            try state.checkZeroing(channel: "amazon", quantities: starved, allowZero: false)
        }
    }

    @Test func theBriefingNamesAStarvedChannel() throws {
        let (state, _) = try state([:])
        let items = Briefing.stateItems(
            state: state, overExposed: [], starved: state.starvations(), time: Timestamp(secondsSince1970: 0))
        let item = try #require(items.first { $0.kind == .starved })
        #expect(item.subject == "amazon")
        // No demand known: all 10 it could be offered, at the margin 12.00 − 3.10 (`ProfitRule.starved`).
        #expect(item.money == Money(cents: 8_900))
        #expect(item.action == .editChannel("amazon"))
    }
}
