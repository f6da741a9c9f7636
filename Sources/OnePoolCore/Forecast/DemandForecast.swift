/// A SKU's forecast over the horizon (the lead time), with the reasons for it.
public struct DemandForecast: Sendable {
    /// The method, or the methods averaged, that won the backtest (best first).
    public var methods: [ForecastMethod]
    /// Expected demand per period: the average of the chosen methods' forecasts.
    public var expected: [Double]
    /// Demand per period to plan with: `expected` scaled so its total is the median of the
    /// horizon total (what minimises the absolute error of the total), but never below half the
    /// expected total, so a slow mover is never planned at zero.
    public var point: [Double]
    /// The distribution of the horizon total, for quantiles such as the reorder point.
    public var total: HorizonDistribution
    /// Every candidate's backtest score, best first (empty when there was too little history).
    public var scores: [MethodScore]
    /// Why the usual selection did not apply, when it did not.
    public var fallback: String?

    /// The planned total over the horizon.
    public var pointTotal: Double { point.reduce(0, +) }
}

/// A candidate's rolling-origin backtest: the sum over origins of |forecast total − actual total|.
public struct MethodScore: Sendable, Equatable {
    public var method: ForecastMethod
    public var absoluteTotalError: Double
    /// Zero-total forecasts are never chosen, whatever their score.
    public var excluded: Bool
}
