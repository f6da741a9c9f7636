/// The reorder point calibrated on the policy's own past cycles, per demand class.
///
/// `ForecastCalibration` makes the quantiles of the horizon total cover what they say. The reorder
/// point is read from another quantity: demand over the lead time plus the undershoot, in a shop
/// that loses the demand it cannot serve, so a short cycle forgives part of the next one — and
/// forecast errors that persist from one review to the next make cycles run short together more
/// often than the model's independent draws. Calibrating the total does not calibrate that.
///
/// So the policy's own outcome is scored. At each earlier origin o of a history (those
/// `ForecastSelector.calibrationForecasts` forecasts from), the uncalibrated forecast made there
/// gives the modelled service c(s) of every reorder point s (`ReorderPolicy.Model`). The demand
/// that followed decides the largest s* at which the cycle the order at o protects would have run
/// short. A policy asking level q sets s to the whole unit whose c(s) is nearest q, and that cycle
/// runs short exactly when s ≤ s*, i.e. when q is at or below the midpoint of c(s*) and c(s* + 1)
/// (the next reorder point it can choose): for an order lasting several reviews that midpoint is
/// the score u; where every review orders u is c(s*) (`ReorderPolicy.Model.score` says why).
/// The share of cycles served at q is the share of scores below q, and the level for a target p is
/// the conformal one over these scores (`ForecastCalibration.level`), per Syntetos–Boylan class.
/// (Scored at c(s*) itself, a cycle whose score sat on the step just below the calibrated level
/// counted as served while the nearest s ran it short: a slow mover, whose steps are several points
/// of service, fell short of its target by up to a step.)
///
/// The realised cycle, with E the review's demand before o, A the lead time's after it and C the
/// review's after that, and an offset j in 1 … W:
/// - (nearly) every review orders (`LostSalesCycles`): o orders when E ≥ 1, lifting the position
///   to S = s + j (the case rounding, independent of E); the cycle ending at the next arrival runs
///   short when
///   A + C − min((E + A − S)⁺, A) > S, i.e. for S < C when C ≤ E (the cycle before lost all of
///   A) and for S < A + C otherwise: s* = that bound − 1 − j;
/// - an order lasting several reviews: the position at the review before o was s + j, and o
///   orders only when j ≤ E; the stock at o, s + j − E, must last the lead time:
///   short when A + E − j > s, s* = A + E − j − 1.
public enum ReorderCalibration {
    /// Offsets j tried per origin, at most: the middles of W's cells of g units (⌈W / 16⌉): 1, 2, …
    /// for W ≤ 16; 3, 9, 15, … for W = 96 (4 cells where every review orders: each score there
    /// costs a lost-sales service, itself averaged over the offsets). For an order lasting several
    /// reviews only those j ≤ E are kept, so an origin counts in proportion to the chance it orders
    /// (one whose review sold more orders from more of the positions above s), as the model's
    /// undershoot does.
    static let offsets = 16

    /// The offsets j tried per origin for `model`: the middles of the spread's cells.
    static func offsetIndices(_ model: ReorderPolicy.Model) -> StrideThrough<Int> {
        let width = max(1, model.spread)
        // Each lost-sales service averages its own offsets: four of the order's are enough here.
        let cells = model.lostSales == nil ? offsets : 4
        let step = (width + cells - 1) / cells
        return stride(from: (step + 1) / 2, through: width, by: step)
    }

    /// How many offsets an origin is tried at (however many of them order): each of its scores
    /// weighs one over this in the calibration, so an origin weighs the share of its offsets that
    /// order — the expected number of cycles it starts, as the replay counts each cycle once —
    /// whether the order lasts one review (one offset) or sixteen.
    static func offsetsTried(_ model: ReorderPolicy.Model) -> Int { offsetIndices(model).underestimatedCount }

    /// The scores of the cycles after `origin` in `demand` (realised units per day), for the model
    /// of the forecast made there; none when the window does not fit in `demand`.
    static func scores(
        demand: [Double], origin: Int, lead: Int, review: Int, model: ReorderPolicy.Model
    ) -> [Double] {
        guard origin - review >= 0, origin + lead + review <= demand.count else { return [] }
        // In Double, whole units: a hostile history cannot overflow a sum.
        func units(_ range: Range<Int>) -> Double { demand[range].reduce(0) { $0 + max(0, $1) }.rounded() }
        let before = units(origin - review..<origin)
        let leadDemand = units(origin..<origin + lead)
        let after = units(origin + lead..<origin + lead + review)
        var result: [Double] = []
        for index in offsetIndices(model) {
            let offset = Double(index)
            // Where every review orders, the offset an order lifts to is the case rounding, whatever
            // the review sold (as `LostSalesCycles` averages it): o orders when anything sold.
            guard offset <= before || (model.lostSales != nil && before >= 1) else { break }
            let shortest: Double
            if model.lostSales != nil {
                let bound = after > before ? leadDemand + after : after
                shortest = bound - 1 - offset
            } else {
                shortest = leadDemand + before - offset - 1
            }
            result.append(model.score(shortest: Int(clampingDouble: shortest)))
        }
        return result
    }
}

/// A sample's calibration scores: of its forecasts' horizon totals (`ForecastCalibration`) and of
/// its reorder points' cycles (`ReorderCalibration`), each with the class of the history scored.
public struct CalibrationScores: Sendable {
    /// The forecasts' scores, with their origins (`ForecastCalibration`'s year-ago and drift guards).
    public var forecast: [CalibrationScore]
    /// Each with its weight (one over the offsets its origin was tried at).
    public var reorder: [(demandClass: DemandClass, score: Double, weight: Double)]

    public init(
        forecast: [CalibrationScore] = [],
        reorder: [(demandClass: DemandClass, score: Double, weight: Double)] = []
    ) {
        self.forecast = forecast
        self.reorder = reorder
    }

    public static func + (a: CalibrationScores, b: CalibrationScores) -> CalibrationScores {
        CalibrationScores(forecast: a.forecast + b.forecast, reorder: a.reorder + b.reorder)
    }

    /// Every part's scores in order: what folding them with `+` gives, in one pass. The fold copied
    /// all the scores so far at each step (a sample of 3,000 SKUs: 3,000 copies of up to 12,000
    /// scores, on one core after the parallel part).
    public static func joined(_ parts: [CalibrationScores]) -> CalibrationScores {
        var result = CalibrationScores()
        result.forecast.reserveCapacity(parts.reduce(0) { $0 + $1.forecast.count })
        result.reorder.reserveCapacity(parts.reduce(0) { $0 + $1.reorder.count })
        for part in parts {
            result.forecast.append(contentsOf: part.forecast)
            result.reorder.append(contentsOf: part.reorder)
        }
        return result
    }
}
