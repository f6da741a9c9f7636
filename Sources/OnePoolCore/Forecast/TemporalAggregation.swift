/// Temporal aggregation for intermittent demand: ADIDA and an IMAPA-like average over levels.
///
/// Summing `k` periods into one bucket turns a series of mostly zeros into a smoother one that
/// exponential smoothing handles well; the bucket forecast is spread evenly back over its `k`
/// periods. ADIDA uses one level, the mean interval between demands; IMAPA averages the
/// forecasts of every level from 1 to that interval, so no single choice of `k` decides.
/// Buckets are aligned to the end of the history so the newest bucket is complete.
public enum TemporalAggregation {
    /// Smoothing constants on the buckets: aggregated series are short, so only moderate ones.
    static let alphaGrid: [Double] = [0.1, 0.15, 0.2, 0.3]

    /// The per-period forecast from buckets of `level` periods; nil when no bucket is observed.
    ///
    /// The buckets are exponentially smoothed (`SimpleExponentialSmoothing.fit` on them) without
    /// building the bucket series, each bucket's total read from the history's running sums
    /// (`BucketSums`, built once per history by a backtest that asks every origin): IMAPA asks this
    /// at every level up to the mean interval and at every backtest origin, so summing each bucket
    /// period by period made it the selection's largest single cost. The arithmetic is the fit's,
    /// step for step, and each total is the one a period-by-period sum gives, to the bit.
    public static func aggregated(_ history: DemandWindow, level: Int) -> Double? {
        aggregated(history, level: level, sums: nil)
    }

    static func aggregated(_ history: DemandWindow, level: Int, sums given: BucketSums?) -> Double? {
        guard level > 1 else {
            return SimpleExponentialSmoothing.fit(history, alphas: alphaGrid)?.level
        }
        let bucketCount = history.end / level
        guard bucketCount >= 2 else { return nil }
        let skip = history.end - bucketCount * level
        return withBucketTotals(history, level: level, skip: skip, sums: given ?? BucketSums(history)) { bucketTotal in
            guard let start = startLevel(buckets: bucketCount, total: bucketTotal).start else { return nil }
            var chains = Chains(start: start)
            for bucket in 0..<bucketCount {
                guard let demand = bucketTotal(bucket) else { continue }
                chains.update(demand)
            }
            return chains.best(level: level)
        }
    }

    /// `aggregated(history.cut(at: origins[i]), level: k, sums: sums)` for every origin i and
    /// every level k in 2...tops[i], at index k − 2 of row i: a backtest's IMAPA asks each origin
    /// for every level up to its mean interval. Origins whose buckets of k periods line up (the
    /// same origin modulo k) have the same buckets, the shorter history's a prefix of the longer
    /// one's; their smoothing is one pass, read off at each origin's last bucket (as
    /// `RollingForecasts` reads its chains), instead of one pass per origin. The chains are
    /// `aggregated`'s, step for step; an origin whose start level (its first six observed
    /// buckets) would differ from the pass's is fitted alone.
    static func aggregatedLevels(_ history: DemandWindow, origins: [Int], tops: [Int], sums: BucketSums)
        -> [[Double?]]
    {
        var result = origins.indices.map { [Double?](repeating: nil, count: max(0, tops[$0] - 1)) }
        let highest = tops.max() ?? 0
        guard highest >= 2 else { return result }
        var taken = [Bool](repeating: false, count: origins.count)
        for level in 2...highest {
            for index in origins.indices { taken[index] = tops[index] < level || origins[index] / level < 2 }
            for first in origins.indices where !taken[first] {
                let alignment = origins[first] % level
                var members: [Int] = []
                for index in first..<origins.count where !taken[index] && origins[index] % level == alignment {
                    taken[index] = true
                    members.append(index)
                }
                members.sort { origins[$0] < origins[$1] }
                let counts = members.map { origins[$0] / level }
                let longest = counts[counts.count - 1]
                let values = withBucketTotals(history, level: level, skip: alignment, sums: sums) { bucketTotal in
                    alignedPass(buckets: counts, longest: longest, level: level, total: bucketTotal)
                }
                for (member, value) in zip(members, values) {
                    result[member][level - 2] =
                        value ?? aggregated(history.cut(at: origins[member]), level: level, sums: sums)
                }
            }
        }
        return result
    }

