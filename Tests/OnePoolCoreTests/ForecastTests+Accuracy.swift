import OnePoolCore
import Testing

extension ForecastTests {
    /// The README's definitions, on numbers small enough to check by hand.
    @Suite struct Accuracy {
        @Test func metricsFollowTheProtocol() {
            var accuracy = ForecastAccuracy()
            // Training from the first non-zero: [2, 4, 2] → differences 2, −2 → mean square 4.
            // Errors over the horizon: 1 and −1 → mean square 1 → RMSSE √(1/4) = 0.5.
            accuracy.add(training: [0, 2, 4, 2], actual: [3, 1], forecast: [4, 0], upper95: 4)
            // No scale (no demand in training): counted for the totals, not for RMSSE.
            accuracy.add(training: [0, 0, 0, 0], actual: [2, 0], forecast: [1, 1], upper95: 1)
            #expect(accuracy.series == 2)
            #expect(accuracy.scaled == 1)
            #expect(accuracy.withoutScale == 1)
            #expect(accuracy.rmsse == 0.5)
            // Totals: forecast 4 vs actual 4, forecast 2 vs actual 2 → totErr 0, bias 0.
            #expect(accuracy.totalError == 0)
            #expect(accuracy.bias == 0)
            // Covered: 4 ≤ 4 yes; 2 ≤ 1 no.
            #expect(accuracy.coverage95 == 0.5)
        }

        @Test func totalErrorIsOnTheTotalNotThePeriods() {
            var accuracy = ForecastAccuracy()
            accuracy.add(training: [1, 2, 1], actual: [0, 4], forecast: [2, 2], upper95: 10)
            #expect(accuracy.totalError == 0)
            accuracy.add(training: [1, 2, 1], actual: [1, 1], forecast: [0, 0], upper95: 10)
            #expect(accuracy.totalError == 2.0 / 6)
            #expect(accuracy.bias == -2.0 / 6)
        }
    }
}
