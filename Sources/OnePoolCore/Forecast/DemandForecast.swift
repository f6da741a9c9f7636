/// A SKU's forecast over the horizon (the lead time), with the reasons for it.
public struct DemandForecast: Sendable {
    /// The method, or the methods averaged, that won the backtest (best first).
    public var methods: [ForecastMethod]
    /// Expected demand per period: the average of the chosen methods' forecasts.
    public var expected: [Double]
    /// Demand per period to plan with: `expected` scaled so its total is the calibrated median of
    /// the horizon total (what minimises the absolute error of the total), but never below half
    /// the expected total, so a slow mover is never planned at zero.
    public var point: [Double]
    /// The distribution of the horizon total before calibration.
    public var total: HorizonDistribution
    /// The history's Syntetos–Boylan class, which picks the calibration.
    public var demandClass: DemandClass
    /// How this forecast's quantile levels are adjusted to cover what they say.
    public var calibration: ForecastCalibration
    /// Every candidate's backtest score, best first (empty when there was too little history).
    public var scores: [MethodScore]
    /// Why the usual selection did not apply, when it did not.
    public var fallback: String?
    /// The largest total the history shows over any `horizon` consecutive periods (days out of
    /// stock scaled up from the observed ones, as the backtest's actuals are), when the history
    /// spans at least a year; nil otherwise. The reorder point's ceiling (`ReorderPolicy.levels`).
    public var largestTotal: Double? = nil

    /// The planned total over the horizon.
    public var pointTotal: Double { point.reduce(0, +) }

    /// The whole number of units that the horizon total stays at or below with probability `p`,
    /// after calibration: the reorder point for a cycle service level `p`.
    public func quantile(_ p: Double) -> Double { total.quantile(calibratedLevel(p)) }

    /// `quantile(p)` for several shares at once (the distribution is built once).
    public func quantiles(_ ps: [Double]) -> [Double] { total.quantiles(ps.map(calibratedLevel)) }

    /// The level asked of the uncalibrated distribution for a share `p`.
    public func calibratedLevel(_ p: Double) -> Double { calibration.level(p, for: demandClass) }
}

/// A candidate's rolling-origin backtest: the sum over origins of |forecast total − actual total|.
public struct MethodScore: Sendable, Equatable {
    public var method: ForecastMethod
    public var absoluteTotalError: Double
    /// Zero-total forecasts are never chosen, whatever their score.
    public var excluded: Bool
}
