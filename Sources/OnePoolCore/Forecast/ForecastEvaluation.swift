/// The forecast held out on a set of series, as `forecast evaluate` reports it.
///
/// At each of `origins` evaluation origins (the last `horizon` periods held out, then the
/// `horizon` before those, …) every series is forecast from its history up to the origin — the
/// calibration too is built only from that history — and scored on the held-out periods. Accuracy
/// (RMSSE, totErr, bias) is reported for the newest origin, the usual protocol; coverage of the
/// 95% quantile is counted over series × origins, per demand class and per origin, so a small set
/// is not judged on one draw.
public struct ForecastEvaluation: Sendable {
    public var selector: ForecastSelector
    /// Evaluation origins, newest first, `horizon` periods apart.
    public var origins: Int
    /// Whether quantile levels are recalibrated (`ForecastCalibration`) before forecasting.
    public var calibrate: Bool
    /// The share the upper quantile should cover.
    public var coverageTarget: Double

    public init(selector: ForecastSelector, origins: Int = 1, calibrate: Bool = true, coverageTarget: Double = 0.95) {
        self.selector = selector
        self.origins = max(1, origins)
        self.calibrate = calibrate
        self.coverageTarget = coverageTarget
    }

    /// Coverage counts: series × origins whose actual total was at most the upper quantile.
    public struct Coverage: Sendable, Equatable {
        public var covered = 0
        public var count = 0
        /// Σ upper quantile and Σ actual total, for how wide the quantile is.
        public var upperSum = 0.0
        public var actualSum = 0.0

        public init() {}

        public var share: Double? { count > 0 ? Double(covered) / Double(count) : nil }

        mutating func add(covered isCovered: Bool, upper: Double, actual: Double) {
            count += 1
            if isCovered { covered += 1 }
            upperSum += upper
            actualSum += actual
        }
    }

    public struct Result: Sendable {
        /// Accuracy at the newest origin (comparable with a single hold-out of the last periods).
        public var accuracy = ForecastAccuracy()
        public var coverage = Coverage()
        public var coverageByClass: [DemandClass: Coverage] = [:]
        /// Index 0 is the newest origin.
        public var coverageByOrigin: [Coverage] = []
        /// How often each method was ranked first at the newest origin.
        public var chosen: [String: Int] = [:]
        /// Series too short to hold out at an origin (not scored there).
        public var tooShort = 0
    }

    /// One series to evaluate: its whole history and what is known ahead of time about it.
    public struct Series: Sendable {
        public var history: DemandWindow
        /// Periods known ahead to sell nothing (the store is closed): forecast zero there.
        public var closed: [Bool]
        /// Periods known ahead to be on promotion: modelled as a lift (`PromotionLift`).
        public var promoted: [Bool]

        public init(history: DemandWindow, closed: [Bool]? = nil, promoted: [Bool]? = nil) {
            self.history = history
            self.closed = closed ?? Array(repeating: false, count: history.values.count)
            self.promoted = promoted ?? Array(repeating: false, count: history.values.count)
        }

        /// The history up to `cut` as the forecaster sees it — promotion days divided by the
        /// series' lift measured before `cut` — and that lift, to apply to the periods ahead.
        public func baseline(at cut: Int) -> (history: DemandWindow, lift: PromotionLift) {
            guard promoted.prefix(cut).contains(true) else { return (history.cut(at: cut), .none) }
            let lift = PromotionLift.estimate(history.cut(at: cut), promoted: promoted)
            let values = lift.baseline(history.values, promoted: promoted)
            return (DemandWindow(values, censored: history.observed.map { !$0 }).cut(at: cut), lift)
        }
    }

    public func run(_ series: [Series]) -> Result {
        var result = Result()
        result.coverageByOrigin = Array(repeating: Coverage(), count: origins)
        let horizon = selector.horizon
        for back in 0..<origins {
            let cuts = series.map { $0.history.values.count - (back + 1) * horizon }
            var forecaster = selector
            if calibrate {
                var scores: [CalibrationScore] = []
                let usable = series.indices.filter { cuts[$0] >= horizon + 2 }
                let sample = ForecastCalibration.sample(count: usable.count)
                let count = ForecastCalibration.origins(sampleSize: sample.count)
                for index in sample {
                    let item = usable[index]
                    scores += selector.originScores(series[item].baseline(at: cuts[item]).history, count: count)
                }
                forecaster.calibration = ForecastCalibration(scores: scores)
            }
            for (index, item) in series.enumerated() {
                let cut = cuts[index]
                guard cut >= horizon + 2 else {
                    result.tooShort += 1
                    continue
                }
                let (past, lift) = item.baseline(at: cut)
                let promotedAhead = Array(item.promoted[cut..<(cut + horizon)])
                var forecast = lift.apply(forecaster.forecast(past), promotedAhead: promotedAhead)
                let closedAhead = Array(item.closed[cut..<(cut + horizon)])
                if closedAhead.contains(true) { forecast = forecast.closing(closedAhead) }
                let actual = Array(item.history.values[cut..<(cut + horizon)])
                let upper = forecast.quantile(coverageTarget)
                let actualTotal = actual.reduce(0, +)
                let isCovered = actualTotal <= upper
                result.coverage.add(covered: isCovered, upper: upper, actual: actualTotal)
                result.coverageByClass[forecast.demandClass, default: Coverage()]
                    .add(covered: isCovered, upper: upper, actual: actualTotal)
                result.coverageByOrigin[back].add(covered: isCovered, upper: upper, actual: actualTotal)
                if back == 0 {
                    result.accuracy.add(
                        training: Array(item.history.values[0..<cut]), actual: actual, forecast: forecast.point,
                        upper95: upper)
                    result.chosen[
                        forecast.methods.first.map(String.init(describing:)) ?? "zero (no demand)", default: 0] += 1
                }
            }
        }
        return result
    }
}

extension DemandForecast {
    /// The forecast with periods known to sell nothing (`closed`) set to zero, and the total's
    /// distribution scaled to the open periods' share of the expected total.
    public func closing(_ closed: [Bool]) -> DemandForecast {
        var copy = self
        let before = expected.reduce(0, +)
        for (index, isClosed) in closed.enumerated() where isClosed && index < expected.count {
            copy.expected[index] = 0
            copy.point[index] = 0
        }
        let after = copy.expected.reduce(0, +)
        if before > 0 {
            let share = after / before
            copy.total = HorizonDistribution(mean: total.mean * share, variance: total.variance * share)
        }
        return copy
    }
}
