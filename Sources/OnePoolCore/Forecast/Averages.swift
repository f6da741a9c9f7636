/// The plainest forecasts: the mean of the last `window` observed periods, and of all of them.
///
/// On noisy demand a long average is often the hardest forecast to beat, so both stay in the
/// pool; the backtest decides per series whether anything cleverer earns its place.
public enum Averages {
    /// Mean of the last `window` observed periods (all of them when fewer are observed).
    public static func moving(_ history: DemandWindow, window: Int) -> Double? {
        let recent = history.lastObserved(window)
        guard !recent.isEmpty else { return nil }
        return recent.reduce(0, +) / Double(recent.count)
    }

    /// Mean of every observed period.
    public static func historic(_ history: DemandWindow) -> Double? {
        history.observedMean()
    }

    /// Moving-average windows worth trying for a series: multiples of the horizon and of the
    /// season, and a year of periods when a weekly season says the periods are days; only windows
    /// shorter than the history, so no two candidates are the same historic average.
    public static func windows(historyLength: Int, horizon: Int, season: Int) -> [Int] {
        var candidates = [2 * horizon, 4 * horizon]
        if season > 1 { candidates += [4 * season, 13 * season, 26 * season, 52 * season] }
        let usable = candidates.filter { $0 >= 2 && $0 < historyLength }
        return Array(Set(usable)).sorted()
    }
}
