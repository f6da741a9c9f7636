/// Quantile levels recalibrated from backtest errors, per demand class (a conformal adjustment).
///
/// The forecast's distribution of the horizon total has the right shape but not necessarily the
/// right width: the level it calls 95% may cover 99% of outcomes on one catalogue and 85% on
/// another. So, before forecasting a catalogue, each of a sample of its series is forecast from
/// earlier origins (its history cut a horizon back, two horizons back, …), and the outcome scored
/// as `u = P(total ≤ actual − 1)` under that earlier forecast: the actual lies at or below the
/// forecast's `p` quantile exactly when `u < p`. To cover a share `p` of outcomes, use the level
/// just above the ⌈p·(n + 1)⌉-th smallest of the class's `n` scores (split conformal prediction;
/// Kuleshov et al. 2018 call it recalibration). A class with fewer than `minimumScores` scores
/// borrows every class's scores; with fewer than that overall, levels are used as they are.
/// Invariant: every score list is sorted ascending.
public struct ForecastCalibration: Sendable, Equatable {
    public static let minimumScores = 50
    /// Series scored for a catalogue's calibration, at most, and earlier origins per series.
    public static let sampleLimit = 3000
    public static let originsPerSeries = 3
    /// Earlier origins per series at most, however small the catalogue.
    public static let maximumOrigins = 12

    /// Earlier origins per series for a sample of `count` series: `originsPerSeries`, and more
    /// for a small catalogue, up to `maximumOrigins`, so that a calibration scores about
    /// `sampleLimit × originsPerSeries` forecasts where it can — a level read from a few hundred
    /// scores (118 series × 4) is off by ±1.4 points at 90% by chance alone.
    public static func origins(sampleSize count: Int) -> Int {
        min(maximumOrigins, max(originsPerSeries, sampleLimit * originsPerSeries / max(1, count)))
    }

    /// Indices of an evenly spaced sample of `count` series (all of them up to `limit`), so a
    /// whole catalogue and one SKU of it are calibrated alike, at a bounded cost.
    public static func sample(count: Int, limit: Int = sampleLimit) -> [Int] {
        guard count > limit else { return Array(0..<count) }
        return (0..<limit).map { $0 * count / limit }
    }

    private var byClass: [DemandClass: [Double]]
    private var pooled: [Double]

    /// No adjustment: each level is used as it is.
    public static let identity = ForecastCalibration(scores: [])

    public init(scores: [(demandClass: DemandClass, score: Double)]) {
        var byClass: [DemandClass: [Double]] = [:]
        for item in scores where item.score.isFinite { byClass[item.demandClass, default: []].append(item.score) }
        for key in byClass.keys { byClass[key]?.sort() }
        self.byClass = byClass
        pooled = byClass.values.flatMap { $0 }.sorted()
    }

    /// The share of the class's scores below `level`: how often the uncalibrated `level` quantile
    /// covered (the calibrated probability of "total ≤ that quantile").
    public func coverage(ofLevel level: Double, for demandClass: DemandClass) -> Double {
        let own = byClass[demandClass] ?? []
        let scores = own.count >= Self.minimumScores ? own : pooled
        guard scores.count >= Self.minimumScores else { return level }
        var low = 0
        var high = scores.count
        while low < high {
            let middle = (low + high) / 2
            if scores[middle] < level { low = middle + 1 } else { high = middle }
        }
        return Double(low) / Double(scores.count)
    }

    /// How many scores stand behind a class's levels (its own, or every class's when it borrows).
    public func scoreCount(_ demandClass: DemandClass) -> Int {
        let own = byClass[demandClass]?.count ?? 0
        return own >= Self.minimumScores ? own : pooled.count
    }

    /// The quantile level to ask of a `demandClass` forecast so it covers a share `target`.
    public func level(_ target: Double, for demandClass: DemandClass) -> Double {
        let own = byClass[demandClass] ?? []
        let scores = own.count >= Self.minimumScores ? own : pooled
        guard scores.count >= Self.minimumScores else { return target }
        let rank = Int((target * Double(scores.count + 1)).rounded(.up))
        guard rank <= scores.count else { return 1 }
        return min(1, max(0, scores[max(0, rank - 1)].nextUp))
    }
}
