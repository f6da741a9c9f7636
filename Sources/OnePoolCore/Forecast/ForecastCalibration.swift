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
/// Invariant: every score list is sorted ascending, its running weights beside it.
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

    private var byClass: [DemandClass: Weighted]
    private var pooled: Weighted

    /// No adjustment: each level is used as it is.
    public static let identity = ForecastCalibration(scores: [])

    /// Every score weighs one.
    public init(scores: [(demandClass: DemandClass, score: Double)]) {
        self.init(weighted: scores.map { ($0.demandClass, $0.score, 1) })
    }

    /// Each score with its weight: how many of the cycles (or outcomes) being calibrated it stands
    /// for. A past order scored at several undershoot offsets is one cycle, not several: each of its
    /// `k` scores weighs 1 / k (`ReorderCalibration.offsetsTried`), so a SKU whose order lasts many
    /// reviews does not outvote one that orders every review. Non-finite scores and weights, and
    /// weights ≤ 0, are left out.
    public init(weighted scores: [(demandClass: DemandClass, score: Double, weight: Double)]) {
        var byClass: [DemandClass: [(score: Double, weight: Double)]] = [:]
        for item in scores where item.score.isFinite && item.weight.isFinite && item.weight > 0 {
            byClass[item.demandClass, default: []].append((item.score, item.weight))
        }
        self.byClass = byClass.mapValues(Weighted.init)
        pooled = Weighted(byClass.values.flatMap { $0 })
    }

    /// The scores a class is calibrated on: its own, or every class's when its own weigh less than
    /// `minimumScores`; nil when even those do.
    private func scores(_ demandClass: DemandClass) -> Weighted? {
        if let own = byClass[demandClass], own.total >= Double(Self.minimumScores) { return own }
        return pooled.total >= Double(Self.minimumScores) ? pooled : nil
    }

    /// The share (by weight) of the class's scores below `level`: how often the uncalibrated
    /// `level` quantile covered (the calibrated probability of "total ≤ that quantile").
    public func coverage(ofLevel level: Double, for demandClass: DemandClass) -> Double {
        guard let scores = scores(demandClass) else { return level }
        return scores.weight(below: level) / scores.total
    }

    /// How many scores' weight stands behind a class's levels (its own, or every class's when it
    /// borrows), rounded down: with unit weights, the number of scores.
    public func scoreCount(_ demandClass: DemandClass) -> Int {
        let own = byClass[demandClass]?.total ?? 0
        return Int(clampingDouble: (own >= Double(Self.minimumScores) ? own : pooled.total).rounded(.down))
    }

    /// The quantile level to ask of a `demandClass` forecast so it covers a share `target`: just
    /// above the smallest score whose cumulative weight reaches `target × (W + w̄)`, W the scores'
    /// total weight and w̄ their mean weight (the new outcome's, in the split-conformal count);
    /// with unit weights, the ⌈target·(n + 1)⌉-th smallest score.
    public func level(_ target: Double, for demandClass: DemandClass) -> Double {
        guard let scores = scores(demandClass) else { return target }
        let needed = target * (scores.total + scores.total / Double(scores.values.count))
        guard let index = scores.firstIndex(reaching: needed) else { return 1 }
        return min(1, max(0, scores.values[index].nextUp))
    }

    /// Scores sorted ascending, with the running sum of their weights.
    struct Weighted: Sendable, Equatable {
        var values: [Double] = []
        var cumulative: [Double] = []
        var total: Double { cumulative.last ?? 0 }

        init(_ items: [(score: Double, weight: Double)]) {
            var sum = 0.0
            for item in items.sorted(by: { $0.score < $1.score }) {
                sum += item.weight
                values.append(item.score)
                cumulative.append(sum)
            }
        }

        /// The weight of the scores below `level` (binary search on the sorted scores).
        func weight(below level: Double) -> Double {
            var low = 0
            var high = values.count
            while low < high {
                let middle = (low + high) / 2
                if values[middle] < level { low = middle + 1 } else { high = middle }
            }
            return low == 0 ? 0 : cumulative[low - 1]
        }

        /// The first index whose cumulative weight reaches `needed` (a tolerance of a millionth of
        /// a weight, so unit weights summed in Double hit whole ranks exactly); nil past the end.
        func firstIndex(reaching needed: Double) -> Int? {
            let goal = needed - 1e-9 * max(1, total)
            var low = 0
            var high = cumulative.count
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] < goal { low = middle + 1 } else { high = middle }
            }
            return low < cumulative.count ? low : nil
        }
    }
}
