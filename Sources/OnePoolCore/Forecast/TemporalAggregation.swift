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
    public static func aggregated(_ history: DemandWindow, level: Int) -> Double? {
        guard level > 1 else {
            return SimpleExponentialSmoothing.fit(history, alphas: alphaGrid)?.level
        }
        let bucketCount = history.end / level
        guard bucketCount >= 2 else { return nil }
        let skip = history.end - bucketCount * level
        var sums: [Double] = []
        var seen: [Bool] = []
        sums.reserveCapacity(bucketCount)
        for bucket in 0..<bucketCount {
            var sum = 0.0
            var observedPeriods = 0
            for t in (skip + bucket * level)..<(skip + (bucket + 1) * level) where history.observed[t] {
                sum += history.values[t]
                observedPeriods += 1
            }
            // A partly censored bucket is scaled up from what was seen; a fully censored one is missing.
            sums.append(observedPeriods > 0 ? sum * Double(level) / Double(observedPeriods) : 0)
            seen.append(observedPeriods > 0)
        }
        let buckets = DemandWindow(sums, censored: seen.map { !$0 })
        return SimpleExponentialSmoothing.fit(buckets, alphas: alphaGrid).map { $0.level / Double(level) }
    }

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

    /// ADIDA (`averagingLevels` false) or IMAPA from the pieces a rolling backtest computes once:
    /// the mean interval, the level-1 forecast (exponential smoothing of the periods themselves,
    /// computed here when nil) and the historic average (the fallback).
    static func rate(
        _ history: DemandWindow, meanInterval interval: Double?, levelOne: Double?, historic: Double?,
        averagingLevels: Bool
    ) -> Double? {
        guard let interval else { return nil }
        let top = max(1, Int(interval.rounded()))
        func atLevel(_ level: Int) -> Double? {
            level == 1 ? (levelOne ?? aggregated(history, level: 1)) : aggregated(history, level: level)
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
