import OnePoolCore
import Testing

extension ForecastTests {
    /// Store-closed days inferred from the days on which a whole set of daily series sold nothing.
    @Suite struct InferredClosed {
        static let start = CivilDate(year: 2016, month: 1, day: 4).dayNumber  // a Monday
        static let end = CivilDate(year: 2018, month: 1, day: 1).dayNumber  // exclusive: 2017-12-31 is last
        static let christmas2016 = CivilDate(year: 2016, month: 12, day: 25).dayNumber
        static let christmas2017 = CivilDate(year: 2017, month: 12, day: 25).dayNumber

        /// `count` series over 2016-01-04 … 2017-12-31, series `i` selling `sale(i, day)` on a day
        /// and nothing on the days in `closed`.
        static func set(
            count: Int, closed: Set<Int> = [], sale: (Int, Int) -> Double = { i, day in Double((i + day) % 3 + 1) }
        ) -> [(first: Int, values: [Double])] {
            (0..<count).map { i in (start, (start..<end).map { closed.contains($0) ? 0 : sale(i, $0) }) }
        }

        @Test func aChristmasClosedAYearBackIsForecastZero() throws {
            let series = Self.set(count: 25, closed: [Self.christmas2016, Self.christmas2017])
            let inferred = InferredClosedDays(series: series)
            #expect(inferred.days == [Self.christmas2016, Self.christmas2017])
            // The last 28 days ahead: only 25 December, whose date a year earlier was closed.
            let horizon = 28
            let ahead = inferred.ahead(first: Self.start, count: Self.end - Self.start, horizon: horizon)
            #expect(ahead.indices.filter { ahead[$0] }.map { Self.start + $0 } == [Self.christmas2017])
            let history = inferred.history(first: Self.start, count: Self.end - Self.start)
            #expect(history.indices.filter { history[$0] }.count == 2)
            // The evaluation path: the point on 25 December is zero, the other days are not.
            let cut = Self.end - Self.start - horizon
            let selector = ForecastSelector(horizon: horizon, season: 7, year: 364)
            let window = DemandWindow(series[0].values, censored: history)
            let forecast = selector.forecast(window.cut(at: cut)).closing(Array(ahead[cut..<(cut + horizon)]))
            let christmas = Self.christmas2017 - Self.start - cut
            #expect(forecast.point[christmas] == 0)
            #expect(forecast.point.indices.filter { forecast.point[$0] == 0 } == [christmas])
            // And scored: told by the inference, the set's error on the held-out days falls.
            let told = series.map { ForecastEvaluation.Series(history: DemandWindow($0.values), closed: ahead) }
            let plain = series.map { ForecastEvaluation.Series(history: DemandWindow($0.values)) }
            let evaluation = ForecastEvaluation(selector: selector)
            let before = try #require(evaluation.run(plain).accuracy.rmsse)
            let after = try #require(evaluation.run(told).accuracy.rmsse)
            #expect(after < before, "RMSSE \(before) → \(after)")
        }

        @Test func oneSeriesZeroDaysAndSmallSetsInferNothing() {
            // An intermittent series among steady ones: its zero days are its own.
            let mixed = Self.set(count: 25) { i, day in i == 0 && day % 3 != 0 ? 0 : 5 }
            #expect(InferredClosedDays(series: mixed).days.isEmpty)
            // A single series (or 19) at 100 a day with one day of nothing: too few to infer.
            let single = Self.set(count: 1, closed: [Self.christmas2016]) { _, _ in 100 }
            #expect(InferredClosedDays(series: single).days.isEmpty)
            let nineteen = Self.set(count: 19, closed: [Self.christmas2016]) { _, _ in 100 }
            #expect(InferredClosedDays(series: nineteen).days.isEmpty)
            let twenty = Self.set(count: 20, closed: [Self.christmas2016]) { _, _ in 100 }
            #expect(InferredClosedDays(series: twenty).days == [Self.christmas2016])
        }

        @Test func aDayWithALowExpectedTotalIsNotInferred() {
            // Every day the set sells `units` in all (one unit each from `units` series).
            func inferred(units: Int) -> [Int] {
                InferredClosedDays(
                    series: Self.set(count: 25, closed: [Self.christmas2016]) { i, _ in i < units ? 1 : 0 }
                ).days
            }
            #expect(inferred(units: 19).isEmpty)
            #expect(inferred(units: 20) == [Self.christmas2016])
        }

        @Test func aWeeklyClosingDayIsNotInferredButAHolidayIs() {
            // Shut every Sunday, and on Christmas 2017 (a Monday).
            let sundays = Set((Self.start..<Self.end).filter { CivilDate.weekday(ofDay: $0) == 6 })
            let series = Self.set(count: 25, closed: sundays.union([Self.christmas2017]))
            #expect(InferredClosedDays(series: series).days == [Self.christmas2017])
        }

        @Test func aheadRestsOnlyOnDaysBeforeTheOriginAndSkipsLeapDays() {
            let leap = CivilDate(year: 2020, month: 2, day: 29).dayNumber
            #expect(InferredClosedDays.yearEarlier(leap) == nil)
            let march = CivilDate(year: 2020, month: 3, day: 1).dayNumber
            #expect(InferredClosedDays.yearEarlier(march) == CivilDate(year: 2019, month: 3, day: 1).dayNumber)
            let inferred = InferredClosedDays(series: Self.set(count: 25, closed: [Self.christmas2016]))
            // 2016-12-25 → 2017-12-25 is 365 days: a 366-day horizon could start on the closed day itself.
            #expect(inferred.ahead(first: Self.christmas2017, count: 1, horizon: 365) == [true])
            #expect(inferred.ahead(first: Self.christmas2017, count: 1, horizon: 366) == [false])
        }
    }
}
