import OnePoolCore
import OnePoolTestSupport
import PropertyBased
import Testing

@Suite struct FoldPropertyTests {
    @Test func foldingTheSameEventsTwiceGivesTheSameState() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...Int.max)) { seed in
            var generator = RandomChanges(seed: UInt64(seed))
            let events = generator.events(count: 300)
            var first = StockState()
            var second = StockState()
            events.forEach { first.apply($0) }
            events.forEach { second.apply($0) }
            #expect(first == second)
        }
    }

    @Test func committedIsAlwaysTheSumOfOpenLines() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...Int.max)) { seed in
            var generator = RandomChanges(seed: UInt64(seed))
            var state = StockState()
            for event in generator.events(count: 300) {
                state.apply(event)
                for code in state.skuCodes {
                    let open = state.openLines.values.filter { $0.sku == code }.reduce(0) { $0 + $1.quantity }
                    let stock = state.stock(code) ?? StockLevel()
                    #expect(stock.committed == open)
                    #expect(state.pools[code]?.committedByChannel == openUnitsByChannel(state, code))
                    #expect(stock.held >= 0 && stock.unsellable >= 0 && stock.incoming >= 0 && stock.safety >= 0)
                }
            }
        }
    }

    @Test func replayingAStreamInTwoPartsEqualsReplayingItWhole() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...Int.max), Gen.int(in: 0...300)) { seed, cut in
            var generator = RandomChanges(seed: UInt64(seed))
            let events = generator.events(count: 300)
            var whole = StockState()
            events.forEach { whole.apply($0) }
            var head = StockState()
            events.prefix(cut).forEach { head.apply($0) }
            var resumed = head
            events.dropFirst(cut).forEach { resumed.apply($0) }
            #expect(resumed == whole)
        }
    }
}

/// Each channel's open units of a SKU, summed from the open lines (what `committedByChannel` keeps).
private func openUnitsByChannel(_ state: StockState, _ code: SKUCode) -> [ChannelName: Int] {
    var byChannel: [ChannelName: Int] = [:]
    for (id, line) in state.openLines where line.sku == code { byChannel[id.channel, default: 0] += line.quantity }
    return byChannel
}

@Suite struct RandomChangesTests {
    /// Guards the property tests above: a generator that only produced receipts would make
    /// them pass without testing the fold.
    @Test func streamsExerciseEveryKindOfChange() {
        var generator = RandomChanges(seed: 7)
        let kinds = Set(generator.events(count: 2000).map(\.change.kind))
        for kind in [
            "received", "incoming", "counted", "adjusted", "held", "released", "unsellable", "restored", "safety-set",
            "order-placed", "order-shipped", "order-cancelled", "order-returned", "order-amended",
        ] {
            #expect(kinds.contains(kind), "no \(kind) events generated")
        }
    }
}

@Suite struct RandomAmendmentTests {
    /// The streams the fold, replay and snapshot properties run on amend open lines (to another
    /// quantity, price and SKU) and closed ones, so those properties cover amendments.
    @Test func streamsAmendOpenAndClosedLinesInEveryWay() {
        var generator = RandomChanges(seed: 7)
        let amendments = generator.events(count: 2000).compactMap { event -> OrderAmendment? in
            if case .orderAmended(let amendment) = event.change { amendment } else { nil }
        }
        #expect(amendments.count >= 20)
        #expect(amendments.contains { $0.before == nil })
        let open = amendments.compactMap { amendment in amendment.before.map { ($0, amendment.after) } }
        #expect(open.contains { $0.sku != $1.sku })
        #expect(open.contains { $0.quantity != $1.quantity })
        #expect(open.contains { $0.unitPrice != $1.unitPrice })
    }
}
