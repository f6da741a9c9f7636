import OnePoolTestSupport
import Testing

@testable import OnePoolCore

/// The catalogue pass must not change a single bit when it is made faster: a calibrated planner
/// forecasts a generated catalogue of every demand shape (smooth, erratic, intermittent, lumpy,
/// censored stretches, short and two-year histories, a yearly peak), and every number that leaves
/// the planner — levels, orders, the daily forecast, the spread, the methods chosen, every
/// candidate's backtest score — is folded into one fingerprint. The expected value was recorded
/// from the code before the speed work, with reorder scores weighted by cycles (branch
/// forecast-service, ad86318, which changes reorder levels on purpose); the speed work merged on
/// top of it gives the same value. A change in any bit of any of them fails: a deliberate change
/// of a level or a forecast records the new value here, in its own commit, saying why. Recorded
/// again when the reorder scores of orders lasting several reviews moved to the midpoint of the
/// nearest unit's step (branch lumpy-level): those SKUs' reorder levels move on purpose. Recorded
/// again when the forecast calibration gained its year-ago and drift guards (branch
/// coverage-margin): upper quantile levels move on purpose; medians and points do not. Recorded
/// again when both that branch and the reorder ceiling (branch pasta-promo: where every review
/// orders, s at most the history's largest lead-time-plus-review total) were merged together.
@Suite struct CatalogueFingerprintTests {
    static let expected: UInt64 = 17_779_635_418_161_838_443

    @Test func everyNumberOfTheCataloguePassIsUnchanged() {
        let inputs = Self.catalogue(count: 90, days: 730)
        // Two calibration origins per series keep the test quick in a debug build; the levels
        // still come from a real calibration (over 50 scores per class or pooled).
        let plain = ReplenishmentPlanner()
        let planner = plain.calibrated(
            scores: inputs.map { plain.calibrationScores(for: $0, origins: 2) }.reduce(CalibrationScores(), +))
        var fingerprint = Fingerprint()
        for input in inputs {
            let forecast = planner.forecast(input)
            fingerprint.add(forecast)
            fingerprint.add(planner.recommend(input, forecast: forecast))
        }
        #expect(fingerprint.value == Self.expected, "fingerprint \(fingerprint.value)")
    }

    /// Histories from a fixed generator: a mix of the four classes, some with out-of-stock runs,
    /// some short, some with a December peak; lead times, case packs and MOQs vary.
    static func catalogue(count: Int, days: Int) -> [ReplenishmentPlanner.Input] {
        var random = SplitMix64(seed: 17)
        return (0..<count).map { index in
            let pack = [1, 1, 6, 12][index % 4]
            let sku = SKU(
                code: SKUCode("FP-\(index)"), title: "", unitCost: Money(cents: 250), price: Money(cents: 600),
                leadTimeDays: [6, 14, 18, 45][(index / 4) % 4], casePack: pack,
                minimumOrderQuantity: pack * (1 + index % 3))
            let length = index % 9 == 0 ? 20 + index % 200 : days
            var demand: [Int] = []
            var censored: [Bool] = []
            let kind = index % 5
            let rate = 0.2 + random.unit() * 12
            for day in 0..<length {
                let weekly = [0.85, 0.9, 0.95, 1.0, 1.1, 1.4, 0.8][day % 7]
                let peak = index % 7 == 0 && (day % 364) > 330 ? 3.0 : 1.0
                var units: Int
                switch kind {
                case 0: units = random.poisson(rate * weekly * peak)
                case 1: units = random.unit() < 0.05 ? Int(rate * 8) : random.poisson(rate * peak)
                case 2: units = random.unit() < 0.08 ? 1 + Int(random.unit() * 3) : 0
                case 3: units = random.unit() < 0.12 ? 1 + Int(random.unit() * 40) : 0
                default: units = random.unit() < 0.5 ? random.poisson(rate / 3) : 0
                }
                let out = index % 3 == 0 && day % 97 < 6
                if out { units = units / 2 }
                demand.append(units)
                censored.append(out)
            }
            return ReplenishmentPlanner.Input(
                sku: sku, stock: StockLevel(onHand: index % 40), demand: demand, censored: censored,
                arrivals: index % 6 == 0 ? [Arrival(inDays: 3, quantity: 12)] : [])
        }
    }
}

/// FNV-1a over the bit patterns of every number.
struct Fingerprint {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ word: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) {
            value = (value ^ ((word >> UInt64(shift)) & 0xff)) &* 0x100_0000_01b3
        }
    }
    mutating func add(_ number: Double) { add(number.bitPattern) }
    mutating func add(_ number: Int) { add(UInt64(bitPattern: Int64(number))) }
    mutating func add(_ text: String) { for byte in text.utf8 { add(Int(byte)) } }

    mutating func add(_ forecast: DemandForecast) {
        forecast.expected.forEach { add($0) }
        forecast.point.forEach { add($0) }
        add(forecast.total.mean)
        add(forecast.total.variance)
        add(forecast.demandClass.rawValue)
        forecast.methods.forEach { add($0.description) }
        for score in forecast.scores {
            add(score.method.description)
            add(score.absoluteTotalError)
            add(score.excluded ? 1 : 0)
        }
        add(forecast.fallback ?? "-")
        add(forecast.quantile(0.95))
    }

    mutating func add(_ item: Recommendation) {
        add(item.reorderPoint)
        add(item.orderUpTo)
        add(item.orderQuantity)
        add(item.position)
        add(item.dailyForecast)
        add(item.protectionDemand)
        add(item.safetyStock)
        add(item.daysToStockout ?? -1)
        add(item.daysOfCover ?? -1)
        add(item.overstockUnits)
        add(item.expectedLostUnits)
        add(Int(item.moneyAtRisk.cents))
        add(Int(item.overstockCash.cents))
        add(Int(item.orderCost.cents))
        for line in item.explanation.steps {
            add(line.name)
            add(line.value)
            add(line.how)
        }
    }
}

/// The test's draws: uniform and Poisson (by inversion) over the shared SplitMix64 sequence.
extension SplitMix64 {
    fileprivate mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    fileprivate mutating func poisson(_ mean: Double) -> Int {
        var limit = 1.0
        for _ in 0..<Int(mean * 1000) { limit *= 0.999 }  // e^−mean without Foundation
        var product = unit()
        var count = 0
        while product > limit && count < 1000 {
            product *= unit()
            count += 1
        }
        return count
    }
}
