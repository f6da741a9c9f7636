import OnePoolTestSupport
import Testing

@testable import OnePoolCore

/// The reorder point never exceeds the largest total the SKU's history shows over lead time +
/// review (`ReorderPolicy.levels`, `DemandForecast.largestTotal`): s there would have served every
/// past cycle, so a model asking more is extrapolating its own tail. The case that needs it (pasta,
/// Benchmarks/forecast round 15): a backtest error of a promotion spike as the variance of a mean
/// that has fallen to a unit or two.
@Suite struct ReorderCeilingTests {
    /// The brute-force largest total: every window's observed sum scaled up to the horizon, for
    /// windows at least half observed.
    static func largest(_ values: [Double], observed: [Bool], horizon: Int) -> Double? {
        var best: Double? = nil
        for origin in 0...(values.count - horizon) {
            let window = origin..<origin + horizon
            let seen = window.filter { observed[$0] }
            guard 2 * seen.count >= horizon else { continue }
            let total = seen.reduce(0.0) { $0 + values[$1] } * Double(horizon) / Double(seen.count)
            best = max(best ?? total, total)
        }
        return best
    }

    @Test func theLargestTotalIsTheBiggestWindowOfTheHistory() throws {
        var random = SplitMix64(seed: 15)
        for round in 0..<60 {
            let length = 364 + Int(random.next() % 400)
            let horizon = 1 + Int(random.next() % 30)
            let censoredShare = round % 3 == 0 ? 0.0 : Double(round % 3) * 0.3
            var values: [Double] = []
            var observed: [Bool] = []
            for _ in 0..<length {
                let draw = Double(random.next() >> 11) / Double(1 << 53)
                // Mostly small whole counts, a spike now and then, some days out of stock.
                values.append(draw < 0.02 ? Double(random.next() % 500) : Double(random.next() % 4))
                observed.append(Double(random.next() >> 11) / Double(1 << 53) >= censoredShare)
            }
            observed[length - 1] = true
            values[length - 1] = max(1, values[length - 1])
            let history = DemandWindow(values, censored: observed.map { !$0 })
            let selector = ForecastSelector(horizon: horizon, season: 7, year: 364)
            let expected = Self.largest(values, observed: observed, horizon: horizon)
            let found = selector.largestTotal(history)
            #expect(found != nil || expected == nil, "round \(round)")
            if let found, let expected {
                #expect(abs(found - expected) <= 1e-9 * max(1, expected), "round \(round): \(found) vs \(expected)")
            }
            #expect(selector.forecast(history).largestTotal == found)
        }
    }

    @Test func aHistoryShorterThanAYearOrWithoutOneSetsNoCeiling() {
        let values = (0..<363).map { Double($0 % 5) }
        let selector = ForecastSelector(horizon: 21, season: 7, year: 364)
        #expect(selector.forecast(DemandWindow(values)).largestTotal == nil)
        #expect(selector.forecast(DemandWindow(values + [1])).largestTotal != nil)
        let noYear = ForecastSelector(horizon: 21, season: 7, year: 0)
        #expect(noYear.forecast(DemandWindow(values + values)).largestTotal == nil)
    }

    /// Pasta's PASTA_B4_9 on 2018-12-04 (without the promotion calendar): a mean of 1.6 units
    /// over 21 days, a standard deviation of 71 from the backtest's promotion weeks. Every review
    /// orders (case 1, MOQ 1), so the lost-sales cycle model, counting a cycle only where a review
    /// sells, asked s = 1,241 and ordered 854 units with 388 on hand; the most it ever sold in 21
    /// days was a few hundred.
    @Test func aDegenerateSpreadIsHeldToTheLargestPastTotal() {
        let total = HorizonDistribution(mean: 1.6, variance: 71.4 * 71.4)
        let lead = HorizonDistribution(mean: total.mean * 2 / 3, variance: total.variance * 2 / 3)
        let review = HorizonDistribution(mean: total.mean / 3, variance: total.variance / 3)
        let free = ReorderPolicy.levels(serviceLevel: 0.911, lead: lead, review: review, casePack: 1, minimum: 1)
        #expect(free.reorderPoint > 1000, "the model's own s: \(free.reorderPoint)")
        let held = ReorderPolicy.levels(
            serviceLevel: 0.911, lead: lead, review: review, casePack: 1, minimum: 1, ceiling: 291.5)
        #expect(held.reorderPoint == 292 && held.orderUpTo == 293)
        #expect(held.level == free.level && held.meanExposure == free.meanExposure)
        #expect(held.heldFrom == free.reorderPoint && free.heldFrom == nil)
        // A ceiling above the model's s changes nothing; a hostile one is ignored.
        for ceiling in [Double(free.reorderPoint) + 1, .nan, .infinity, -5] {
            let same = ReorderPolicy.levels(
                serviceLevel: 0.911, lead: lead, review: review, casePack: 1, minimum: 1, ceiling: ceiling)
            #expect(same == free, "ceiling \(ceiling)")
        }
    }

