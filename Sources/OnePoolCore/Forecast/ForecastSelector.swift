/// Chooses and combines forecasting methods per series by a rolling-origin backtest.
///
/// The score is the error that matters for reordering: the absolute error of the *total* over
/// the horizon, summed over several recent origins — and, where the history reaches back a year,
/// the origins a year earlier, so a seasonal peak ahead was seen in the backtest when it came
/// last year. A candidate forecasting a zero total is excluded, however well zeros score on an
/// intermittent series, because a zero forecast never reorders. The best `combine` candidates are
/// averaged: on short noisy histories a single winner is often luck, and an average of the few
/// best is steadier than any one of them. The spread of the total is a negative binomial whose
/// quantile levels are recalibrated per demand class (`ForecastCalibration`).
/// Deterministic: ties go to the earlier candidate in the pool; no randomness is used.
public struct ForecastSelector: Sendable {
    /// Periods to forecast (the lead time plus review period, in periods).
    public var horizon: Int
    /// Season length in periods (7 for daily data with a weekly pattern); 1 for none.
    public var season: Int
    /// Periods in a year (364 for days, 12 for months); 0 when the data has no year.
    public var year: Int
    /// Recent backtest origins; they end at the last origin whose whole horizon is in the history.
    public var origins: Int
    /// Origins are `spacing` periods apart (the season, so each phase is scored alike).
    public var spacing: Int
    /// How many of the best candidates are averaged.
    public var combine: Int
    /// How quantile levels are adjusted to cover what they say (identity: as they are).
    public var calibration: ForecastCalibration

    public init(
        horizon: Int, season: Int = 1, year: Int = 0, origins: Int = 8, combine: Int = 3,
        calibration: ForecastCalibration = .identity
    ) {
        self.horizon = max(1, horizon)
        self.season = max(1, season)
        self.year = max(0, year)
        self.origins = max(1, origins)
        spacing = max(1, season)
        self.combine = max(1, combine)
        self.calibration = calibration
    }

    /// The forecast for the `horizon` periods after `history`.
    public func forecast(_ history: DemandWindow) -> DemandForecast {
        let demandClass = DemandClass.of(history)
        guard history.hasDemand else {
            return Self.noDemand(
                horizon: horizon, demandClass: demandClass,
                reason: history.observedCount() == 0
                    ? "no observed history: forecast zero until the first sale"
                    : "no demand observed: forecast zero until the first sale")
        }
        let pool = ForecastMethod.candidates(historyLength: history.count, horizon: horizon, season: season, year: year)
        let originList = backtestOrigins(history)
        let actuals = originList.map { actualTotal(history, from: $0) }
        let scoredOrigins = originList.indices.filter { actuals[$0] != nil }
        let asked = scoredOrigins.map { originList[$0] } + [history.end]
        var rows: [(method: ForecastMethod, path: [Double], totals: [Double], score: Double, excluded: Bool)] = []
        let prefix = RollingForecasts.Prefix(history)
        // ADIDA and IMAPA share their work: both come from one computation, kept for the second.
        var aggregation: (adida: [[Double]?], imapa: [[Double]?])? = nil
        for method in pool {
            let paths: [[Double]?]
            if method == .adida || method == .imapa {
                let both =
                    aggregation
                    ?? ForecastMethod.aggregationForecasts(history, horizon: horizon, at: asked, prefix: prefix)
                aggregation = both
                paths = method == .adida ? both.adida : both.imapa
            } else {
                paths = method.forecasts(history, horizon: horizon, season: season, at: asked, prefix: prefix)
            }
            guard let path = paths[paths.count - 1] else { continue }
            var totals: [Double] = []
            var score = 0.0
            for (index, origin) in scoredOrigins.enumerated() {
                guard let past = paths[index], let actual = actuals[origin] else {
                    score = .infinity
                    break
                }
                let total = past.reduce(0, +)
                totals.append(total)
                score += abs(total - actual)
            }
            guard score.isFinite else { continue }
            rows.append((method, path, totals, score, path.reduce(0, +) <= 0))
        }
        let ranked = rows.enumerated().sorted { a, b in
            a.element.excluded != b.element.excluded
                ? !a.element.excluded : (a.element.score, a.offset) < (b.element.score, b.offset)
        }.map(\.element)
        let eligible = ranked.filter { !$0.excluded }
        guard !eligible.isEmpty else {
            return Self.noDemand(
                horizon: horizon, demandClass: demandClass, reason: "every method forecasts zero: demand has stopped")
        }
        let scored = !scoredOrigins.isEmpty
        let chosen = Array(eligible.prefix(scored ? combine : 1))
        let expected = (0..<horizon).map { step in chosen.map { $0.path[step] }.reduce(0, +) / Double(chosen.count) }
        let usedActuals = scoredOrigins.compactMap { actuals[$0] }
        let combinedTotals = usedActuals.indices.map { index in
            chosen.map { $0.totals[index] }.reduce(0, +) / Double(chosen.count)
        }
        let total = distribution(
            history, expectedTotal: expected.reduce(0, +), backtest: combinedTotals, actuals: usedActuals)
        var forecast = DemandForecast(
            methods: chosen.map(\.method),
            expected: expected,
            point: expected,
            total: total,
            demandClass: demandClass,
            calibration: calibration,
            scores: scored
                ? ranked.map { MethodScore(method: $0.method, absoluteTotalError: $0.score, excluded: $0.excluded) }
                : [],
            fallback: scored
                ? nil : "history too short to backtest a \(horizon)-period total: \(chosen[0].method) alone")
        forecast.point = Self.plan(expected, median: forecast.quantile(0.5))
        forecast.largestTotal = largestTotal(history)
        return forecast
    }

