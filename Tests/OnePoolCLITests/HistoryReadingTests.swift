import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolCLI
@testable import OnePoolStore

/// `HistoryReading` (the journal decoded on a worker, the folds split over two threads) must
/// build exactly what recording every event of `forEachEvent` into one `ReplenishmentHistory`
/// and `BriefingJournal` builds — the way `reorder` read the journal before — and fail the same
/// way on a damaged journal; and its stock-out calendar (a lean fold) must be the one a whole
/// `StockState` fold gives (`WholePoolStockoutCalendar`, the calendar before issue 17's change).
@Suite struct HistoryReadingTests {
    private static let metadata = StoreMetadata(name: "History", createdAt: 0, timeZone: "UTC")

    /// Random events of 40 SKUs and 2 bundles (a bundle's sale moves its components' stock), in
    /// batches of 1–8, over segments of 4 KB, with a snapshot at the end.
    private func randomStore(in directory: TemporaryDirectory, seed: UInt64, events count: Int) throws -> Store {
        let store = try Store.create(at: directory.child("store-\(seed)"), metadata: Self.metadata)
        store.segmentLimit = 4096
        var generator = RandomChanges(seed: seed, skus: 40, bundles: 2)
        var random = SplitMix64(seed: seed &+ 1)
        var rest = generator.events(count: count)[...]
        while !rest.isEmpty {
            let time = rest.first?.time
            let batch = rest.prefix(Int.random(in: 1...8, using: &random)).prefix { $0.time == time }
            rest = rest.dropFirst(batch.count)
            _ = try store.transact(actor: "prop", time: batch.first?.time ?? Timestamp(secondsSince1970: 0)) { _ in
                (batch.map { ProposedChange($0.change, idempotencyKey: $0.idempotencyKey) }, ())
            }
        }
        _ = try store.writeSnapshot()
        return store
    }

    /// The old reading: every event, one by one, on this thread; and the calendar of the whole pool.
    private func eventByEvent(
        _ store: Store, offset: Int, today: Int
    ) -> (ReplenishmentHistory, BriefingJournal, String?, WholePoolStockoutCalendar) {
        var history = ReplenishmentHistory(utcOffsetSeconds: offset)
        var journal = BriefingJournal(today: today, utcOffsetSeconds: offset)
        var whole = WholePoolStockoutCalendar(utcOffsetSeconds: offset)
        do {
            try store.forEachEvent { event in
                history.record(event)
                journal.record(event)
                whole.record(event)
            }
        } catch {
            return (history, journal, String(describing: error), whole)
        }
        return (history, journal, nil, whole)
    }

    /// The lean calendar against the whole pool's: every SKU's first day and out-of-stock days.
    private func expectSameCalendar(
        _ lean: StockoutCalendar, _ whole: WholePoolStockoutCalendar, today: Int, _ note: String
    ) {
        for code in whole.state.pools.keys {
            #expect(lean.firstDay(code) == whole.firstDay(code), "\(note): first day of \(code)")
            #expect(
                lean.censored(code, days: 90, endingOn: today + 1)
                    == whole.censored(code, days: 90, endingOn: today + 1),
                "\(note): stock-outs of \(code) against the whole pool's")
        }
    }

    /// Everything the planner and the briefing read of the two, compared.
    private func expectSame(
        _ a: (ReplenishmentHistory, BriefingJournal), _ b: (ReplenishmentHistory, BriefingJournal),
        state: StockState, today: Int, _ note: String
    ) {
        #expect(a.0.demand == b.0.demand, "\(note): demand")
        #expect(a.0.incoming.open == b.0.incoming.open, "\(note): incoming")
        let codes = Set(state.pools.keys).union(a.0.demand.series.keys).union(b.0.demand.series.keys)
        for code in codes {
            #expect(a.0.stockouts.firstDay(code) == b.0.stockouts.firstDay(code), "\(note): first day of \(code)")
            #expect(
                a.0.stockouts.censored(code, days: 60, endingOn: today + 1)
                    == b.0.stockouts.censored(code, days: 60, endingOn: today + 1), "\(note): stock-outs of \(code)")
        }
        #expect(a.1.channelSales == b.1.channelSales, "\(note): channel sales")
        let now = Timestamp(secondsSince1970: Int64(today + 1) * 86_400)
        #expect(
            a.1.returns.units(state: state, now: now, days: 60) == b.1.returns.units(state: state, now: now, days: 60),
            "\(note): returns")
    }

    @Test func randomJournalsAreReadExactlyAsEventByEvent() throws {
        let directory = TemporaryDirectory()
        for seed in [3, 4, 5, 6] as [UInt64] {
            let store = try randomStore(in: directory, seed: seed, events: 600)
            let offset = [0, 3_600, -18_000, 19_800][Int(seed) % 4]
            let today = store.state.lastEventTime.day(offsetSeconds: offset) - Int(seed % 3)
            let (history, journal, error, whole) = eventByEvent(store, offset: offset, today: today)
            #expect(error == nil)
            #expect(!history.demand.series.isEmpty)
            let read = try HistoryReading.read(store, utcOffsetSeconds: offset, today: today)
            expectSame(read, (history, journal), state: store.state, today: today, "seed \(seed)")
            expectSameCalendar(read.history.stockouts, whole, today: today, "seed \(seed)")
            let out = whole.state.pools.keys.reduce(0) { $0 + whole.censoredCount($1, days: 90, endingOn: today + 1) }
            #expect(out > 0, "seed \(seed): the journal must run out of stock somewhere")
        }
    }

    @Test func aDamagedJournalFailsTheSame() throws {
        let directory = TemporaryDirectory()
        let original = try randomStore(in: directory, seed: 8, events: 300)
        let today = original.state.lastEventTime.day(offsetSeconds: 0)
        var failures = 0
        for number in try original.layout.segmentNumbers() {
            let path = original.layout.segment(number)
            let clean = RawFile.bytes(path)
            for offset in stride(from: 40, to: clean.count, by: 211) {
                RawFile.flipByte(path, at: offset)
                defer { RawFile.write(clean, to: path) }
                guard let store = try? Store.open(at: original.path) else { continue }
                let (history, _, expected, whole) = eventByEvent(store, offset: 0, today: today)
                // What was read before the damage: the lean calendar of it is the whole pool's.
                expectSameCalendar(history.stockouts, whole, today: today, "segment \(number) byte \(offset)")
                var thrown: String? = nil
                do { _ = try HistoryReading.read(store, utcOffsetSeconds: 0, today: today) } catch {
                    thrown = String(describing: error)
                }
                #expect(thrown == expected, "segment \(number) byte \(offset)")
                if expected != nil { failures += 1 }
            }
        }
        #expect(failures > 5)
    }
}
