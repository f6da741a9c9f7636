import OnePoolTestSupport
import Testing

@testable import OnePoolCore

/// The catalogue-speed round's arithmetic against the code it replaced (`ReferenceForecasting`,
/// main f1c8012 verbatim), double for double, on random histories of every shape a store or a
/// hostile file can give: all zeros, intermittent, lumpy, smooth, fractional (a partly censored
/// day's estimate), huge (near 2⁵³ and far past it), negative zero and negatives, infinities and
/// NaN, short and empty, with censored periods scattered and in runs, cut at many origins.
@Suite struct ForecastArithmeticDifferentialTests {
    /// The same double, bit for bit (any NaN matches any NaN: its payload is not a result).
    static func same(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let a?, let b?): return a.isNaN ? b.isNaN : a.bitPattern == b.bitPattern
        default: return false
        }
    }

    static func same(_ a: [Double]?, _ b: [Double]?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let a?, let b?): return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
        default: return false
        }
    }

    /// A random history of one of nine shapes.
    static func history(_ random: inout SplitMix64, shape: Int) -> DemandWindow {
        let length =
            random.next() % 4 == 0 ? Int(random.next() % 40) : 100 + Int(random.next() % 700)
        func unit() -> Double { Double.random(in: 0..<1, using: &random) }
        let rate = 0.02 + unit() * 0.4
        let values: [Double] = (0..<length).map { _ in
            switch shape {
            case 0: return 0
            case 1: return unit() < rate ? Double(1 + Int(unit() * 3)) : 0
            case 2: return unit() < rate ? Double(1 + Int(unit() * 40)) : 0
            case 3: return (unit() * 30).rounded()
            case 4: return unit() < 0.3 ? unit() * 17 : (unit() * 9).rounded()
            case 5: return [9_007_199_254_740_990, 4.5e15, 1e300, 3, 0][Int(unit() * 5)]
            case 6: return [-0.0, -3, 2, 0, 1e-310][Int(unit() * 5)]
            case 7: return unit() < 0.02 ? [Double.infinity, -Double.infinity, Double.nan][Int(unit() * 3)] : 2
            default: return unit() < 0.5 ? (unit() * 1e6).rounded() : 0
            }
        }
        let censoring = Int(random.next() % 3)
        var runLeft = 0
        let censored: [Bool] = (0..<length).map { _ in
            switch censoring {
            case 0: return false
            case 1: return unit() < 0.15
            default:
                if runLeft > 0 {
                    runLeft -= 1
                    return true
                }
                if unit() < 0.03 { runLeft = Int(unit() * 20) }
                return false
            }
        }
        return DemandWindow(values, censored: censored)
    }

    /// Ascending origins inside the history, some repeated, the end among them.
    static func origins(_ random: inout SplitMix64, end: Int) -> [Int] {
        let picked = (0..<Int(random.next() % 12)).map { _ in Int(random.next() % UInt64(end + 1)) }
        return (picked + [end]).sorted()
    }

    @Test func aggregatedBucketsFromRunningSumsAreThePeriodByPeriodOnes() {
        var random = SplitMix64(seed: 52)
        var compared = 0
        for round in 0..<270 {
            let full = Self.history(&random, shape: round % 9)
            let sums = TemporalAggregation.BucketSums(full)
            for origin in Self.origins(&random, end: full.end) {
                let cut = full.cut(at: origin)
                for level in 1...max(1, min(45, cut.end)) {
                    let reference = ReferenceForecasting.aggregated(cut, level: level)
                    #expect(
                        Self.same(TemporalAggregation.aggregated(cut, level: level), reference),
                        "round \(round), origin \(origin), level \(level)")
                    #expect(
                        Self.same(TemporalAggregation.aggregated(cut, level: level, sums: sums), reference),
                        "round \(round), origin \(origin), level \(level), shared sums")
                    compared += 1
                }
            }
        }
        #expect(compared > 10_000)
    }

    @Test func smoothingOnVectorLanesIsTheScalarChains() {
        var random = SplitMix64(seed: 53)
        for round in 0..<270 {
            let full = Self.history(&random, shape: round % 9)
            // Grids of 1 to 10 alphas: up to eight run as lanes of one vector, more in arrays.
            let alphas = (0..<(1 + round % 10)).map { _ in Double.random(in: 0.01..<0.9, using: &random) }
            for origin in Self.origins(&random, end: full.end) {
                let cut = full.cut(at: origin)
                let new = SimpleExponentialSmoothing.fit(cut, alphas: alphas)
                let old = ReferenceForecasting.sesFit(cut, alphas: alphas)
                #expect(Self.same(new?.alpha, old?.alpha) && Self.same(new?.level, old?.level), "round \(round)")
                let standard = SimpleExponentialSmoothing.fit(cut)
                let reference = ReferenceForecasting.sesFit(cut, alphas: SimpleExponentialSmoothing.alphaGrid)
                #expect(Self.same(standard?.level, reference?.level), "round \(round), standard grid")
            }
        }
    }

    @Test func seasonalSmoothingWithCountedPhasesIsTheDividedOne() {
        var random = SplitMix64(seed: 54)
        for round in 0..<270 {
            let full = Self.history(&random, shape: round % 9)
            let period = [2, 3, 7, 12][round % 4]
            for origin in Self.origins(&random, end: full.end) {
                let cut = full.cut(at: origin)
                let horizon = 1 + origin % 30
                #expect(
                    Self.same(
                        SeasonalMethods.exponentialSmoothing(cut, period: period, horizon: horizon),
                        ReferenceForecasting.seasonalSmoothing(cut, period: period, horizon: horizon)),
                    "round \(round), origin \(origin), period \(period)")
                for seasons in [1, 8, 52] {
                    #expect(
                        Self.same(
                            SeasonalMethods.phaseMeans(cut, period: period, seasons: seasons),
                            ReferenceForecasting.phaseMeans(cut, period: period, seasons: seasons)))
                }
            }
        }
    }

    @Test func dampedTrendOnVectorLanesIsTheScalarChains() {
        var random = SplitMix64(seed: 55)
        for round in 0..<270 {
            let full = Self.history(&random, shape: round % 9)
            let origins = Self.origins(&random, end: full.end)
            let horizon = 1 + round % 40
            let new = RollingForecasts.dampedPaths(full, at: origins, horizon: horizon)
            let old = ReferenceForecasting.dampedPaths(full, at: origins, horizon: horizon)
            #expect(new.count == old.count)
            for (a, b) in zip(new, old) { #expect(Self.same(a, b), "round \(round)") }
        }
    }

    @Test func rollingSmoothingCrostonAndTSBOnVectorLanesAreTheScalarChains() {
        var random = SplitMix64(seed: 57)
        for round in 0..<270 {
            let full = Self.history(&random, shape: round % 9)
            let origins = Self.origins(&random, end: full.end)
            let alphas = (0..<(1 + round % 10)).map { _ in Double.random(in: 0.01..<0.9, using: &random) }
            for grid in [alphas, SimpleExponentialSmoothing.alphaGrid, TemporalAggregation.alphaGrid] {
                let new = RollingForecasts.sesLevels(full, at: origins, alphas: grid)
                let old = ReferenceForecasting.sesLevels(full, at: origins, alphas: grid)
                #expect(zip(new, old).allSatisfy { Self.same($0, $1) }, "round \(round), SES")
            }
            let croston = RollingForecasts.crostonRates(full, at: origins)
            let oldCroston = ReferenceForecasting.crostonRates(full, at: origins)
            #expect(zip(croston, oldCroston).allSatisfy { Self.same($0, $1) }, "round \(round), Croston")
            let tsb = RollingForecasts.tsbRates(full, at: origins)
            let oldTSB = ReferenceForecasting.tsbRates(full, at: origins)
            #expect(zip(tsb, oldTSB).allSatisfy { Self.same($0, $1) }, "round \(round), TSB")
        }
    }

    @Test func vectorisedConvolutionIsThePlainLoop() {
        var random = SplitMix64(seed: 56)
        for round in 0..<400 {
            func masses(_ count: Int) -> [Double] {
                (0..<count).map { _ in
                    switch random.next() % 8 {
                    case 0: return 0
                    case 1: return 1e-310
                    case 2: return -Double.random(in: 0..<1, using: &random)
                    case 3: return Double.random(in: 0..<1e300, using: &random)
                    default: return Double.random(in: 0..<1, using: &random)
                    }
                }
            }
            let a = masses(1 + Int(random.next() % 300))
            let b = masses(1 + Int(random.next() % (round % 2 == 0 ? 5 : 900)))
            #expect(
                Self.same(CycleExposure.convolution(a, b), ReferenceForecasting.convolution(a, b)), "round \(round)")
        }
    }

    /// Origins as a backtest asks them: a week apart back from one horizon before the end, a
    /// year and a year less a week back, and the end (ascending, at least 0).
    static func backtestOrigins(_ random: inout SplitMix64, end: Int) -> [Int] {
        let newest = end - 1 - Int(random.next() % 30)
        let list = (0..<8).map { newest - 7 * $0 } + [end - 364, end - 357, end]
        return Array(Set(list.filter { $0 >= 0 })).sorted()
    }

    @Test func alignedOriginsShareOneAggregationPassWithTheSameDoubles() {
        var random = SplitMix64(seed: 60)
        var compared = 0
        for round in 0..<270 {
            let full = Self.history(&random, shape: round % 9)
            // Backtest origins, random ones (repeated, unsorted in a third of the rounds).
            var origins =
                round % 2 == 0 ? Self.backtestOrigins(&random, end: full.end) : Self.origins(&random, end: full.end)
            if round % 3 == 0 { origins.shuffle(using: &random) }
            let tops = origins.map { _ in Int(random.next() % 40) }
            let sums = TemporalAggregation.BucketSums(full)
            let table = TemporalAggregation.aggregatedLevels(full, origins: origins, tops: tops, sums: sums)
            #expect(table.count == origins.count)
            for (index, origin) in origins.enumerated() {
                #expect(table[index].count == max(0, tops[index] - 1))
                guard tops[index] >= 2 else { continue }
                for level in 2...tops[index] {
                    let reference = ReferenceForecasting.aggregated(full.cut(at: origin), level: level)
                    #expect(
                        Self.same(table[index][level - 2], reference),
                        "round \(round), origin \(origin), level \(level)")
                    compared += 1
                }
            }
        }
        #expect(compared > 10_000)
    }

    /// The backtest's ADIDA and IMAPA paths with the levels from the shared passes are the ones
    /// each origin's levels computed alone give (the code before, main e44e260: `rates` without
    /// `levels`, from the same rolling level-1 smoothing, mean intervals and historic means). On
    /// ordinary demand (no value near 1e300, no infinity or NaN) they are also each origin's own
    /// `forecast`.
    @Test func theBacktestsAggregationPathsAreEachOriginsLevelsAlone() {
        var random = SplitMix64(seed: 61)
        for round in 0..<180 {
            let shape = round % 9
            let full = Self.history(&random, shape: shape)
            let origins =
                round % 2 == 0 ? Self.backtestOrigins(&random, end: full.end) : Self.origins(&random, end: full.end)
            let horizon = 1 + round % 28
            let both = ForecastMethod.aggregationForecasts(full, horizon: horizon, at: origins, prefix: nil)
            let smoothed = RollingForecasts.sesLevels(full, at: origins, alphas: TemporalAggregation.alphaGrid)
            let intervals = RollingForecasts.meanIntervals(full, at: origins)
            let prefix = RollingForecasts.Prefix(full)
            let sums = TemporalAggregation.BucketSums(full)
            for (index, origin) in origins.enumerated() {
                let cut = full.cut(at: origin)
                let alone = TemporalAggregation.rates(
                    cut, meanInterval: intervals[index], levelOne: smoothed[index],
                    historic: prefix.historic(before: origin), sums: sums)
                func path(_ rate: Double?) -> [Double]? { rate.map { Array(repeating: max(0, $0), count: horizon) } }
                #expect(Self.same(both.adida[index], path(alone.adida)), "round \(round), origin \(origin), ADIDA")
                #expect(Self.same(both.imapa[index], path(alone.imapa)), "round \(round), origin \(origin), IMAPA")
                guard [0, 1, 2, 3, 4, 8].contains(shape) else { continue }
                #expect(
                    Self.same(both.adida[index], ForecastMethod.adida.forecast(cut, horizon: horizon, season: 1)),
                    "round \(round), origin \(origin), ADIDA alone")
                #expect(
                    Self.same(both.imapa[index], ForecastMethod.imapa.forecast(cut, horizon: horizon, season: 1)),
                    "round \(round), origin \(origin), IMAPA alone")
            }
        }
    }
}