    /// One smoothing pass over `longest` buckets, read off after each of `buckets` (ascending,
    /// each ≥ 2): `.some(value)` where that is `aggregated`'s value, nil where the start level
    /// differs (the bucket count ends before the pass's first six observed buckets do).
    @inline(__always)
    private static func alignedPass(
        buckets counts: [Int], longest: Int, level: Int, total bucketTotal: (Int) -> Double?
    ) -> [Double??] {
        var values = [Double??](repeating: nil, count: counts.count)
        let (start, boundary) = startLevel(buckets: longest, total: bucketTotal)
        guard let start else { return values }
        var chains = Chains(start: start)
        var next = 0
        for bucket in 0...longest {
            while next < counts.count && counts[next] == bucket {
                if bucket >= boundary { values[next] = .some(chains.readOff(level: level)) }
                next += 1
            }
            if bucket == longest { break }
            guard let demand = bucketTotal(bucket) else { continue }
            chains.update(demand)
        }
        return values
    }

    /// The start level, the mean of the first (up to) six observed of `count` buckets, and the
    /// bucket index just past the last of them: a shorter run of the same buckets starts alike
    /// exactly when it reaches that index.
    @inline(__always)
    private static func startLevel(buckets count: Int, total bucketTotal: (Int) -> Double?) -> (
        start: Double?, boundary: Int
    ) {
        var startSum = 0.0
        var startCount = 0
        var boundary = 0
        for bucket in 0..<count {
            guard let total = bucketTotal(bucket) else { continue }
            startSum += total
            startCount += 1
            boundary = bucket + 1
            if startCount == 6 { break }
        }
        return (startCount > 0 ? startSum / Double(startCount) : nil, boundary)
    }

    /// Bucket totals of `level` periods from period `skip`, scaled up from their observed
    /// periods (nil when none is): from the running sums where they are exact, period by period
    /// where not (`BucketSums`).
    @inline(__always)
    private static func withBucketTotals<Result>(
        _ history: DemandWindow, level: Int, skip: Int, sums: BucketSums, _ body: ((Int) -> Double?) -> Result
    ) -> Result {
        history.values.withUnsafeBufferPointer { values in
            history.observed.withUnsafeBufferPointer { observed in
                sums.exact.withUnsafeBufferPointer { exact in
                    sums.counts.withUnsafeBufferPointer { counts in
                        sums.inexact.withUnsafeBufferPointer { inexact in
                            /// Bucket `bucket`'s total, scaled up from its observed periods; nil when none is.
                            func bucketTotal(_ bucket: Int) -> Double? {
                                let start = skip + bucket * level
                                let stop = start + level
                                let observedPeriods = counts[stop] - counts[start]
                                guard observedPeriods > 0 else { return nil }
                                var sum = 0.0
                                if inexact[stop] == inexact[start] {
                                    sum = exact[stop] - exact[start]
                                } else {
                                    for t in start..<stop where observed[t] { sum += values[t] }
                                }
                                return sum * Double(level) / Double(observedPeriods)
                            }
                            return body(bucketTotal)
                        }
                    }
                }
            }
        }
    }

    /// `SimpleExponentialSmoothing.fit` over `alphaGrid` on bucket totals: one chain per alpha
    /// (four), interleaved as the fit runs them.
    private struct Chains {
        var levels: (Double, Double, Double, Double)
        var errors = (0.0, 0.0, 0.0, 0.0)
        let alphas = (alphaGrid[0], alphaGrid[1], alphaGrid[2], alphaGrid[3])

        init(start: Double) { levels = (start, start, start, start) }

        @inline(__always)
        mutating func update(_ demand: Double) {
            var residual = demand - levels.0
            errors.0 += residual * residual
            levels.0 += alphas.0 * residual
            residual = demand - levels.1
            errors.1 += residual * residual
            levels.1 += alphas.1 * residual
            residual = demand - levels.2
            errors.2 += residual * residual
            levels.2 += alphas.2 * residual
            residual = demand - levels.3
            errors.3 += residual * residual
            levels.3 += alphas.3 * residual
        }

        /// The first alpha with the least error, as the fit keeps it (none when every error
        /// overflowed to infinity or NaN), per period.
        @inline(__always)
        func best(level: Int) -> Double? {
            var best: Double? = nil
            var bestError = Double.infinity
            if errors.0 < bestError { (best, bestError) = (levels.0, errors.0) }
            if errors.1 < bestError { (best, bestError) = (levels.1, errors.1) }
            if errors.2 < bestError { (best, bestError) = (levels.2, errors.2) }
            if errors.3 < bestError { best = levels.3 }
            return best.map { $0 / Double(level) }
        }

        /// `best`, never inlined: read off only at an origin's last bucket (see
        /// `RollingForecasts.argmin`).
        @inline(never)
        func readOff(level: Int) -> Double? { best(level: level) }
    }