    /// The largest `actualTotal` over every window of `horizon` periods in the history, when the
    /// history spans at least a year (a shorter one has not shown what a season can sell); nil
    /// otherwise, or when no window is half observed. Running sums: one pass, whatever the horizon.
    func largestTotal(_ history: DemandWindow) -> Double? {
        guard year > 0, history.end >= year, history.end >= horizon else { return nil }
        var sum = 0.0
        var seen = 0
        var largest: Double? = nil
        for t in 0..<history.end {
            if history.observed[t] {
                sum += history.values[t]
                seen += 1
            }
            let leaving = t - horizon
            if leaving >= 0 && history.observed[leaving] {
                sum -= history.values[leaving]
                seen -= 1
            }
            guard leaving >= -1, 2 * seen >= horizon else { continue }
            // Sums of whole units stay exact; fractional days (`PartialDays`) drift by ulps only.
            let total = max(0, sum) * Double(horizon) / Double(seen)
            guard total.isFinite else { continue }
            largest = max(largest ?? total, total)
        }
        return largest
    }

    /// Origins from the newest (whose horizon ends with the history) back, `spacing` apart, and a
    /// year before the forecast's own horizon and one spacing after that, keeping at least two
    /// seasons (and four periods) of history before each. Ascending, without repeats.
    func backtestOrigins(_ history: DemandWindow) -> [Int] {
        let newest = history.count - horizon
        let earliest = max(4, 2 * season)
        var list = (0..<origins).map { newest - $0 * spacing }
        if year > horizon {
            list += [history.count - year, history.count - year + spacing].filter {
                $0 < newest - (origins - 1) * spacing
            }
        }
        return Array(Set(list.filter { $0 >= earliest && $0 <= newest })).sorted()
    }

    /// The demand total over `origin..<origin + horizon`, scaled up from the observed periods;
    /// nil when fewer than half are observed (the total would be mostly guesswork).
    func actualTotal(_ history: DemandWindow, from origin: Int) -> Double? {
        var sum = 0.0
        var seen = 0
        for t in origin..<min(origin + horizon, history.end) where history.observed[t] {
            sum += history.values[t]
            seen += 1
        }
        guard 2 * seen >= horizon else { return nil }
        return sum * Double(horizon) / Double(seen)
    }

    /// Negative binomial with the backtest's squared error of the total plus recent noise.
    func distribution(_ history: DemandWindow, expectedTotal: Double, backtest: [Double], actuals: [Double])
        -> HorizonDistribution
    {
        let levelError =
            backtest.isEmpty
            ? 0 : zip(backtest, actuals).map { ($1 - $0) * ($1 - $0) }.reduce(0, +) / Double(backtest.count)
        let recent = history.lastObserved(4 * horizon)
        let mean = recent.reduce(0, +) / Double(max(1, recent.count))
        let spread = recent.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(max(1, recent.count))
        let dispersion = mean > 0 ? max(1, spread / mean) : 1
        return HorizonDistribution(mean: expectedTotal, variance: levelError + expectedTotal * dispersion)
    }

    /// `expected` scaled so its total is the (calibrated) median of the total, which minimises the
    /// absolute error of the total; never below half the expected total, so a slow mover is never
    /// planned at zero.
    static func plan(_ expected: [Double], median: Double) -> [Double] {
        let expectedTotal = expected.reduce(0, +)
        guard expectedTotal > 0 else { return expected }
        let planned = max(median, expectedTotal / 2)
        return expected.map { $0 * planned / expectedTotal }
    }

