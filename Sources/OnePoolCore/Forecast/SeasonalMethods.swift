/// Forecasts that repeat a season of `period` periods (7 for days in a week).
///
/// - seasonal naive: the last observed value at the same phase;
/// - seasonal average: the mean at each phase over the last few seasons;
/// - seasonal exponential smoothing: a multiplicative profile (mean at each phase over the last
///   year of seasons, divided by the overall mean) times a level smoothed on the de-seasonalised
///   history, so the level adapts while the weekly shape stays stable.
/// Phases are positions modulo `period`, counted from the start of the history.
public enum SeasonalMethods {
    /// Nil unless at least one full season is observed at each phase.
    public static func naive(_ history: DemandWindow, period: Int, horizon: Int) -> [Double]? {
        // Backwards from the end: the first value met at each phase is its last observed one.
        var last = [Double?](repeating: nil, count: period)
        var found = 0
        var t = history.end - 1
        while t >= 0 && found < period {
            if history.observed[t] && last[t % period] == nil {
                last[t % period] = history.values[t]
                found += 1
            }
            t -= 1
        }
        let phases = last.compactMap { $0 }
        guard phases.count == period else { return nil }
        return (0..<horizon).map { phases[(history.end + $0) % period] }
    }

    public static func average(_ history: DemandWindow, period: Int, seasons: Int, horizon: Int) -> [Double]? {
        guard let means = phaseMeans(history, period: period, seasons: seasons) else { return nil }
        return (0..<horizon).map { means[(history.end + $0) % period] }
    }

    public static func exponentialSmoothing(_ history: DemandWindow, period: Int, horizon: Int) -> [Double]? {
        guard let profile = profile(history, period: period) else { return nil }
        // Smoothed on the de-seasonalised demand, computed as it is read.
        let values = history.values
        let alphas = SimpleExponentialSmoothing.alphaGrid
        let fit = SimpleExponentialSmoothing.fit(history, alphas: alphas, period: period) { values[$0] / profile[$1] }
        guard let level = fit?.level else { return nil }
        return (0..<horizon).map { level * profile[(history.end + $0) % period] }
    }

    /// Phase means over the last `seasons` seasons, indexed by phase; nil if a phase is never observed.
    static func phaseMeans(_ history: DemandWindow, period: Int, seasons: Int) -> [Double]? {
        let start = max(0, history.end - seasons * period)
        var sums: [Double] = filledArray(0, count: period)
        var counts: [Int] = filledArray(0, count: period)
        // The phase counted along rather than divided out each period; through buffers, as every
        // origin of the backtest asks (`end` is within both arrays, `phase` below `period`).
        var phase = start % period
        history.values.withUnsafeBufferPointer { values in
            history.observed.withUnsafeBufferPointer { observed in
                sums.withUnsafeMutableBufferPointer { sums in
                    counts.withUnsafeMutableBufferPointer { counts in
                        for t in start..<history.end {
                            if observed[t] {
                                sums[phase] += values[t]
                                counts[phase] += 1
                            }
                            phase += 1
                            if phase == period { phase = 0 }
                        }
                    }
                }
            }
        }
        guard !counts.contains(0) else { return nil }
        // Divided in place: no second array per origin.
        for phase in 0..<period { sums[phase] /= Double(counts[phase]) }
        return sums
    }

    /// Multiplicative profile over the last year of seasons (at most 52), each phase floored at
    /// 5% of the mean so de-seasonalising never divides by zero; nil without two full seasons.
    static func profile(_ history: DemandWindow, period: Int) -> [Double]? {
        guard history.end >= 2 * period, var means = phaseMeans(history, period: period, seasons: 52) else {
            return nil
        }
        let overall = means.reduce(0, +) / Double(period)
        guard overall > 0 else { return nil }
        for phase in 0..<period { means[phase] = max(0.05, means[phase] / overall) }
        return means
    }
}
