import OnePoolTestSupport
import Testing

@testable import OnePoolCore

/// The catalogue-compute round (Benchmarks/forecast, round 21) against the code it replaced, kept
/// here verbatim (main 178c874): the reorder point's search remembering the services it worked
/// out, and the negative binomial's terms built in one array. Same integers, same doubles to the bit.
@Suite struct ReorderSearchArithmeticTests {
    /// `LostSalesCycles.nearest` of main 178c874: every service asked is worked out again.
    static func referenceNearest(level: Double, start: Int, service: (Int) -> Double) -> Int {
        var high = max(-1, start)
        var up = 1
        while service(high) < level && up < 1 << 40 {
            high += up
            up *= 2
        }
        var step = 1
        var low = high - step
        while low > -1 && service(low) >= level {
            high = low
            step *= 2
            low = high - step
        }
        low = max(-1, low)
        if service(low) >= level { high = low }
        while high - low > 1 {
            let middle = (low + high) / 2
            if service(middle) >= level { high = middle } else { low = middle }
        }
        guard high > -1 else { return high }
        let over = service(high) - level
        let under = level - service(high - 1)
        return under <= over ? high - 1 : high
    }

    /// `HorizonDistribution.probabilities` of main 178c874, through its `masses()`.
    static func referenceMasses(_ distribution: HorizonDistribution) -> (first: Int, weights: [Double]) {
        let mean = distribution.mean
        let variance = distribution.variance
        guard mean > 0 else { return (0, [1]) }
        let isPoisson = variance <= mean * (1 + 1e-9)
        let shape = isPoisson ? 0 : mean * mean / (variance - mean)
        let failure = isPoisson ? 0 : 1 - mean / variance
        func ratio(_ k: Double) -> Double {
            isPoisson ? mean / (k + 1) : (k + shape) / (k + 1) * failure
        }
        let mode = isPoisson ? mean.rounded(.down) : max(0, ((shape - 1) * failure / (1 - failure)).rounded(.down))
        var below: [Double] = []
        var weight = 1.0
        var k = mode
        while k > 0 {
            weight /= ratio(k - 1)
            if weight < 1e-18 || below.count >= HorizonDistribution.maximumTerms { break }
            below.append(weight)
            k -= 1
        }
        var above: [Double] = [1]
        weight = 1
        k = mode
        while true {
            weight *= ratio(k)
            if weight < 1e-18 || k > mean + 1e6 || above.count >= HorizonDistribution.maximumTerms { break }
            above.append(weight)
            k += 1
        }
        let weights = below.reversed() + above
        let total = weights.reduce(0, +)
        return (Int(clampingDouble: mode) - below.count, weights.map { $0 / total })
    }

    static func same(_ a: Double, _ b: Double) -> Bool { a.isNaN ? b.isNaN : a.bitPattern == b.bitPattern }

    static func uniform(_ random: inout SplitMix64) -> Double { Double(random.next() >> 11) / Double(1 << 53) }

    /// A demand distribution over a lead time or review: zero, slow, Poisson, over-dispersed, fast.
    static func distribution(_ random: inout SplitMix64) -> HorizonDistribution {
        let mean = [0, 0.02, 0.3, 1.5, 7, 40, 300][Int(random.next() % 7)] * (0.5 + uniform(&random))
        let dispersion = [1, 1, 1.3, 3, 12, 80][Int(random.next() % 6)]
        return HorizonDistribution(mean: mean, variance: mean * dispersion)
    }

    @Test func theNegativeBinomialsTermsAreTheSame() {
        var random = SplitMix64(seed: 21)
        var checked = 0
        for _ in 0..<3_000 {
            let distribution = Self.distribution(&random)
            let new = distribution.masses()
            let old = Self.referenceMasses(distribution)
            #expect(new.first == old.first)
            #expect(new.weights.count == old.weights.count)
            let mismatches = zip(new.weights, old.weights).filter { !Self.same($0, $1) }.count
            #expect(mismatches == 0, "mean \(distribution.mean) variance \(distribution.variance)")
            checked += new.weights.count
        }
        #expect(checked > 100_000)
    }

