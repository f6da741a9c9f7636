import OnePoolCore
import Testing

/// The store's own history censors the days `InferredClosedDays` infers as closed, as `forecast
/// evaluate` and `simulate --data` do: one rule, read from per-day totals in one pass.
@Suite struct ReplenishmentClosedDaysTests {
    static let start = CivilDate(year: 2026, month: 1, day: 5).dayNumber  // a Monday
    static let today = start + 120
    static let closed = start + 100

    /// `count` SKUs selling every day from `start` to the day before `end` (yesterday), nothing at
    /// all on `closed`.
    static func history(count: Int, closed: Set<Int> = [closed], end: Int = today) -> ReplenishmentHistory {
        var series: [SKUCode: DemandHistory.Series] = [:]
        for i in 0..<count {
            let units = (start..<end).map { day in closed.contains(day) ? Int32(0) : Int32((i + day) % 3 + 1) }
            series[SKUCode("S\(i)")] = DemandHistory.Series(firstDay: start, units: units)
        }
        return ReplenishmentHistory(
            demand: DemandHistory(utcOffsetSeconds: 0, series: series),
            stockouts: StockoutCalendar(utcOffsetSeconds: 0), incoming: IncomingSchedule(utcOffsetSeconds: 0))
    }

    static func input(_ history: ReplenishmentHistory) -> ReplenishmentPlanner.Input {
        history.input(for: SKUPool(sku: SKU(code: "S0", title: "S0")), today: today, days: 365, leadTimeDays: 7)
    }

    @Test func aDayTheWholeCatalogueSoldNothingIsCensored() {
        var history = Self.history(count: 25)
        // Not inferred yet: only out-of-stock days (none here) are censored.
        #expect(Self.input(history).censored.allSatisfy { !$0 })
        history.inferClosedDays(through: Self.today - 1)
        #expect(history.closedDays == [Self.closed])
        let input = Self.input(history)
        #expect(input.demand.count == 120)
        #expect(input.censored.indices.filter { input.censored[$0] } == [Self.closed - Self.start])
        #expect(input.closedDays == 1)
        // The explanation names it next to the out-of-stock count.
        let explanation = ReplenishmentPlanner().recommend(input).explanation
        #expect(explanation.inputs.contains { $0.name == "store closed" && $0.value == "1 d" })
        #expect(explanation.inputs.contains { $0.name == "history" && $0.how == "0 censored (out of stock)" })
    }

    @Test func fewerThanTwentySKUsInferNothing() {
        var history = Self.history(count: 19)
        history.inferClosedDays(through: Self.today - 1)
        #expect(history.closedDays.isEmpty)
        let input = Self.input(history)
        #expect(input.censored.allSatisfy { !$0 })
        #expect(input.closedDays == 0)
        #expect(!ReplenishmentPlanner().recommend(input).explanation.inputs.contains { $0.name == "store closed" })
    }

    @Test func aSKUWithNoSalesCountsFromItsCreation() {
        // 19 SKUs that sell, and one created on the first day that never sold: 20 have a value.
        let selling = Self.history(count: 19)
        let created = StockoutCalendar.Track(
            firstDay: Self.start, runs: [], day: Self.start, outToday: false, available: 5)
        var history = ReplenishmentHistory(
            demand: selling.demand,
            stockouts: StockoutCalendar(utcOffsetSeconds: 0, pool: StockState(), tracks: [SKUCode("NEW"): created]),
            incoming: selling.incoming)
        history.inferClosedDays(through: Self.today - 1)
        #expect(history.closedDays == [Self.closed])
        // Created after the closed day, it does not count there.
        let late = StockoutCalendar.Track(
            firstDay: Self.closed + 1, runs: [], day: Self.closed + 1, outToday: false, available: 5)
        history = ReplenishmentHistory(
            demand: selling.demand,
            stockouts: StockoutCalendar(utcOffsetSeconds: 0, pool: StockState(), tracks: [SKUCode("NEW"): late]),
            incoming: selling.incoming)
        history.inferClosedDays(through: Self.today - 1)
        #expect(history.closedDays.isEmpty)
    }

    @Test func yesterdayWithNoOrdersAtAllIsCensored() {
        // Orders that never came in: the series end before yesterday, and yesterday still counts.
        var history = Self.history(count: 25, closed: [], end: Self.today - 1)
        history.inferClosedDays(through: Self.today - 1)
        #expect(history.closedDays == [Self.today - 1])
        #expect(Self.input(history).censored.last == true)
    }

    /// The per-day totals read from the history give the days the series-based constructor gives
    /// on the same data: SKUs starting on different days, some sales after `last` (today's,
    /// which the inference must not read), several days of nothing, some busy, some quiet.
    @Test func totalsPathAgreesWithTheSeriesRule() {
        var series: [SKUCode: DemandHistory.Series] = [:]
        var plain: [(first: Int, values: [Double])] = []
        let last = Self.today - 1
        let zeroDays: Set<Int> = [Self.start + 40, Self.start + 41, Self.start + 77, Self.start + 110, last]
        var seed: UInt64 = 42
        func next() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33)
        }
        for i in 0..<40 {
            let first = Self.start + next() % 60
            let end = Self.today + next() % 3  // exclusive: some series hold today's sales
            let units = (first..<end).map { day -> Int32 in
                if zeroDays.contains(day) { return 0 }
                return Int32(i % 4 == 0 ? next() % 2 : next() % 4)
            }
            series[SKUCode("S\(i)")] = DemandHistory.Series(firstDay: first, units: units)
            plain.append((first, units.prefix(last - first + 1).map(Double.init)))
        }
        var history = ReplenishmentHistory(
            demand: DemandHistory(utcOffsetSeconds: 0, series: series),
            stockouts: StockoutCalendar(utcOffsetSeconds: 0), incoming: IncomingSchedule(utcOffsetSeconds: 0))
        history.inferClosedDays(through: last)
        let expected = InferredClosedDays(series: plain).days
        #expect(!expected.isEmpty)
        #expect(history.closedDays == expected)
        // A later `last` never changes an earlier day's verdict.
        history.inferClosedDays(through: last + 30)
        #expect(Array(history.closedDays.prefix(expected.count)) == expected)
    }
}
