import OnePoolCore
import OnePoolTestSupport
import Testing

/// The calibration's origins see the same weeks a year earlier as the days its levels serve
/// (`ForecastSelector.calibrationForecasts(_:count:serving:)`), so a catalogue going into its peak
/// is calibrated on last year's run-in, not only on the quieter weeks before today.
@Suite struct SeasonalCalibrationTests {
    @Test func originsCoverTheServedWeeksAYearEarlier() {
        let selector = ForecastSelector(horizon: 13, season: 7, year: 364)
        let history = DemandWindow(Array(repeating: 2.0, count: 800))
        func origins(_ serving: Int?) -> [Int] {
            selector.calibrationForecasts(history, count: 3, serving: serving).map(\.origin)
        }
        let recent = [800 - 13, 800 - 26, 800 - 39]
        // An order placed today serves one horizon: one origin a year back, as before.
        #expect(origins(nil) == recent + [800 - 364])
        #expect(origins(5) == recent + [800 - 364])
        // A replay of 90 days: ⌈90 / 13⌉ = 7 origins a horizon apart from the day a year back.
        #expect(origins(90) == recent + (0..<7).map { 800 - 364 + 13 * $0 })
        // Never more than a year of them (28 horizons), less those the recent ones already score.
        #expect(origins(5000) == recent + (0..<25).map { 800 - 364 + 13 * $0 })
        // Where the recent origins already reach a year back, no year-ago origin is added.
        #expect(selector.calibrationForecasts(history, count: 30, serving: 90).map(\.origin).count == 30)
        // No year in the data: only the recent ones.
        let plain = ForecastSelector(horizon: 13, season: 7)
        #expect(plain.calibrationForecasts(history, count: 3, serving: 90).map(\.origin) == recent)
    }

    /// Demand that ramps up every year over the weeks before a peak; the history ends where the
    /// ramp starts. Scored only on the recent (flat) weeks, the reorder calibration promises more
    /// than the weeks ahead deliver; with the ramp's weeks a year earlier in it, fewer of its
    /// scores fall below the target, so it asks a higher level.
    @Test func aRampAheadIsCalibratedOnLastYearsRamp() {
        var random = SplitMix64(seed: 23)
        let end = 364 + 250
        let inputs = (0..<40).map { index in
            let base = 1.0 + Double(index % 5)
            let demand = (0..<end).map { day -> Int in
                let inYear = day % 364
                // Flat until day 250, then rising to three times the base by day 340.
                let rate = base * (inYear < 250 ? 1 : 1 + 2 * min(1, Double(inYear - 250) / 90))
                return (0..<12).reduce(0) { sum, _ in
                    sum + (Double.random(in: 0..<1, using: &random) < rate / 12 ? 1 : 0)
                }
            }
            return ReplenishmentPlanner.Input(
                sku: SKU(
                    code: SKUCode("RAMP-\(index)"), title: "", unitCost: Money(cents: 100), price: Money(cents: 200),
                    leadTimeDays: 6),
                stock: StockLevel(), demand: demand)
        }
        let planner = ReplenishmentPlanner()
        func promised(serving: Int?) -> Double {
            let scores = inputs.map { planner.calibrationScores(for: $0, origins: 4, serving: serving).reorder }
                .joined()
            let total = scores.reduce(0) { $0 + $1.weight }
            return scores.filter { $0.score < 0.9 }.reduce(0) { $0 + $1.weight } / total
        }
        let flat = promised(serving: nil)
        let seasonal = promised(serving: 91)
        #expect(
            seasonal < flat - 0.05,
            "share of cycles served at level 0.9: \(flat) recent, \(seasonal) with last year's ramp")
    }
}
