import OnePoolCore
import Testing

/// The forecasting engine: methods, selection, distribution and accuracy.
@Suite struct ForecastTests {}

extension ForecastTests {
    /// Each method on small series worked out by hand.
    @Suite struct Methods {
        @Test func exponentialSmoothingFollowsTheRecurrence() {
            // start = mean of [4, 8] = 6; level 6 → 6 + 0.5·(4 − 6) = 5 → 5 + 0.5·(8 − 5) = 6.5
            let (level, error) = SimpleExponentialSmoothing.run(DemandWindow([4, 8]), alpha: 0.5, start: 6)
            #expect(level == 6.5)
            #expect(error == 4 + 9)
        }

        @Test func exponentialSmoothingFitsAFastAlphaToALevelShift() {
            let shifted = DemandWindow(Array(repeating: 2.0, count: 20) + Array(repeating: 10.0, count: 20))
            let steady = DemandWindow((0..<40).map { $0 % 2 == 0 ? 4.0 : 6.0 })
            let fast = SimpleExponentialSmoothing.fit(shifted)
            let slow = SimpleExponentialSmoothing.fit(steady)
            #expect(fast?.alpha == SimpleExponentialSmoothing.alphaGrid.last)
            #expect(abs((fast?.level ?? 0) - 10) < 0.01)
            #expect(slow?.alpha == SimpleExponentialSmoothing.alphaGrid.first)
            #expect(abs((slow?.level ?? 0) - 5) < 0.2)
        }

        @Test func averagesOverTheLastWindowAndEverything() {
            let history = DemandWindow([1, 2, 3, 4, 5, 6])
            #expect(Averages.moving(history, window: 2) == 5.5)
            #expect(Averages.moving(history, window: 10) == 3.5)
            #expect(Averages.historic(history) == 3.5)
        }

        @Test func crostonSBAIsSizeOverIntervalTimesTheCorrection() {
            // Demands of 6 every third period: size 6, interval 3 at any alpha; SBA keeps (1 − α/2).
            let history = DemandWindow([0, 0, 6, 0, 0, 6, 0, 0, 6, 0, 0, 6])
            let fit = Croston.fit(history)
            let alpha = fit?.alpha ?? 0
            #expect(abs((fit?.rate ?? 0) - 2 * (1 - alpha / 2)) < 1e-12)
        }

        @Test func tsbFadesWhenDemandStops() {
            let selling = DemandWindow(Array(repeating: 3.0, count: 12))
            let stopped = DemandWindow(Array(repeating: 3.0, count: 12) + Array(repeating: 0.0, count: 12))
            let live = TSB.fit(selling)?.rate ?? 0
            let fading = TSB.fit(stopped)?.rate ?? 0
            #expect(abs(live - 3) < 1e-9)
            #expect(fading < live / 2)
            #expect(fading > 0)
        }

        @Test func temporalAggregationUsesTheMeanInterval() {
            // Demand 4 every second period: mean interval 2, buckets of 2 sum to 4, so 2 per period.
            let history = DemandWindow([0, 4, 0, 4, 0, 4, 0, 4, 0, 4])
            #expect(TemporalAggregation.meanInterval(history) == 2)
            #expect(abs((TemporalAggregation.adida(history) ?? 0) - 2) < 1e-9)
            // Level 1 smooths the raw 0/4 series, level 2 the constant buckets: IMAPA averages them.
            let imapa = TemporalAggregation.imapa(history) ?? 0
            #expect(imapa > 1.5 && imapa < 2.5)
        }

        @Test func dampedTrendExtrapolatesLessAndLess() {
            let rising = DemandWindow((0..<30).map { Double(10 + 2 * $0) })
            let path = DampedTrend.fit(rising)?.path(horizon: 6) ?? []
            #expect(path.count == 6)
            #expect(path[0] > 66 && path[0] < 72)  // the next value is 70
            let steps = zip(path.dropFirst(), path).map { $0 - $1 }
            #expect(steps.allSatisfy { $0 > 0 })
            #expect(zip(steps.dropFirst(), steps).allSatisfy { $0 <= $1 + 1e-9 })
        }

        @Test func seasonalMethodsRepeatTheWeek() {
            let week: [Double] = [1, 1, 1, 1, 1, 5, 3]
            let history = DemandWindow(Array((0..<4).map { _ in week }.joined()))
            #expect(SeasonalMethods.naive(history, period: 7, horizon: 9) == week + [1, 1])
            #expect(SeasonalMethods.average(history, period: 7, seasons: 2, horizon: 7) == week)
            let smoothed = SeasonalMethods.exponentialSmoothing(history, period: 7, horizon: 7) ?? []
            #expect(zip(smoothed, week).allSatisfy { abs($0 - $1) < 1e-9 })
        }

        @Test func methodsNeedWhatTheyModel() {
            #expect(Croston.fit(DemandWindow([0, 0, 0])) == nil)
            #expect(DampedTrend.fit(DemandWindow([1, 2, 3])) == nil)
            #expect(SeasonalMethods.naive(DemandWindow([1, 2, 3]), period: 7, horizon: 3) == nil)
        }
    }
}
