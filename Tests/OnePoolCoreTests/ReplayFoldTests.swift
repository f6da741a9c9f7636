import OnePoolCore
import OnePoolTestSupport
import Testing

/// What replay's speed rests on in Core: a `Change` small enough to move cheaply, a pool's
/// committed units kept right whether a channel's entry is found by comparing names or by hashing,
/// and starvation judged for some SKUs exactly as for all of them.
@Suite struct ReplayFoldTests {
    @Test func aChangeIsTheSizeOfAnOrderLinesFacts() {
        // The rare, large cases are boxed: moving a change copies no more than an order line.
        #expect(MemoryLayout<Change>.size <= MemoryLayout<OrderLineFacts>.size + 8)
    }

    @Test(arguments: [3, 8, 9, 20])
    func committedByChannelMatchesASumWhateverTheChannelCount(channels: Int) {
        var state = StockState()
        let mug = Change.skuCreated(SKU(code: "MUG", title: "Mug"))
        state.apply(Event(sequence: 1, time: Timestamp(millisecondsSince1970: 0), actor: "t", change: mug))
        var open: [(OrderLineFacts, String)] = []
        var expected: [ChannelName: Int] = [:]
        var random = SplitMix64(seed: UInt64(channels))
        for step in 0..<2_000 {
            let time = Timestamp(millisecondsSince1970: Int64(step))
            let change: Change
            if open.isEmpty || Bool.random(using: &random) {
                let name = "channel-\(Int.random(in: 0..<channels, using: &random))"
                let line = OrderLineFacts(
                    id: OrderLineID(channel: ChannelName(name), order: "o\(step)", line: 1), sku: "MUG",
                    quantity: Int.random(in: 1...5, using: &random), unitPrice: Money(cents: 100), time: time)
                open.append((line, name))
                expected[ChannelName(name), default: 0] += line.quantity
                change = .orderPlaced(line)
            } else {
                // Closing lines brings channels back to 0, whose entries must then disappear.
                let (line, name) = open.remove(at: Int.random(in: 0..<open.count, using: &random))
                let now = expected[ChannelName(name), default: 0] - line.quantity
                expected[ChannelName(name)] = now == 0 ? nil : now
                change = Bool.random(using: &random) ? .orderCancelled(line) : .orderShipped(line)
            }
            state.apply(Event(sequence: state.lastSequence + 1, time: time, actor: "t", change: change))
        }
        #expect(state.pools["MUG"]?.committedByChannel == expected)
        #expect(state.pools["MUG"]?.stock.committed == expected.values.reduce(0, +))
    }

    @Test func starvationOfSomeSKUsIsTheFullVerdictForThem() throws {
        var (state, factory) = try startingState()
        for code in ["CUP", "PLATE", "BOWL"] {
            try factory.apply(.skuCreated(SKU(code: SKUCode(code), title: code)), to: &state)
            try factory.apply(.received(sku: SKUCode(code), quantity: 10, reference: nil, fromIncoming: 0), to: &state)
        }
        let all = state.starvations()
        #expect(!all.isEmpty)
        for codes: Set<SKUCode> in [
            Set<SKUCode>(), ["MUG"], ["CUP", "BOWL"], ["MUG", "CUP", "PLATE", "BOWL", "NONE"],
        ] {
            #expect(state.starvations(skus: codes) == all.filter { codes.contains($0.sku) }, "\(codes)")
            #expect(
                state.starvations(channel: "amazon", skus: codes)
                    == all.filter { codes.contains($0.sku) && $0.channel == "amazon" })
        }
    }
}