    /// An order lasting several reviews (a case of 12 on a review selling 1) keeps the model's s:
    /// its service is a plain quantile of D(L) + U, not divided by the chance a review sells.
    @Test func anOrderLastingSeveralReviewsKeepsTheModelsReorderPoint() {
        let lead = HorizonDistribution(mean: 2.3, variance: 49)
        let review = HorizonDistribution(mean: 1, variance: 21)
        let free = ReorderPolicy.levels(serviceLevel: 0.98, lead: lead, review: review, casePack: 12, minimum: 12)
        #expect(free.reorderPoint > 3)
        let same = ReorderPolicy.levels(
            serviceLevel: 0.98, lead: lead, review: review, casePack: 12, minimum: 12, ceiling: 3)
        #expect(same == free)
    }

    /// The demo's seed 2026, THR-MOH-SLT in `simulate` at 95%: case 36, MOQ 144 (an order lasting
    /// years), lead time 45 d, a forecast fallen to 6.4·10⁻⁶ units over 52 days under a backtest
    /// variance of 4.7. The undershoot is a review's demand given that it sold, so the model asked
    /// s in the tens of thousands (63,615 at the calibrated level 0.878) for a SKU that never sold
    /// more than 11 in 52 days; the replay held that stock for 90 days (2.7× min/max's stock over
    /// the whole catalogue). Held to the ceiling like a lost-sales s.
    @Test func aDegenerateOrderLastingSeveralReviewsIsHeldToTheLargestPastTotal() {
        let total = HorizonDistribution(mean: 6.4e-6, variance: 4.7)
        let lead = HorizonDistribution(mean: total.mean * 45 / 52, variance: total.variance * 45 / 52)
        let review = HorizonDistribution(mean: total.mean * 7 / 52, variance: total.variance * 7 / 52)
        let free = ReorderPolicy.levels(serviceLevel: 0.878, lead: lead, review: review, casePack: 36, minimum: 144)
        #expect(free.reorderPoint > 1000, "the model's own s: \(free.reorderPoint)")
        #expect(free.spread == 144)
        let held = ReorderPolicy.levels(
            serviceLevel: 0.878, lead: lead, review: review, casePack: 36, minimum: 144, ceiling: 11)
        #expect(held.reorderPoint == 11 && held.orderUpTo == 12)
        #expect(held.heldFrom == free.reorderPoint)
        // Just within the factor it keeps the model's s: the cap is for a degenerate spread only.
        let ceiling = Double(free.reorderPoint) / ReorderPolicy.degenerateFactor
        let kept = ReorderPolicy.levels(
            serviceLevel: 0.878, lead: lead, review: review, casePack: 36, minimum: 144, ceiling: ceiling)
        #expect(kept == free)
    }

    /// The planner (reorder, the console, the briefing, simulate) applies the forecast's ceiling.
    @Test func thePlannerHoldsTheReorderPointToTheForecastsLargestTotal() throws {
        let planner = ReplenishmentPlanner(settings: ReplenishmentSettings(cycleServiceLevel: 0.9))
        let sku = SKU(code: SKUCode("SPIKY"), title: "spiky", unitCost: Money(cents: 100), price: Money(cents: 200))
        // Two years of two units a day, then a promotion fortnight at 60 a day, then quiet days.
        let demand = (0..<730).map { day in day >= 680 && day < 694 ? 60 : (day >= 694 ? day % 9 == 0 ? 1 : 0 : 2) }
        var forecast = planner.forecast(ReplenishmentPlanner.Input(sku: sku, stock: StockLevel(), demand: demand))
        let ceiling = try #require(forecast.largestTotal)
        #expect(ceiling == 14 * 60 + 7 * 2)
        // The degenerate spread such a history can leave: the mean fallen to 1.6, the spread of the spike.
        let scale = 1.6 / forecast.expected.reduce(0, +)
        forecast.expected = forecast.expected.map { $0 * scale }
        forecast.point = forecast.expected
        forecast.total = HorizonDistribution(mean: 1.6, variance: 200 * 200)
        let held = planner.levels(sku: sku, forecast: forecast)
        #expect(held.reorderPoint == Int(ceiling) && held.orderUpTo == Int(ceiling) + 1)
        forecast.largestTotal = nil
        let free = planner.levels(sku: sku, forecast: forecast)
        #expect(free.reorderPoint > Int(ceiling), "without the ceiling: \(free.reorderPoint)")
    }

    /// With promotions known ahead, the baseline's ceiling is lifted with the promotion days.
    @Test func aPromotionAheadLiftsTheCeiling() throws {
        let values = (0..<400).map { Double($0 % 7 == 5 ? 9 : 3) }
        let forecast = ForecastSelector(horizon: 4, season: 7, year: 364).forecast(DemandWindow(values))
        let ceiling = try #require(forecast.largestTotal)
        let lifted = PromotionLift(lift: 3).apply(forecast, promotedAhead: [true, false, false, false])
        #expect(lifted.largestTotal == ceiling * 3)
        let lowered = PromotionLift(lift: 0.5).apply(forecast, promotedAhead: [true, false, false, false])
        #expect(lowered.largestTotal == ceiling)
    }
}
