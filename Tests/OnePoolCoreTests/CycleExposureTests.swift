import Testing

@testable import OnePoolCore

/// D(L) + U for SKUs that sell in the millions a review: the undershoot is worked out only where
/// it can have mass, so a fast mover costs what a slow one does (it once cost a step per unit a
/// review sells, and a briefing on a store with such a SKU did not finish).
@Suite struct CycleExposureTests {
    @Test func aReviewSellingMillionsIsWorkedOutAtOnce() {
        let clock = ContinuousClock()
        let started = clock.now
        let review = HorizonDistribution(mean: 5_000_000, variance: 5_000_000)
        let lead = HorizonDistribution(mean: 10_000_000, variance: 10_000_000)
        let exposure = CycleExposure(lead: lead, review: review, spread: 1)
        let median = exposure.quantile(0.5)
        // E[U] ≈ E[D_R] − 1 when every review orders (spread 1): about 15,000,000 in all.
        #expect(abs(Double(median) - 14_999_999) < 20_000, "\(median)")
        #expect(clock.now - started < .seconds(10))
    }

    @Test func lostSalesCyclesOfAHugeReviewAreWorkedOutAtOnce() {
        // A store holding a barcode pasted into a quantity forecasts ~2^40 a review: the lost-sales
        // service once built arrays from 0 to that and was killed for its memory.
        let clock = ContinuousClock()
        let started = clock.now
        let huge = HorizonDistribution(mean: 1_099_511_627_776, variance: 1_099_511_627_776)
        let cycles = LostSalesCycles(lead: huge, review: huge)
        let low = cycles.service(orderUpTo: 1_000)
        let high = cycles.service(orderUpTo: 4_000_000_000_000)
        #expect(low < 0.01 && high > 0.99, "\(low) \(high)")
        #expect(clock.now - started < .seconds(10))
    }

    @Test func theUndershootStartsWhereItCanHaveMass() {
        let review = HorizonDistribution(mean: 1_000, variance: 1_000)
        let (first, weights) = CycleExposure.undershoot(review: review, spread: 10)
        #expect(first > 500)
        #expect(abs(weights.reduce(0, +) - 1) < 1e-9)
        let small = CycleExposure.undershoot(review: HorizonDistribution(mean: 2, variance: 2), spread: 3)
        #expect(small.first == 0)
    }
}
