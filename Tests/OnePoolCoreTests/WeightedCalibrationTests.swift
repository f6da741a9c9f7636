import OnePoolTestSupport
import Testing

@testable import OnePoolCore

/// The weighted conformal level (`ForecastCalibration(weighted:)`): each reorder score weighs one
/// over the offsets its origin was tried at, so the calibration counts past cycles as the replay
/// counts cycles — once each — whether an order lasts one review or many.
@Suite struct WeightedCalibrationTests {
    /// Unit weights give the split-conformal rank ⌈p·(n + 1)⌉ exactly, and weights scaled alike
    /// give the same level (only their ratios matter, once they weigh `minimumScores` in all).
    @Test func unitWeightsGiveTheConformalRank() {
        for count in [50, 51, 99, 100, 137, 1000] {
            let values = (0..<count).map { Double(($0 * 37) % count) / Double(count) }
            let plain = ForecastCalibration(scores: values.map { (.smooth, $0) })
            let fourfold = ForecastCalibration(weighted: values.map { (.smooth, $0, 4) })
            let sorted = values.sorted()
            for target in [0.5, 0.8, 0.9, 0.95, 0.98] {
                let rank = Int((target * Double(count + 1)).rounded(.up))
                let expected = rank <= count ? sorted[rank - 1].nextUp : 1
                #expect(plain.level(target, for: .smooth) == expected, "n \(count), p \(target)")
                #expect(fourfold.level(target, for: .smooth) == expected, "n \(count), p \(target)")
            }
        }
    }

    /// A hand-made case where the two differ: 60 origins of a SKU ordering every review score
    /// 0.00 … 0.59, weight 1 each; 60 scores of one SKU whose order lasts several reviews, 0.90 …
    /// 0.959, from origins tried at 16 offsets each (weight 1/16: 3.75 cycles in all). Unweighted,
    /// 90% of 121 ranks is the 109th score, 0.948 — the long order's scores outvote the
    /// every-review SKU's 16 to 1. Weighted, the total is 63.75, the mean weight 0.53125, so the
    /// level is the first score whose running weight reaches 0.9 × 64.28125 = 57.853: the 58th,
    /// 0.57 — as a replay that counts each cycle once would ask.
    @Test func weightsCountCyclesNotScores() {
        let often = (0..<60).map { (demandClass: DemandClass.lumpy, score: Double($0) / 100, weight: 1.0) }
        let long = (0..<60).map { (demandClass: DemandClass.lumpy, score: 0.9 + Double($0) / 1000, weight: 1.0 / 16) }
        let weighted = ForecastCalibration(weighted: often + long)
        let unweighted = ForecastCalibration(scores: (often + long).map { ($0.demandClass, $0.score) })
        #expect(unweighted.level(0.9, for: .lumpy) == (0.9 + 48.0 / 1000).nextUp)
        #expect(weighted.level(0.9, for: .lumpy) == 0.57.nextUp)
        // Coverage by weight: below 0.6 lie all 60 of the often-ordering SKU's 63.75.
        #expect(abs(weighted.coverage(ofLevel: 0.6, for: .lumpy) - 60 / 63.75) < 1e-12)
        #expect(unweighted.coverage(ofLevel: 0.6, for: .lumpy) == 0.5)
        #expect(weighted.scoreCount(.lumpy) == 63)
    }

    /// A class whose scores weigh less than `minimumScores` borrows every class's, even when it
    /// has more than that many scores; weights that are not finite or not positive are left out.
    @Test func aClassIsJudgedByItsWeight() {
        typealias Score = (demandClass: DemandClass, score: Double, weight: Double)
        let light: [Score] = (0..<64).map { _ in (.erratic, 0.99, 1.0 / 16) }
        let heavy: [Score] = (0..<100).map { (.smooth, Double($0) / 100, 1) }
        let bad: [Score] = [(.smooth, 0, .nan), (.smooth, 0, -1), (.smooth, 0, 0), (.smooth, 0, .infinity)]
        let calibration = ForecastCalibration(weighted: light + heavy + bad)
        #expect(calibration.scoreCount(.erratic) == 104)
        #expect(calibration.scoreCount(.smooth) == 100)
        #expect(calibration.level(0.5, for: .smooth) == 0.5.nextUp)
        #expect(calibration.level(0.5, for: .erratic) == calibration.level(0.5, for: .intermittent))
    }

    /// Two SKUs of one class calibrated together and replayed together, the catalogue's cycle
    /// service counted as `simulate` counts it (every cycle once): one ordering every review whose
    /// model is too narrow (Poisson for demand 2.33 × as variable), one whose 96-unit MOQ lasts
    /// about six reviews and whose model is too wide (6 ×). Unweighted, the long order's several
    /// scores per origin outvote the every-review SKU that makes most of the cycles, and the pooled
    /// service misses; weighted, it lands within a point of 90, 95 and 98%.
    @Test func weightedLevelsMeetThePooledTarget() {
        typealias Case = ReorderCalibrationTests.Case
        let skus = [Case(believed: 1), Case(believed: 6, casePack: 12, minimum: 96)]
        let lead = ReorderCalibrationTests.lead
        let review = ReorderCalibrationTests.review
        var plain: [(demandClass: DemandClass, score: Double)] = []
        var weighted: [(demandClass: DemandClass, score: Double, weight: Double)] = []
        for (index, item) in skus.enumerated() {
            let model = ReorderCalibrationTests.model(item)
            let weight = 1 / Double(ReorderCalibration.offsetsTried(model))
            let history = ReorderCalibrationTests.demand(days: 30_000, seed: 3 + UInt64(index)).map(Double.init)
            for origin in stride(from: review, through: history.count - lead - review, by: review) {
                for score in ReorderCalibration.scores(
                    demand: history, origin: origin, lead: lead, review: review, model: model)
                {
                    plain.append((.smooth, score))
                    weighted.append((.smooth, score, weight))
                }
            }
        }
        let calibrations = [
            ("unweighted", ForecastCalibration(scores: plain)), ("weighted", ForecastCalibration(weighted: weighted)),
        ]
        let futures = skus.indices.map { ReorderCalibrationTests.demand(days: 200_000, seed: 11 + UInt64($0)) }
        var report: [String] = []
        var misses: [String: Double] = [:]
        for target in [0.90, 0.95, 0.98] {
            for (name, calibration) in calibrations {
                var outcome = PolicySimulation.Outcome()
                for (item, future) in zip(skus, futures) {
                    let (leadDemand, reviewDemand) = ReorderCalibrationTests.distributions(item)
                    let levels = ReorderPolicy.levels(
                        serviceLevel: target, lead: leadDemand, review: reviewDemand, casePack: item.casePack,
                        minimum: item.minimum
                    ) { calibration.level($0, for: .smooth) }
                    outcome =
                        outcome
                        + PolicySimulation.run(
                            demand: future, leadTime: lead, review: review, casePack: item.casePack,
                            minimum: item.minimum, unitCost: .zero, startOnHand: levels.orderUpTo, scoredFrom: 1000
                        ) { _ in (levels.reorderPoint, levels.orderUpTo) }
                }
                let service = outcome.cycleServiceLevel
                misses[name] = max(misses[name] ?? 0, abs(service - target))
                report.append("\(target) \(name): \(service)")
            }
        }
        let text = report.joined(separator: "; ")
        #expect((misses["weighted"] ?? 1) <= 0.01, "\(text)")
        #expect((misses["unweighted"] ?? 0) > 0.01, "the unweighted level should miss: \(text)")
    }
}
