import OnePoolCore
import Testing

extension ForecastTests {
    /// The one rule every front end reads closed days by: a file wins, else daily sets infer.
    @Suite struct StoreClosedDaysChoice {
        typealias Set25 = InferredClosed

        @Test func aFileWinsThenTheInferenceThenNone() {
            let series = Set25.set(count: 25, closed: [Set25.christmas2016])
            let listedDay = Set25.christmas2016 - 7
            let file = StoreClosedDays(listed: [listedDay], infer: true, daily: true, series: series)
            #expect(file.source == .file && file.inferred == nil)
            #expect(file.days(in: Set25.start..<Set25.end) == [listedDay])
            #expect(file.ahead(first: listedDay, count: 1, horizon: 28) == [true])
            let inferred = StoreClosedDays(listed: nil, infer: true, daily: true, series: series)
            #expect(inferred.source == .inferred && inferred.days(in: Set25.start..<Set25.end) == [Set25.christmas2016])
            #expect(inferred.history(first: Set25.christmas2016 - 1, count: 3) == [false, true, false])
            // Ahead, an inferred day is known only through the year-earlier one.
            #expect(inferred.ahead(first: Set25.christmas2016, count: 1, horizon: 28) == [false])
            #expect(inferred.ahead(first: Set25.christmas2017, count: 1, horizon: 28) == [true])
            let off = StoreClosedDays(listed: nil, infer: false, daily: true, series: series)
            let monthly = StoreClosedDays(listed: nil, infer: true, daily: false, series: series)
            for none in [off, monthly] {
                #expect(none.source == .none && none.days(in: Set25.start..<Set25.end).isEmpty)
            }
        }

        /// A day's verdict rests only on the data up to it: cut the set anywhere and the days
        /// inferred before the cut are the same.
        @Test func noVerdictSeesTheFuture() {
            let closed: Set<Int> = [Set25.christmas2016, Set25.christmas2016 + 40, Set25.christmas2017]
            let series = Set25.set(count: 25, closed: closed)
            let whole = InferredClosedDays(series: series).days
            #expect(whole == closed.sorted())
            for cut in 300...(Set25.end - Set25.start) {
                let before = series.map { (first: $0.first, values: Array($0.values.prefix(cut))) }
                #expect(
                    InferredClosedDays(series: before).days == whole.filter { $0 < Set25.start + cut }, "cut \(cut)")
            }
        }
    }
}