    /// The remembering service is the plain one for every reorder point asked, in any order, and
    /// the search with its cache lands where the old search did, whatever it starts from.
    @Test func theRememberedServiceAndTheSearchAreTheOldOnes() {
        var random = SplitMix64(seed: 1_721)
        var searches = 0
        for _ in 0..<200 {
            let lead = Self.distribution(&random)
            let review = Self.distribution(&random)
            guard lead.mean > 0 || review.mean > 0 else { continue }
            let cycles = LostSalesCycles(lead: lead, review: review)
            let spread = [1, 1, 2, 5, 12, 16, 17, 24, 40, 96][Int(random.next() % 10)]
            var known: [Int: Double] = [:]
            let scale = Int(lead.mean + review.mean) + 3
            for _ in 0..<20 {
                let point = Int(random.next() % UInt64(3 * scale)) - 2
                let plain = cycles.service(reorderPoint: point, spread: spread)
                #expect(Self.same(cycles.service(reorderPoint: point, spread: spread, known: &known), plain))
            }
            for level in [0.0, 0.5, 0.9, 0.95, 0.98, 1] {
                let start = Int(random.next() % UInt64(2 * scale)) - 1
                var cache: [Int: Double] = [:]
                var asked = 0
                let new = LostSalesCycles.nearest(level: level, start: start) {
                    asked += 1
                    return cycles.service(reorderPoint: $0, spread: spread, known: &cache)
                }
                let old = Self.referenceNearest(level: level, start: start) {
                    cycles.service(reorderPoint: $0, spread: spread)
                }
                #expect(new == old, "level \(level) start \(start) spread \(spread)")
                // Each point once: the search never asks the same one twice.
                var seen: Set<Int> = []
                _ = LostSalesCycles.nearest(level: level, start: start) {
                    #expect(seen.insert($0).inserted, "asked \($0) again")
                    return cycles.service(reorderPoint: $0, spread: spread)
                }
                #expect(asked == seen.count)
                searches += 1
            }
        }
        #expect(searches > 1_000)
    }

    /// The policy's levels, end to end, against the old search on the same model.
    @Test func thePolicysLevelsAreTheOldOnes() {
        var random = SplitMix64(seed: 9)
        for _ in 0..<600 {
            let lead = Self.distribution(&random)
            let review = Self.distribution(&random)
            let casePack = [1, 1, 1, 6, 12, 24][Int(random.next() % 6)]
            let minimum = casePack * Int(1 + random.next() % 4)
            let service = [0.8, 0.9, 0.95, 0.98][Int(random.next() % 4)]
            let levels = ReorderPolicy.levels(
                serviceLevel: service, lead: lead, review: review, casePack: casePack, minimum: minimum)
            let model = ReorderPolicy.Model(lead: lead, review: review, casePack: casePack, minimum: minimum)
            var expected = model.exposure.quantile(service)
            if let lost = model.lostSales {
                expected = Self.referenceNearest(level: service, start: expected) {
                    lost.service(reorderPoint: $0, spread: model.spread)
                }
            }
            #expect(levels.reorderPoint == expected, "lead \(lead) review \(review) case \(casePack) MOQ \(minimum)")
        }
    }

    /// A sample's scores joined in one pass are the fold with `+`, score for score and in order.
    @Test func joinedScoresAreTheFold() {
        var random = SplitMix64(seed: 5)
        let classes = DemandClass.allCases
        let origins: [CalibrationOrigin] = [.newest, .earlier, .yearAgo]
        let parts = (0..<300).map { _ in
            CalibrationScores(
                forecast: (0..<Int(random.next() % 5)).map { _ in
                    CalibrationScore(
                        demandClass: classes[Int(random.next() % 4)], score: Self.uniform(&random),
                        origin: origins[Int(random.next() % 3)])
                },
                reorder: (0..<Int(random.next() % 7)).map { _ in
                    (classes[Int(random.next() % 4)], Self.uniform(&random), Self.uniform(&random))
                })
        }
        let folded = parts.reduce(CalibrationScores(), +)
        let joined = CalibrationScores.joined(parts)
        #expect(joined.forecast == folded.forecast)
        #expect(joined.reorder.count == folded.reorder.count)
        #expect(
            zip(joined.reorder, folded.reorder).allSatisfy {
                $0.demandClass == $1.demandClass && Self.same($0.score, $1.score) && Self.same($0.weight, $1.weight)
            })
        #expect(folded.forecast.count > 300 && CalibrationScores.joined([]).reorder.isEmpty)
    }

    /// `filledArray` is `Array(repeating:count:)`: the same elements, however many.
    @Test func aFilledArrayIsTheRepeatedOne() {
        for count in 0..<70 {
            let value = Double(count) * 0.1 - 2
            #expect(filledArray(value, count: count) == Array(repeating: value, count: count))
            #expect(filledArray(Double?.none, count: count) == [Double?](repeating: nil, count: count))
            #expect(filledArray(count, count: count).count == count)
        }
    }
}
