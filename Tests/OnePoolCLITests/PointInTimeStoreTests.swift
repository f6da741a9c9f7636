import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport
import Testing

@testable import OnePoolCLI

/// `--at` on a real store equals the state folded from the events up to that time (issue 18):
/// random streams, their times now and then stepping back, written to a store one commit per
/// event; then cut at random moments and compared with the plain fold of the same events.
@Suite struct PointInTimeStoreTests {
    @Test(arguments: [3, 17, 101, 2026])
    func theFoldAtAMomentIsThePrefixOfTheJournalUpToIt(seed: UInt64) throws {
        var generator = RandomChanges(seed: seed)
        var random = SplitMix64(seed: seed &* 31)
        let events = generator.events(count: 120).map { event in
            var event = event
            if Int.random(in: 0..<4, using: &random) == 0 {
                event.time = Timestamp(
                    millisecondsSince1970: event.time.millisecondsSince1970
                        - Int64.random(in: 1...7_200_000, using: &random))
            }
            return event
        }
        let directory = TemporaryDirectory("onepool-at-property")
        let store = try Store.create(
            at: directory.child("store"), metadata: StoreMetadata(name: "At", createdAt: 0, timeZone: "UTC"))
        for event in events {
            _ = try store.transact(actor: "prop", time: event.time) { _ in
                ([ProposedChange(event.change, idempotencyKey: event.idempotencyKey)], ())
            }
        }
        #expect(store.state.lastSequence == UInt64(events.count), "every event was appended, none dropped")

        var moments = [Timestamp(millisecondsSince1970: 0), Timestamp(millisecondsSince1970: Int64.max / 2)]
        for _ in 0..<12 {
            let anchor = events[Int.random(in: 0..<events.count, using: &random)].time.millisecondsSince1970
            moments.append(Timestamp(millisecondsSince1970: anchor + Int64.random(in: -1...1, using: &random)))
        }
        for moment in moments {
            let cut = try PointInTimeReading.fold(store, at: moment)
            var expected = StockState()
            var count = 0
            for event in events {
                guard event.time <= moment else { break }
                expected.apply(event)
                count += 1
            }
            #expect(cut.state == expected, "seed \(seed), moment \(moment.millisecondsSince1970)")
            #expect(cut.lastIncluded?.sequence ?? 0 == UInt64(count))
        }
        let whole = try PointInTimeReading.fold(store, at: Timestamp(millisecondsSince1970: Int64.max / 2))
        #expect(whole.state == store.state, "a moment after everything is the store as it is")
    }
}