    static func noDemand(horizon: Int, demandClass: DemandClass, reason: String) -> DemandForecast {
        let zeros = Array(repeating: 0.0, count: horizon)
        return DemandForecast(
            methods: [], expected: zeros, point: zeros, total: HorizonDistribution(mean: 0, variance: 0),
            demandClass: demandClass, calibration: .identity, scores: [], fallback: reason)
    }

    // MARK: - Calibration

    /// Scores of this selector's own forecasts from `count` earlier origins of `history` (cut one
    /// horizon back, two, …), for `ForecastCalibration`: `P(total ≤ actual − 1)` under the forecast
    /// made there, with the class of the history at that origin; and from the same weeks a year
    /// back when the data has a year (`calibrationForecasts`). Origins whose horizon is mostly
    /// censored, or that leave fewer than `2 × horizon` periods before them, give no score.
    public func calibrationScores(_ history: DemandWindow, count: Int) -> [(demandClass: DemandClass, score: Double)] {
        calibrationForecasts(history, count: count).map { ($0.forecast.demandClass, $0.score) }
    }

    /// `calibrationScores` with each score's origin, for `ForecastCalibration`'s guards.
    public func originScores(_ history: DemandWindow, count: Int) -> [CalibrationScore] {
        calibrationForecasts(history, count: count).map(\.calibrationScore)
    }

    /// The uncalibrated forecasts behind `calibrationScores`: each origin, the forecast made there
    /// and the actual total over its horizon (also scored by the reorder point's own calibration).
    ///
    /// The origins: `count` recent ones (a horizon back, two, …) and, where the data has a year,
    /// the same weeks a year earlier as the `serving` periods the calibrated levels will be used
    /// for — origins a horizon apart from the day a year back, until their horizons cover those
    /// periods — so a catalogue going into its peak is calibrated on last year's run-in to it.
    /// `serving` is the horizon for a forecast made now (`reorder`: one origin a year back) and
    /// the whole replay for `simulate`, which calibrates once for all of it. Year-ago origins at or
    /// after the oldest recent one are left out: the recent ones already score those weeks.
    public func calibrationForecasts(_ history: DemandWindow, count: Int, serving: Int? = nil)
        -> [CalibrationForecast]
    {
        var uncalibrated = self
        uncalibrated.calibration = .identity
        var result: [CalibrationForecast] = []
        let recent = max(1, count)
        var origins = (1...recent).map { history.end - $0 * horizon }
        if year > 0 {
            let oldest = history.end - recent * horizon
            let weeks = min(max(serving ?? horizon, horizon), year)
            let seasonal = (weeks + horizon - 1) / horizon
            origins += (0..<seasonal).map { history.end - year + $0 * horizon }.filter { $0 < oldest }
        }
        for origin in origins {
            guard origin >= max(4, 2 * horizon), let actual = actualTotal(history, from: origin) else { continue }
            let past = history.cut(at: origin)
            guard past.hasDemand else { continue }
            let kind: CalibrationOrigin =
                origin == history.end - horizon
                ? .newest : origin < history.end - recent * horizon ? .yearAgo : .earlier
            result.append(
                CalibrationForecast(origin: origin, forecast: uncalibrated.forecast(past), actual: actual, kind: kind))
        }
        return result
    }
}

/// An uncalibrated forecast made at an earlier origin of a history, and what followed it.
public struct CalibrationForecast: Sendable {
    public var origin: Int
    public var forecast: DemandForecast
    /// The demand total over the horizon after `origin` (scaled up over censored periods).
    public var actual: Double
    /// Which of the calibration's origins this is (`ForecastCalibration`'s guards).
    public var kind: CalibrationOrigin

    /// `ForecastCalibration`'s score: P(total ≤ actual − 1) under the forecast, so the actual lies
    /// at or below the forecast's p quantile exactly when the score is below p.
    public var score: Double { forecast.total.probability(atMost: actual.rounded(.up) - 1) }

    /// The score with its class and origin.
    public var calibrationScore: CalibrationScore {
        CalibrationScore(demandClass: forecast.demandClass, score: score, origin: kind)
    }

    public init(origin: Int, forecast: DemandForecast, actual: Double, kind: CalibrationOrigin = .earlier) {
        self.origin = origin
        self.forecast = forecast
        self.actual = actual
        self.kind = kind
    }
}
