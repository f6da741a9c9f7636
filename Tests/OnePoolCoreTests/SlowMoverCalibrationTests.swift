import Foundation
import OnePoolTestSupport
import Testing

@testable import OnePoolCore

/// A slow mover's reorder point moves in steps of several points of service, and the policy takes
/// the whole unit whose modelled service is *nearest* the level asked (`ReorderPolicy`). For an order
/// lasting several reviews its calibration scores past cycles by that same rounding: a cycle is
/// served at level q exactly when the nearest s is above s*, the largest s that would have run short,
/// i.e. when q is above the midpoint of c(s*) and c(s* + 1). Scored at c(s*) itself, every cycle
/// scored at the step just below a calibrated level counted as served while the nearest s ran it
/// short, so the policy served fewer of the very cycles it was calibrated on than the target.
@Suite struct SlowMoverCalibrationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        /// Customer orders a day (each of 1, 2 or 3 units).
        var ordersPerDay: Double
        var casePack = 1
        var minimum = 1
        var testDescription: String { "\(ordersPerDay) orders a day, case \(casePack), MOQ \(minimum)" }
    }

    static let lead = 14
    static let review = 7

    static func demand(_ item: Case, days: Int, seed: UInt64) -> [Int] {
        var random = SplitMix64(seed: seed)
        return (0..<days).map { _ in
            let orders = CycleServiceTests.poisson(item.ordersPerDay, &random)
            return (0..<orders).reduce(0) { sum, _ in sum + 1 + Int(random.next() % 3) }
        }
    }

    /// The model knows the demand: mean 2 units per order, variance-to-mean 7/3.
    static func distributions(_ item: Case) -> (lead: HorizonDistribution, review: HorizonDistribution) {
        let daily = item.ordersPerDay * 2
        let lead = daily * Double(Self.lead)
        let review = daily * Double(Self.review)
        return (
            HorizonDistribution(mean: lead, variance: lead * 7 / 3),
            HorizonDistribution(mean: review, variance: review * 7 / 3)
        )
    }

    static func calibration(_ item: Case, history: [Int]) -> ForecastCalibration {
        let (lead, review) = distributions(item)
        let model = ReorderPolicy.Model(lead: lead, review: review, casePack: item.casePack, minimum: item.minimum)
        let weight = 1 / Double(ReorderCalibration.offsetsTried(model))
        let values = history.map(Double.init)
        var scores: [(demandClass: DemandClass, score: Double, weight: Double)] = []
        for origin in stride(from: Self.review, through: history.count - Self.lead - Self.review, by: Self.review) {
            for score in ReorderCalibration.scores(
                demand: values, origin: origin, lead: Self.lead, review: Self.review, model: model)
            {
                scores.append((.lumpy, score, weight))
            }
        }
        return ForecastCalibration(weighted: scores)
    }

    /// The calibration keeps its promise on the cycles it was calibrated on: the reorder point it
    /// sets at each target serves at least that share of them (every score weighs 1 / W here), and
    /// one unit lower would serve fewer than the target (the level is not inflated either).
    @Test(arguments: [Case(ordersPerDay: 0.08, minimum: 6), Case(ordersPerDay: 0.3, minimum: 12)])
    func theLevelServesItsOwnScoredCycles(item: Case) {
        let history = Self.demand(item, days: 60_000, seed: 5)
        let calibration = Self.calibration(item, history: history)
        let (lead, review) = Self.distributions(item)
        let values = history.map(Double.init)
        for target in [0.90, 0.95, 0.98] {
            let levels = ReorderPolicy.levels(
                serviceLevel: target, lead: lead, review: review, casePack: item.casePack, minimum: item.minimum
            ) { calibration.level($0, for: .lumpy) }
            // Every scored cycle (an origin every review, offsets j ≤ the review's demand, each of
            // weight 1 / W): short at s when s ≤ s* = lead demand + review demand − j − 1.
            var total = 0.0
            var served = 0.0
            var servedOneLower = 0.0
            for origin in stride(from: Self.review, through: values.count - Self.lead - Self.review, by: Self.review) {
                let before = values[(origin - Self.review)..<origin].reduce(0, +)
                let leadDemand = values[origin..<(origin + Self.lead)].reduce(0, +)
                for offset in 1...levels.spread where Double(offset) <= before {
                    let shortest = Int(leadDemand + before) - offset - 1
                    total += 1
                    if levels.reorderPoint > shortest { served += 1 }
                    if levels.reorderPoint - 1 > shortest { servedOneLower += 1 }
                }
            }
            let share = served / total
            #expect(share >= target, "\(target): s \(levels.reorderPoint) serves \(share) of its scored cycles")
            #expect(servedOneLower / total < target, "\(target): s − 1 would serve \(servedOneLower / total)")
        }
    }

    /// Not fixed: where every review orders, a slow mover's scored cycle is the one review after
    /// the order's arrival, but the replay's cycle runs until the next review that sells orders and
    /// that order arrives, often several reviews later — the scores see less risk than the replay
    /// meets, and the calibrated policy serves 63.3% of cycles at 90% (73.7% with midpoint scores,
    /// which overshoot fast movers there: kept at c(s*), see `ReorderPolicy.Model.score`).
    @Test func everyReviewOrdersSlowMoverFallsShort() {
        let item = Case(ordersPerDay: 0.08)
        let calibration = Self.calibration(item, history: Self.demand(item, days: 60_000, seed: 5))
        let future = Self.demand(item, days: 600_000, seed: 17)
        let (lead, review) = Self.distributions(item)
        let levels = ReorderPolicy.levels(serviceLevel: 0.9, lead: lead, review: review, casePack: 1, minimum: 1) {
            calibration.level($0, for: .lumpy)
        }
        let served = PolicySimulation.run(
            demand: future, leadTime: Self.lead, review: Self.review, casePack: 1, minimum: 1, unitCost: .zero,
            startOnHand: levels.orderUpTo, scoredFrom: 1000
        ) { _ in (levels.reorderPoint, levels.orderUpTo) }.cycleServiceLevel
        withKnownIssue("lost-sales scores of a slow mover see one review of a longer cycle") {
            #expect(served >= 0.89, "s \(levels.reorderPoint) served \(served)")
        }
    }

    /// The score is the level at which the nearest whole unit stops running the cycle short: the
    /// midpoint of the services of s* and s* + 1, 0 below the lowest reorder point the policy can
    /// choose, 1 above the highest.
    @Test func scoreIsTheMidpointOfTheStep() {
        let item = Case(ordersPerDay: 0.08, minimum: 6)
        let (lead, review) = Self.distributions(item)
        let model = ReorderPolicy.Model(lead: lead, review: review, casePack: 1, minimum: 6)
        // Review before the origin sold 6 (every offset orders), the lead time 3, so s* = 3 + 6 − j − 1.
        let demand = [0, 0, 0, 0, 0, 0, 6, 0, 0, 3] + [Double](repeating: 0, count: 18)
        let scores = ReorderCalibration.scores(demand: demand, origin: 7, lead: 14, review: 7, model: model)
        #expect(scores.count == 6)
        for (index, score) in scores.enumerated() {
            let shortest = 3 + 6 - (index + 1) - 1
            let expected = (model.service(shortest) + model.service(shortest + 1)) / 2
            #expect(abs(score - expected) < 1e-9, "offset \(index + 1): \(score) vs \(expected)")
            #expect(score > model.service(shortest))
        }
    }
}
