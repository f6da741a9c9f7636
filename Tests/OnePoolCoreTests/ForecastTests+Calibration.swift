import OnePoolCore
import OnePoolTestSupport
import Testing

extension ForecastTests {
    /// One-pass backtests, demand classes and the conformal recalibration of quantile levels.
    @Suite struct Calibration {
        /// Random histories: smooth, intermittent, with censored stretches, short and long.
        static func histories() -> [DemandWindow] {
            var random = SplitMix64(seed: 11)
            return (0..<12).map { index in
                let length = [9, 30, 80, 200][index % 4]
                let occurrence = [1.0, 0.4, 0.15][index % 3]
                let values = (0..<length).map { _ in
                    Double.random(in: 0..<1, using: &random) < occurrence
                        ? Double(Int.random(in: 1...9, using: &random)) : 0
                }
                let censored = (0..<length).map { t in index % 2 == 1 && (t % 17 == 3 || t % 17 == 4) }
                return DemandWindow(values, censored: censored)
            }
        }

        @Test func theOnePassBacktestEqualsFittingAtEachOrigin() {
            for history in Self.histories() {
                let origins =
                    Array(stride(from: 0, through: history.count, by: 3))
                    + (history.count % 3 == 0 ? [] : [history.count])
                for method in ForecastMethod.candidates(historyLength: history.count, horizon: 4, season: 7) {
                    let rolled = method.forecasts(history, horizon: 4, season: 7, at: origins)
                    for (index, origin) in origins.enumerated() {
                        let direct = method.forecast(history.cut(at: origin), horizon: 4, season: 7)
                        #expect(rolled[index]?.count == direct?.count, "\(method) at \(origin)")
                        for (a, b) in zip(rolled[index] ?? [], direct ?? []) {
                            #expect(
                                abs(a - b) <= 1e-9 * max(1, abs(b)),
                                "\(method) at \(origin) of \(history.count): \(a) vs \(b)")
                        }
                    }
                }
            }
        }

        @Test func demandClassesFollowTheSyntetosBoylanCutoffs() {
            #expect(DemandClass.of(DemandWindow([5, 5, 6, 5, 4, 5])) == .smooth)
            #expect(DemandClass.of(DemandWindow([1, 9, 1, 12, 1, 20])) == .erratic)
            #expect(DemandClass.of(DemandWindow([0, 5, 0, 0, 5, 0, 6, 0])) == .intermittent)
            #expect(DemandClass.of(DemandWindow([0, 1, 0, 0, 20, 0, 2, 0])) == .lumpy)
            // ADI exactly at the cut-off (4 periods, 3 demands = 1.33) is intermittent.
            #expect(DemandClass.of(DemandWindow([5, 5, 0, 5])) == .intermittent)
        }

        @Test func theLevelCoversTheRequestedShareOfScores() {
            // Scores 0.00, 0.01, …, 0.99: to cover 95% of them the level must exceed the 95th
            // smallest of n + 1 = 101 ranks' ⌈0.95 × 101⌉ = 96th score, 0.95.
            let scores = (0..<100).map { (demandClass: DemandClass.smooth, score: Double($0) / 100) }
            let calibration = ForecastCalibration(scores: scores)
            let level = calibration.level(0.95, for: .smooth)
            #expect(level > 0.95 && level < 0.951)
            #expect(calibration.coverage(ofLevel: level, for: .smooth) == 0.96)
            // A class without enough scores borrows everyone's; no scores at all: unchanged.
            #expect(calibration.level(0.95, for: .lumpy) == level)
            #expect(ForecastCalibration.identity.level(0.9, for: .smooth) == 0.9)
            // Forecasts that were too narrow: every score is high, so the level goes up.
            let narrow = ForecastCalibration(scores: (0..<100).map { (.erratic, 0.9 + Double($0) / 1000) })
            #expect(narrow.level(0.5, for: .erratic) > 0.95)
        }

        @Test func calibrationBringsAWrongSpreadBackToItsTarget() {
            // Demand far more variable than the negative binomial's recent-noise part expects in a
            // short backtest; recalibration from earlier origins must pull coverage into 90–99%.
            var random = SplitMix64(seed: 5)
            func series() -> [Double] {
                let level = Double.random(in: 1...6, using: &random)
                var values: [Double] = []
                var current = level
                for _ in 0..<60 {
                    current = max(0.2, current * Double.random(in: 0.8...1.25, using: &random))
                    values.append(Double(Int.random(in: 0...Int(2 * current), using: &random)))
                }
                return values
            }
            let all = (0..<300).map { _ in series() }
            let selector = ForecastSelector(horizon: 6, origins: 4)
            var scores: [(demandClass: DemandClass, score: Double)] = []
            for values in all.prefix(150) {
                scores += selector.calibrationScores(DemandWindow(Array(values.prefix(54))), count: 3)
            }
            var calibrated = selector
            calibrated.calibration = ForecastCalibration(scores: scores)
            var covered = 0
            for values in all.suffix(150) {
                let forecast = calibrated.forecast(DemandWindow(Array(values.prefix(54))))
                if values.suffix(6).reduce(0, +) <= forecast.quantile(0.95) { covered += 1 }
            }
            let share = Double(covered) / 150
            #expect(share >= 0.9 && share <= 0.99, "calibrated coverage \(share)")
        }

        @Test func closedDaysAheadAreForecastZeroAndShrinkTheTotal() {
            let forecast = ForecastSelector(horizon: 4).forecast(DemandWindow(Array(repeating: 3.0, count: 40)))
            let closed = forecast.closing([false, true, false, true])
            #expect(closed.expected[1] == 0 && closed.expected[3] == 0 && abs(closed.expected[0] - 3) < 1e-9)
            #expect(abs(closed.total.mean - forecast.total.mean / 2) < 1e-9)
        }

        @Test func aYearlyPeakIsSeenByTheYearAgoMethodAndTheBacktest() {
            // Monthly demand of 10 with a December of 30, four years, ending with November.
            let values = (0..<47).map { $0 % 12 == 11 ? 30.0 : 10.0 }
            let history = DemandWindow(values)
            #expect(YearAgo.forecast(history, year: 12, horizon: 2, season: 1) == [30, 10])
            #expect(YearAgo.forecast(DemandWindow(Array(values.prefix(15))), year: 12, horizon: 2, season: 1) == nil)
            let forecast = ForecastSelector(horizon: 1, year: 12).forecast(history)
            #expect(forecast.scores.first?.method == .yearAgo(year: 12))
            #expect(forecast.expected[0] > 15)
            // Without a year, nothing in the pool sees December coming.
            #expect(ForecastSelector(horizon: 1).forecast(history).expected[0] < 15)
        }
    }
}
