import OnePoolCore
import OnePoolTestSupport
import Testing

/// The open lines filed by SKU, kept batch by batch from the lines each event names, must be the
/// index built afresh from the state, and the oversold items read through it must be exactly the
/// items a walk of every open line gives.
@Suite struct OpenLinesBySKUTests {
    @Test func keptIndexGivesTheOversoldItemsAFullWalkGives() {
        var oversoldSeen = 0
        for seed in 0..<40 {
            var generator = RandomChanges(seed: UInt64(seed), skus: 6, bundles: seed % 2)
            let events = generator.events(count: 400)
            var random = SplitMix64(seed: UInt64(seed) &+ 1)
            var state = StockState()
            var kept = OpenLinesBySKU(state.openLines)
            var start = 0
            while start < events.count {
                // Batches of 1–8 events, as news arrives in the console.
                let end = min(events.count, start + Int.random(in: 1...8, using: &random))
                let batch = events[start..<end]
                batch.forEach { state.apply($0) }
                kept.refresh(after: batch, in: state)
                start = end
                #expect(kept == OpenLinesBySKU(state.openLines))
                let every = Set(state.pools.keys)
                let walked = Briefing.oversoldItems(state: state, skus: every)
                let indexed = Briefing.oversoldItems(state: state, skus: every, openLines: kept)
                #expect(Set(indexed) == Set(walked))
                #expect(indexed.count == walked.count)
                oversoldSeen += walked.count
            }
        }
        // The streams must oversell now and then, or the comparison above proves nothing.
        #expect(oversoldSeen > 0)
    }

    @Test func amendedLinesMoveToTheirNewSKUAndClosedLinesLeave() {
        let id = OrderLineID(channel: "shopify", order: "1", line: 1)
        let line = OpenOrderLine(
            sku: "A", quantity: 2, unitPrice: Money(cents: 100), placedAt: Timestamp(secondsSince1970: 0))
        var index = OpenLinesBySKU()
        index.refresh([id], from: [id: line])
        #expect(index.lines(of: "A") == [id])
        var moved = line
        moved.sku = "B"
        index.refresh([id], from: [id: moved])
        #expect(index.lines(of: "A").isEmpty && index.lines(of: "B") == [id])
        index.refresh([id], from: [:])
        #expect(index == OpenLinesBySKU())
    }
}
