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
///
/// Two guards for what split conformal assumes and demand breaks — that the outcome ahead is
/// exchangeable with the scored ones (issue 17, round 16); both apply to upper levels (p > ½)
/// only, so the median, and the point forecast planned from it, never move:
/// - **the same weeks a year back**: a level also covers the share p of the scores of forecasts
///   made a year before the weeks ahead (`CalibrationOrigin.yearAgo`), when they are enough: the
///   higher of the two levels. A yearly peak (pasta's September, a retailer's December) is rare
///   among recent origins but is exactly what the same weeks last year show.
/// - **drift**, where there are too few year-ago scores for the first guard: the 95% levels are
///   refitted without the newest origin's scores and checked on them; when those missed more often than 5% (errors grow with time: a catalogue drifting,
///   shocks hitting many series at once), every tail beyond p > ½ is cut by that ratio, so the
///   level asked is 1 − (1 − p) / ratio. It only widens: fewer misses than 5% on one origin is
///   no reason to trust the scores less.
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

    /// Every score: the levels.
    private var all: Levels
    /// The scores of forecasts made a year before the weeks ahead (empty: no such guard).
    private var yearAgo = Levels()
    /// Every score but the newest origin's, and the newest origin's (empty: no drift check).
    private var older = Levels()
    private var newest = Levels()

    /// No adjustment: each level is used as it is.
    public static let identity = ForecastCalibration(weighted: [])

    /// Every score weighs one.
    public init(scores: [(demandClass: DemandClass, score: Double)]) {
        self.init(weighted: scores.map { ($0.demandClass, $0.score, 1) })
    }

    /// Every score weighs one; its origin enables the year-ago and drift guards.
    public init(scores: [CalibrationScore]) {
        self.init(weighted: scores.map { ($0.demandClass, $0.score, 1) })
        func levels(_ keep: (CalibrationOrigin) -> Bool) -> Levels {
            Levels(scores.filter { keep($0.origin) }.map { ($0.demandClass, $0.score, 1) })
        }
        yearAgo = levels { $0 == .yearAgo }
        older = levels { $0 != .newest }
        newest = levels { $0 == .newest }
        tailRatio = driftRatio()
    }

    /// Each score with its weight: how many of the cycles (or outcomes) being calibrated it stands
    /// for. A past order scored at several undershoot offsets is one cycle, not several: each of its
    /// `k` scores weighs 1 / k (`ReorderCalibration.offsetsTried`), so a SKU whose order lasts many
    /// reviews does not outvote one that orders every review. Non-finite scores and weights, and
    /// weights ≤ 0, are left out.
    public init(weighted scores: [(demandClass: DemandClass, score: Double, weight: Double)]) {
        all = Levels(scores)
    }

    /// The share (by weight) of the class's scores below `level`: how often the uncalibrated
    /// `level` quantile covered (the calibrated probability of "total ≤ that quantile").
    public func coverage(ofLevel level: Double, for demandClass: DemandClass) -> Double {
        guard let scores = all.scores(demandClass) else { return level }
        return scores.weight(below: level) / scores.total
    }

    /// How many scores' weight stands behind a class's levels (its own, or every class's when it
    /// borrows), rounded down: with unit weights, the number of scores.
    public func scoreCount(_ demandClass: DemandClass) -> Int {
        let own = all.byClass[demandClass]?.total ?? 0
        return Int(clampingDouble: (own >= Double(Self.minimumScores) ? own : all.pooled.total).rounded(.down))
    }

    /// The quantile level to ask of a `demandClass` forecast so it covers a share `target`: just
    /// above the smallest score whose cumulative weight reaches `target × (W + w̄)`, W the scores'
    /// total weight and w̄ their mean weight (the new outcome's, in the split-conformal count);
    /// with unit weights, the ⌈target·(n + 1)⌉-th smallest score.
    ///
    /// Above ½ the year-ago and drift guards apply (see the type's comment).
    public func level(_ target: Double, for demandClass: DemandClass) -> Double {
        guard target > 0.5 else { return all.level(target, for: demandClass) }
        let asked = tailRatio > 1 ? 1 - (1 - target) / tailRatio : target
        return guarded(all, asked, for: demandClass)
    }

    /// `levels`' level for `target`, or the year-ago scores' when they have enough and it is higher.
    private func guarded(_ levels: Levels, _ target: Double, for demandClass: DemandClass) -> Double {
        let own = levels.level(target, for: demandClass)
        guard yearAgo.scores(demandClass) != nil else { return own }
        return max(own, yearAgo.level(target, for: demandClass))
    }

    /// How much more often than 5% the newest origin's scores fell at or above the 95% level
    /// fitted without them: the drift check; 1 when they did not, when either side has too few
    /// scores to say, or when the year-ago guard applies. The two guards are alternatives, not
    /// layers: where last year's same weeks were scored they are the evidence about the weeks
    /// ahead, and both together over-cover (pasta's half A at 28 days: 97.8%, round 16). Checked at one level and applied to every
    /// level above ½, so a higher target never asks a lower level (a ratio read at each target
    /// could fall faster than the target rises).
    private(set) var tailRatio = 1.0
    static let driftCheckLevel = 0.95

    private func driftRatio() -> Double {
        let enough = Double(Self.minimumScores)
        guard yearAgo.pooled.total < enough, newest.pooled.total >= enough, older.pooled.total >= enough
        else { return 1 }
        let target = Self.driftCheckLevel
        var missed = 0.0
        for (demandClass, scores) in newest.byClass {
            missed += scores.total - scores.weight(below: guarded(older, target, for: demandClass))
        }
        return max(1, missed / newest.pooled.total / (1 - target))
    }

    /// Per-class scores and every class's, and the split-conformal level read from them.
    struct Levels: Sendable, Equatable {
        var byClass: [DemandClass: Weighted] = [:]
        var pooled = Weighted([])

        init() {}

        /// Non-finite scores and weights, and weights ≤ 0, are left out.
        init(_ scores: [(demandClass: DemandClass, score: Double, weight: Double)]) {
            var grouped: [DemandClass: [(score: Double, weight: Double)]] = [:]
            for item in scores where item.score.isFinite && item.weight.isFinite && item.weight > 0 {
                grouped[item.demandClass, default: []].append((item.score, item.weight))
            }
            byClass = grouped.mapValues(Weighted.init)
            pooled = Weighted(grouped.values.flatMap { $0 })
        }

        /// The class's own scores, or every class's when its own weigh less than `minimumScores`.
        func scores(_ demandClass: DemandClass) -> Weighted? {
            if let own = byClass[demandClass], own.total >= Double(ForecastCalibration.minimumScores) { return own }
            return pooled.total >= Double(ForecastCalibration.minimumScores) ? pooled : nil
        }

        func level(_ target: Double, for demandClass: DemandClass) -> Double {
            guard let scores = scores(demandClass) else { return target }
            let needed = target * (scores.total + scores.total / Double(scores.values.count))
            guard let index = scores.firstIndex(reaching: needed) else { return 1 }
            return min(1, max(0, scores.values[index].nextUp))
        }
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

/// Where a calibration score's forecast was made, for `ForecastCalibration`'s guards.
public enum CalibrationOrigin: Sendable, Equatable {
    /// One horizon back: the most recent forecast whose outcome is known.
    case newest
    /// Two or more horizons back.
    case earlier
    /// The same weeks a year before the weeks ahead.
    case yearAgo
}

/// One scored outcome: `P(total ≤ actual − 1)` under the forecast made at an earlier origin.
public struct CalibrationScore: Sendable, Equatable {
    public var demandClass: DemandClass
    public var score: Double
    public var origin: CalibrationOrigin

    public init(demandClass: DemandClass, score: Double, origin: CalibrationOrigin = .earlier) {
        self.demandClass = demandClass
        self.score = score
        self.origin = origin
    }
}
