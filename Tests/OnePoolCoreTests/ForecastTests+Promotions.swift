import OnePoolCore
import OnePoolTestSupport
import Testing

extension ForecastTests {
    /// Promotion days known ahead, modelled as a shrunk multiplicative lift on a baseline.
    @Suite struct Promotions {
        @Test func theLiftIsThePromotionMeanOverTheOtherMeanShrunkTowardsOne() {
            // 14 promotion days at 8 and 28 other days at 2: raw lift 4, weight 14 / (14 + 14) = ½.
            let promoted = (0..<42).map { $0 % 3 == 0 }
            let values = promoted.map { $0 ? 8.0 : 2.0 }
            let lift = PromotionLift.estimate(DemandWindow(values), promoted: promoted)
            #expect(abs(lift.lift - 2.5) < 1e-12)
            // Only what is before the window's end counts; censored days count for nothing.
            #expect(PromotionLift.estimate(DemandWindow(values).cut(at: 1), promoted: promoted) == .none)
            let censored = DemandWindow(values, censored: promoted)
            #expect(PromotionLift.estimate(censored, promoted: promoted) == .none)
            #expect(lift.baseline(values, promoted: promoted) == promoted.map { $0 ? 8.0 / 2.5 : 2.0 })
            #expect(PromotionLift(lift: .nan) == .none && PromotionLift(lift: 1000).lift == 20)
        }

        @Test func applyingTheLiftScalesThePromotionDaysAndTheTotal() {
            let forecast = ForecastSelector(horizon: 4).forecast(DemandWindow(Array(repeating: 3.0, count: 40)))
            let lifted = PromotionLift(lift: 3).apply(forecast, promotedAhead: [true, false, false, false])
            #expect(abs(lifted.expected[0] - 9) < 1e-9 && abs(lifted.expected[1] - 3) < 1e-9)
            let factor = 18.0 / 12.0
            #expect(abs(lifted.total.mean - forecast.total.mean * factor) < 1e-9)
            #expect(abs(lifted.total.variance - forecast.total.variance * factor * factor) < 1e-9)
            let unchanged = PromotionLift(lift: 3).apply(forecast, promotedAhead: [false, false, false, false])
            #expect(unchanged.expected == forecast.expected)
        }

        /// Weekly promotions lifting demand threefold: the lift model must beat leaving them in.
        @Test func modelledPromotionsCutTheTotalErrorOnSeriesThatHaveThem() throws {
            var random = SplitMix64(seed: 5)
            var plain: [ForecastEvaluation.Series] = []
            var modelled: [ForecastEvaluation.Series] = []
            for index in 0..<40 {
                let length = 400
                // A promotion week every 5 weeks, at a phase of its own, so the held-out 28 days
                // hold one for some series and none for others.
                let promoted = (0..<length).map { ($0 / 7 + index) % 5 == 0 }
                let values = promoted.map { isPromoted in
                    let mean = isPromoted ? 9.0 : 3.0
                    // Binomial(2 × mean, ½): mean `mean`, a little under-dispersed.
                    let draws = (0..<Int(mean * 2)).filter { _ in Double.random(in: 0..<1, using: &random) < 0.5 }
                    return Double(draws.count)
                }
                plain.append(ForecastEvaluation.Series(history: DemandWindow(values)))
                modelled.append(ForecastEvaluation.Series(history: DemandWindow(values), promoted: promoted))
            }
            let selector = ForecastSelector(horizon: 28, season: 7, year: 364)
            let evaluation = ForecastEvaluation(selector: selector, origins: 2)
            let before = evaluation.run(plain)
            let after = evaluation.run(modelled)
            let errorBefore = try #require(before.accuracy.totalError)
            let errorAfter = try #require(after.accuracy.totalError)
            #expect(errorAfter < errorBefore * 0.6, "totErr \(errorBefore) → \(errorAfter)")
            let coverage = try #require(after.coverage.share)
            #expect(coverage > 0.85, "coverage \(coverage)")
        }
    }
}