    /// Running sums of a history for bucket totals in constant time, exact where a sum period by
    /// period is: `exact[t]` sums the observed values before t that are whole numbers, while
    /// their magnitudes add up to at most 2⁵³ — every partial sum of those is then a whole number
    /// a Double holds exactly, so a bucket's period-by-period sum and the difference of two
    /// running sums are the same number, bit for bit. `inexact[t]` counts the observed values
    /// before t left out (fractions: a partly censored day's estimate; huge or non-finite
    /// values): a bucket holding one is summed period by period. `counts[t]` counts the
    /// observed periods before t. Built over the whole history, valid for any cut of it.
    struct BucketSums {
        var exact: [Double]
        var inexact: [Int]
        var counts: [Int]

        static let exactLimit = 9_007_199_254_740_992.0  // 2⁵³

        init(_ history: DemandWindow) {
            let length = history.values.count
            exact = [Double](repeating: 0, count: length + 1)
            inexact = [Int](repeating: 0, count: length + 1)
            counts = [Int](repeating: 0, count: length + 1)
            var sum = 0.0
            var magnitude = 0.0
            var left = 0
            var seen = 0
            for t in 0..<length {
                if history.observed[t] {
                    seen += 1
                    let value = history.values[t]
                    let size = abs(value)
                    if value.isFinite && value.rounded(.towardZero) == value && size <= Self.exactLimit - magnitude {
                        sum += value
                        magnitude += size
                    } else {
                        left += 1
                    }
                }
                exact[t + 1] = sum
                inexact[t + 1] = left
                counts[t + 1] = seen
            }
        }
    }

    /// The highest level ADIDA and IMAPA use: the mean interval, rounded (at least 1).
    static func topLevel(_ interval: Double) -> Int { max(1, Int(interval.rounded())) }

    /// The mean number of observed periods from one demand to the next (counting from the start).
    public static func meanInterval(_ history: DemandWindow) -> Double? {
        var intervals = 0
        var total = 0
        var sinceLast = 0
        for t in 0..<history.end where history.observed[t] {
            sinceLast += 1
            if history.values[t] > 0 {
                intervals += 1
                total += sinceLast
                sinceLast = 0
            }
        }
        return intervals > 0 ? Double(total) / Double(intervals) : nil
    }

    public static func adida(_ history: DemandWindow) -> Double? {
        rate(
            history, meanInterval: meanInterval(history), levelOne: nil, historic: Averages.historic(history),
            averagingLevels: false)
    }

    public static func imapa(_ history: DemandWindow) -> Double? {
        rate(
            history, meanInterval: meanInterval(history), levelOne: nil, historic: Averages.historic(history),
            averagingLevels: true)
    }

    /// ADIDA and IMAPA together: ADIDA's level (the rounded mean interval) is IMAPA's top level,
    /// so each aggregated level is smoothed once for both (`rate` computes each alone).
    /// `sums`: the history's running sums, built once by a backtest for every origin (nil: here).
    /// `levels`: the aggregated levels 2...top, computed by the caller for several origins at
    /// once (`aggregatedLevels`, index level − 2; nil: here, one by one).
    static func rates(
        _ history: DemandWindow, meanInterval interval: Double?, levelOne: Double?, historic: Double?,
        sums given: BucketSums? = nil, levels: [Double?]? = nil
    ) -> (adida: Double?, imapa: Double?) {
        guard let interval else { return (nil, nil) }
        let top = topLevel(interval)
        let sums = given ?? (top > 1 ? BucketSums(history) : nil)
        var sum = 0.0
        var count = 0
        var atTop: Double? = nil
        for level in 1...top {
            let forecast =
                level == 1
                ? (levelOne ?? aggregated(history, level: 1))
                : (levels.map { $0[level - 2] } ?? aggregated(history, level: level, sums: sums))
            if level == top { atTop = forecast }
            guard let forecast else { continue }
            sum += forecast
            count += 1
        }
        return (atTop ?? historic, count > 0 ? sum / Double(count) : historic)
    }

    /// ADIDA (`averagingLevels` false) or IMAPA from the pieces a rolling backtest computes once:
    /// the mean interval, the level-1 forecast (exponential smoothing of the periods themselves,
    /// computed here when nil) and the historic average (the fallback).
    static func rate(
        _ history: DemandWindow, meanInterval interval: Double?, levelOne: Double?, historic: Double?,
        averagingLevels: Bool
    ) -> Double? {
        guard let interval else { return nil }
        let top = topLevel(interval)
        let sums = top > 1 ? BucketSums(history) : nil
        func atLevel(_ level: Int) -> Double? {
            level == 1 ? (levelOne ?? aggregated(history, level: 1)) : aggregated(history, level: level, sums: sums)
        }
        guard averagingLevels else { return atLevel(top) ?? historic }
        var sum = 0.0
        var count = 0
        for level in 1...top {
            guard let forecast = atLevel(level) else { continue }
            sum += forecast
            count += 1
        }
        return count > 0 ? sum / Double(count) : historic
    }
}
