import OnePoolCore
import OnePoolTestSupport
import Testing

extension ForecastTests {
    /// The backtest choice, its determinism, zeros, censoring and the calibration of the total.
    @Suite struct Selection {
        @Test func aZeroForecastNeverWins() {
            // Demand stopped long ago: zeros would score best, but a zero total is never chosen.
            let history = DemandWindow([5, 0, 3, 0, 4, 2, 0, 6] + Array(repeating: 0.0, count: 30))
            let forecast = ForecastSelector(horizon: 6).forecast(history)
            #expect(forecast.pointTotal > 0 || forecast.fallback != nil)
            #expect(
                forecast.methods.allSatisfy { method in
                    forecast.scores.first { $0.method == method }?.excluded == false
                })
            #expect(forecast.scores.filter(\.excluded).allSatisfy { score in !forecast.methods.contains(score.method) })
        }

        @Test func aSeriesWithoutDemandGetsAStatedZero() {
            let forecast = ForecastSelector(horizon: 4).forecast(DemandWindow([0, 0, 0, 0, 0]))
            #expect(forecast.point == [0, 0, 0, 0])
            #expect(forecast.fallback != nil)
            #expect(ForecastSelector(horizon: 4).forecast(DemandWindow([])).fallback != nil)
        }

        @Test func aShortHistoryFallsBackToOneMethodAndSaysSo() {
            let forecast = ForecastSelector(horizon: 6).forecast(DemandWindow([2, 3, 1]))
            #expect(forecast.methods.count == 1)
            #expect(forecast.fallback != nil)
            #expect(forecast.pointTotal > 0)
        }

        @Test func selectionIsDeterministic() {
            var random = SplitMix64(seed: 7)
            let values = (0..<60).map { _ in Double(Int.random(in: 0...4, using: &random)) }
            let selector = ForecastSelector(horizon: 6)
            let first = selector.forecast(DemandWindow(values))
            let second = selector.forecast(DemandWindow(values))
            #expect(first.methods == second.methods)
            #expect(first.point == second.point)
            #expect(first.scores == second.scores)
        }

        @Test func aSteadySeriesIsForecastAtItsLevel() {
            let forecast = ForecastSelector(horizon: 5).forecast(DemandWindow(Array(repeating: 4.0, count: 40)))
            #expect(forecast.expected.allSatisfy { abs($0 - 4) < 1e-9 })
            #expect(abs(forecast.pointTotal - 20) <= 1)
            #expect(forecast.total.quantile(0.95) >= 20)
        }

        @Test func aWeeklyPatternIsKeptWithASeason() {
            let week: [Double] = [10, 10, 10, 10, 10, 40, 20]
            let history = DemandWindow(Array((0..<20).map { _ in week }.joined()))
            let forecast = ForecastSelector(horizon: 7, season: 7).forecast(history)
            #expect(zip(forecast.expected, week).allSatisfy { abs($0 - $1) < 1 })
        }

        @Test func censoredDaysAreIgnoredNotCountedAsZero() {
            // Out of stock every other week: the zeros recorded then are not demand.
            let week = Array(repeating: 6.0, count: 7)
            let stockout = Array(repeating: 0.0, count: 7)
            let values = Array((0..<10).map { $0 % 2 == 0 ? week : stockout }.joined())
            let censored = Array((0..<10).map { Array(repeating: $0 % 2 == 1, count: 7) }.joined())
            let selector = ForecastSelector(horizon: 7)
            let aware = selector.forecast(DemandWindow(values, censored: censored))
            let naive = selector.forecast(DemandWindow(values))
            #expect(aware.expected.allSatisfy { abs($0 - 6) < 1e-9 })
            #expect(naive.expected.allSatisfy { $0 < 5 })
            #expect(
                SimpleExponentialSmoothing.fit(DemandWindow([3, 0, 3], censored: [false, true, false]))?.level == 3)
        }

        @Test func quantilesOfThePoissonTotalAreExact() {
            // Poisson(4): P(X ≤ 3) = 0.4335, P(X ≤ 4) = 0.6288, P(X ≤ 7) = 0.9489, P(X ≤ 8) = 0.9786.
            let poisson = HorizonDistribution(mean: 4, variance: 4)
            #expect(poisson.median == 4)
            #expect(poisson.quantile(0.95) == 8)
            // Negative binomial, mean 2, variance 6 (r = 1, p = 1/3: geometric): P(X ≤ k) = 1 − (2/3)^(k+1).
            let geometric = HorizonDistribution(mean: 2, variance: 6)
            #expect(geometric.quantile(0.5) == 1)  // 0.556
            #expect(geometric.quantile(0.95) == 7)  // 0.961; P(X ≤ 6) = 0.941
            #expect(HorizonDistribution(mean: 0, variance: 0).quantile(0.95) == 0)
        }

        @Test(arguments: [(mean: 3.0, intermittency: 1.0), (mean: 0.6, intermittency: 0.3)])
        func theNinetyFifthPercentileCoversAboutNinetyFivePercent(mean: Double, intermittency: Double) {
            // Poisson demand occurring with probability `intermittency`: the 95% quantile of the
            // 6-period total must cover the next 6 periods in about 95% of series.
            var random = SplitMix64(seed: 2024)
            var covered = 0
            let series = 400
            for _ in 0..<series {
                let values = (0..<54).map { _ in
                    Double.random(in: 0..<1, using: &random) < intermittency
                        ? Double(poisson(mean / intermittency, &random)) : 0
                }
                let forecast = ForecastSelector(horizon: 6, origins: 8).forecast(DemandWindow(Array(values.prefix(48))))
                if values.suffix(6).reduce(0, +) <= forecast.total.quantile(0.95) { covered += 1 }
            }
            let coverage = Double(covered) / Double(series)
            #expect(coverage >= 0.92 && coverage <= 0.99, "coverage \(coverage)")
        }

        private func poisson(_ mean: Double, _ random: inout SplitMix64) -> Int {
            // Knuth: count uniforms until their product drops below e^−mean (fine for small means).
            let limit = exponentialOfMinus(mean)
            var product = Double.random(in: 0..<1, using: &random)
            var count = 0
            while product > limit {
                product *= Double.random(in: 0..<1, using: &random)
                count += 1
            }
            return count
        }

        private func exponentialOfMinus(_ x: Double) -> Double {
            // e^−x by its series on x/64, squared six times (tests avoid Foundation too).
            let y = -x / 64
            var term = 1.0
            var sum = 1.0
            for n in 1...20 {
                term *= y / Double(n)
                sum += term
            }
            for _ in 0..<6 { sum *= sum }
            return sum
        }
    }
}
