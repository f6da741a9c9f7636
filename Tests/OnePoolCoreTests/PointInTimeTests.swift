import OnePoolCore
import OnePoolTestSupport
import PropertyBased
import Testing

/// `PointInTime`: the journal folded in sequence order up to the first event later than the
/// moment — the rule `stock --at`, `allocation --at` and `briefing --date` share (issue 18).
@Suite struct PointInTimeTests {
    /// A random stream whose times now and then step back (a clock set wrong, another machine):
    /// the cut must follow the sequence, not sort by time.
    static func skewedStream(seed: UInt64, count: Int) -> [Event] {
        var generator = RandomChanges(seed: seed)
        var random = SplitMix64(seed: seed ^ 0x5EED)
        return generator.events(count: count).map { event in
            var event = event
            if Int.random(in: 0..<5, using: &random) == 0 {
                event.time = Timestamp(
                    millisecondsSince1970: event.time.millisecondsSince1970
                        - Int64.random(in: 1...7_200_000, using: &random))
            }
            return event
        }
    }

    @Test func theCutIsTheFoldOfThePrefixUpToTheFirstLaterEvent() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...Int.max), Gen.int(in: 0...1000)) { seed, pick in
            let events = Self.skewedStream(seed: UInt64(seed), count: 250)
            // A moment at, just before or just after an event's time, or before everything.
            let anchor = events[pick % events.count].time.millisecondsSince1970
            let moment = Timestamp(millisecondsSince1970: anchor + Int64(pick % 3) - 1 - (pick % 50 == 0 ? 1 << 40 : 0))
            var cut = PointInTime(moment)
            for event in events { _ = cut.take(event) }

            // Reference, written out plainly: stop at the first event later than the moment.
            var expected = StockState()
            var last: Event? = nil
            for event in events {
                if event.time > moment { break }
                expected.apply(event)
                last = event
            }
            #expect(cut.state == expected)
            #expect(cut.lastIncluded?.sequence == last?.sequence)
            let included = PointInTime.included(events, at: moment)
            #expect(
                included.count == Int(last?.sequence ?? 0), "sequences start at 1: the prefix ends at the last included"
            )
            if included.count < events.count {
                #expect(cut.isComplete && events[included.count].time > moment)
            }
        }
    }

    @Test func aMomentAfterEverythingIsTheWholeFoldAndBeforeEverythingIsEmpty() {
        let events = Self.skewedStream(seed: 7, count: 300)
        var whole = StockState()
        events.forEach { whole.apply($0) }
        var late = PointInTime(Timestamp(millisecondsSince1970: Int64.max))
        events.forEach { _ = late.take($0) }
        #expect(late.state == whole)
        #expect(!late.isComplete)
        #expect(late.lastIncluded?.sequence == events.last?.sequence)

        var early = PointInTime(Timestamp(millisecondsSince1970: 0))
        events.forEach { _ = early.take($0) }
        #expect(early.state == StockState())
        #expect(early.lastIncluded == nil && early.isComplete)
    }

    @Test func anEventThatReadsEarlierAfterALaterOneIsLeftOut() throws {
        var (_, factory) = try startingState()
        let first = factory.event(.channelAdded(Channel(name: "ebay", kind: .ebay)))
        var late = factory.event(.channelAdded(Channel(name: "etsy", kind: .other)))
        late.time = Timestamp(millisecondsSince1970: first.time.millisecondsSince1970 + 10_000)
        var early = factory.event(.channelAdded(Channel(name: "shop", kind: .other)))
        early.time = Timestamp(millisecondsSince1970: first.time.millisecondsSince1970 + 1)
        var cut = PointInTime(Timestamp(millisecondsSince1970: first.time.millisecondsSince1970 + 5))
        for event in [first, late, early] { _ = cut.take(event) }
        #expect(cut.state.channels.keys.sorted() == ["ebay"], "the journal is a sequence: a state is a prefix of it")
        #expect(cut.lastIncluded?.sequence == first.sequence)
    }
}
