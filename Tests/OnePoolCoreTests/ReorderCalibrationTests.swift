import Foundation
import OnePoolTestSupport
import Testing

@testable import OnePoolCore

/// The reorder point's own calibration (`ReorderCalibration`) puts the cycle service on target
/// when the model behind the reorder point has the wrong spread: demand is over-dispersed in a known
/// way (orders of 1–3 units, variance 2.33 × the mean), the model believes another width, and the
/// policy replayed with the model's uncalibrated level misses the target by more than a point, with
/// the level calibrated on the same kind of demand's past cycles within one.
@Suite struct ReorderCalibrationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        /// The variance-to-mean ratio the model believes (the demand's is 7/3).
        var believed: Double
        var casePack = 1
        var minimum = 1
        var testDescription: String { "believed var/mean \(believed), case \(casePack), MOQ \(minimum)" }
    }

    static let lead = 14
    static let review = 7
    static let ordersPerDay = 1.2
    /// E[size] = 2, E[size²] = 14 / 3: mean 2.4 a day, variance 5.6.
    static let meanPerDay = ordersPerDay * 2

    static let cases = [
        Case(believed: 6),  // too wide: the uncalibrated policy overshoots
        Case(believed: 1),  // Poisson, too narrow: it undershoots
        Case(believed: 6, casePack: 12, minimum: 96),  // an MOQ lasting several reviews, too wide
    ]

    /// Daily demand: Poisson(1.2) orders of 1, 2 or 3 units each.
    static func demand(days: Int, seed: UInt64) -> [Int] {
        var random = SplitMix64(seed: seed)
        return (0..<days).map { _ in
            let orders = CycleServiceTests.poisson(ordersPerDay, &random)
            return (0..<orders).reduce(0) { sum, _ in sum + 1 + Int(random.next() % 3) }
        }
    }

    static func model(_ item: Case) -> ReorderPolicy.Model {
        let (lead, review) = distributions(item)
        return ReorderPolicy.Model(lead: lead, review: review, casePack: item.casePack, minimum: item.minimum)
    }

    static func distributions(_ item: Case) -> (lead: HorizonDistribution, review: HorizonDistribution) {
        let lead = meanPerDay * Double(Self.lead)
        let review = meanPerDay * Double(Self.review)
        return (
            HorizonDistribution(mean: lead, variance: lead * item.believed),
            HorizonDistribution(mean: review, variance: review * item.believed)
        )
    }

    /// The calibration from the past cycles of `history`, an origin every review.
    static func calibration(_ item: Case, history: [Int]) -> ForecastCalibration {
        let model = model(item)
        let values = history.map(Double.init)
        var scores: [(demandClass: DemandClass, score: Double)] = []
        for origin in stride(from: review, through: history.count - lead - review, by: review) {
            for score in ReorderCalibration.scores(
                demand: values, origin: origin, lead: lead, review: review, model: model)
            {
                scores.append((.smooth, score))
            }
        }
        return ForecastCalibration(scores: scores)
    }

    static func replay(_ item: Case, levels: ReorderPolicy.Levels, demand: [Int]) -> Double {
        PolicySimulation.run(
            demand: demand, leadTime: lead, review: review, casePack: item.casePack, minimum: item.minimum,
            unitCost: .zero, startOnHand: levels.orderUpTo, scoredFrom: 1000
        ) { _ in (levels.reorderPoint, levels.orderUpTo) }.cycleServiceLevel
    }

    @Test(arguments: cases)
    func calibratedLevelsMeetTheTargetWhereTheModelMisses(item: Case) {
        let calibration = Self.calibration(item, history: Self.demand(days: 30_000, seed: 3))
        let future = Self.demand(days: 300_000, seed: 11)
        let (lead, review) = Self.distributions(item)
        var report: [String] = []
        var worstMiss = 0.0
        for target in [0.90, 0.95, 0.98] {
            let plain = ReorderPolicy.levels(
                serviceLevel: target, lead: lead, review: review, casePack: item.casePack, minimum: item.minimum)
            let calibrated = ReorderPolicy.levels(
                serviceLevel: target, lead: lead, review: review, casePack: item.casePack, minimum: item.minimum
            ) { calibration.level($0, for: .smooth) }
            let before = Self.replay(item, levels: plain, demand: future)
            let after = Self.replay(item, levels: calibrated, demand: future)
            worstMiss = max(worstMiss, abs(before - target))
            report.append("\(target): s \(plain.reorderPoint) → \(calibrated.reorderPoint), \(before) → \(after)")
            #expect(abs(after - target) <= 0.01, "\(report.joined(separator: "; "))")
        }
        #expect(worstMiss > 0.02, "the uncalibrated model should miss: \(report.joined(separator: "; "))")
    }

    /// Scores follow the rule: a cycle that would have run short at every reachable s scores 1
    /// (no level covers it); one that runs short at none scores 0.
    @Test func scoresAtTheEdges() {
        let item = Case(believed: 2)
        let model = Self.model(item)
        let quiet = [Double](repeating: 0, count: 7) + [Double](repeating: 0, count: 21)
        #expect(ReorderCalibration.scores(demand: quiet, origin: 7, lead: 14, review: 7, model: model).isEmpty)
        let flood = [Double](repeating: 3, count: 7) + [Double](repeating: 1000, count: 21)
        let scores = ReorderCalibration.scores(demand: flood, origin: 7, lead: 14, review: 7, model: model)
        #expect(scores.count == 1 && scores[0] > 0.999_999)
        let calm = [Double](repeating: 3, count: 7) + [Double](repeating: 0, count: 21)
        #expect(ReorderCalibration.scores(demand: calm, origin: 7, lead: 14, review: 7, model: model) == [0])
        // A window that does not fit scores nothing.
        #expect(ReorderCalibration.scores(demand: calm, origin: 8, lead: 14, review: 7, model: model).isEmpty)
        #expect(ReorderCalibration.scores(demand: calm, origin: 6, lead: 14, review: 7, model: model).isEmpty)
    }
}
