import OnePoolCore
import OnePoolTestSupport
import Testing

/// The lean stock-out calendar (no idempotency index, demand history skipped but a bundle's)
/// against the calendar that folds a whole `StockState` (`WholePoolStockoutCalendar`, the code
/// before issue 17's change): the same out-of-stock days and first days for every SKU, on any
/// journal the store can hold.
@Suite struct LeanStockoutCalendarTests {
    private static let offsets = [0, 3_600, -18_000, 19_800]

    /// Both calendars over `events`, compared day by day over the whole span and a week either side.
    private func expectSame(_ events: [Event], offset: Int, _ note: String) {
        var lean = StockoutCalendar(utcOffsetSeconds: offset)
        var whole = WholePoolStockoutCalendar(utcOffsetSeconds: offset)
        for event in events {
            lean.record(event)
            whole.record(event)
        }
        guard let first = events.first, let last = events.last else { return }
        let start = first.time.day(offsetSeconds: offset) - 7
        let end = last.time.day(offsetSeconds: offset) + 7
        for code in whole.state.pools.keys.sorted() {
            #expect(lean.firstDay(code) == whole.firstDay(code), "\(note): first day of \(code)")
            let days = end - start + 1
            #expect(
                lean.censored(code, days: days, endingOn: end) == whole.censored(code, days: days, endingOn: end),
                "\(note): out-of-stock days of \(code)")
        }
    }

    @Test func randomJournalsGiveTheWholePoolsCalendar() {
        var outDays = 0
        for seed in 1...24 as ClosedRange<UInt64> {
            // Few SKUs and units, so that stock runs out often; bundles in half the streams.
            var generator = RandomChanges(seed: seed &* 7_919, skus: 6, bundles: seed % 2 == 0 ? 2 : 0)
            let events = generator.events(count: 1_500)
            let offset = Self.offsets[Int(seed) % Self.offsets.count]
            expectSame(events, offset: offset, "seed \(seed)")
            // Every prefix ends somewhere: the day in progress is read as the last event left it.
            for cut in [17, 301, 777] {
                expectSame(Array(events.prefix(cut)), offset: offset, "seed \(seed) cut \(cut)")
            }
            var whole = WholePoolStockoutCalendar(utcOffsetSeconds: offset)
            events.forEach { whole.record($0) }
            let last = events.last?.time.day(offsetSeconds: offset) ?? 0
            outDays += whole.state.pools.keys.reduce(0) { $0 + whole.censoredCount($1, days: 120, endingOn: last) }
        }
        // The streams must run out of stock, or the comparison shows nothing.
        #expect(outDays > 200)
    }

    /// A valid journal from changes, each on its day: committed as the store commits them.
    private func journal(_ changes: [(day: Int, change: ProposedChange)]) throws -> [Event] {
        var state = StockState()
        var events: [Event] = []
        for (day, proposed) in changes {
            let time = Timestamp(secondsSince1970: Int64(20_000 + day) * 86_400 + 3_600)
            let written = try state.commit(proposed, time: time)
            #expect(written, "day \(day): \(proposed.change)")
            events.append(
                Event(
                    sequence: state.lastSequence, time: time, actor: "t", idempotencyKey: proposed.idempotencyKey,
                    change: proposed.change))
        }
        return events
    }

    /// A bundle's line recorded as history took its components: when it comes back and is
    /// restocked, the components are in stock again. A calendar that skipped every history line
    /// would send the return to the bundle itself and keep the component out.
    @Test func aBundlesHistoryLineReturnsItsComponents() throws {
        let shop: ChannelName = "shop"
        let a = SKU(code: "A", title: "A", unitCost: Money(cents: 100), price: Money(cents: 300))
        let b = SKU(code: "B", title: "B", unitCost: Money(cents: 100), price: Money(cents: 300))
        let kit = SKU(code: "KIT", title: "Kit", unitCost: Money(cents: 300), price: Money(cents: 900))
        let line = OrderLineID(channel: shop, order: "H1", line: 1)
        let sold = OrderLineFacts(
            id: line, sku: "KIT", quantity: 1, unitPrice: Money(cents: 900),
            time: Timestamp(secondsSince1970: 20_000 * 86_400))
        let back = ReturnedLine(
            id: line, returnID: "R1", sku: "KIT", quantity: 1, reason: "changed mind",
            time: Timestamp(secondsSince1970: 20_004 * 86_400))
        let events = try journal([
            (0, ProposedChange(.channelAdded(Channel(name: shop, kind: .other)))),
            (0, ProposedChange(.skuCreated(a))), (0, ProposedChange(.skuCreated(b))),
            (0, ProposedChange(.skuCreated(kit))),
            (
                0,
                ProposedChange(
                    .bundles(
                        .defined(
                            BundleDefinition(
                                code: "KIT",
                                components: [
                                    BundleComponent(sku: "A", quantity: 1),
                                    BundleComponent(sku: "B", quantity: 2),
                                ]))))
            ),
            (1, ProposedChange(.demandRecorded(sold), idempotencyKey: OrderKeys.placed(line))),
            (4, ProposedChange(.returns(.arrived(back)), idempotencyKey: back.key)),
            (6, ProposedChange(.returns(.restocked(sku: "A", quantity: 1, reason: nil)))),
        ])
        for offset in Self.offsets { expectSame(events, offset: offset, "offset \(offset)") }
        var lean = StockoutCalendar(utcOffsetSeconds: 0)
        events.forEach { lean.record($0) }
        // A: out from its creation (day 0) to day 6, when the restock puts a unit back.
        #expect(lean.censored("A", days: 9, endingOn: 20_008) == Array(repeating: true, count: 7) + [false, false])
        #expect(lean.censored("B", days: 9, endingOn: 20_008) == Array(repeating: true, count: 9))
    }
}
