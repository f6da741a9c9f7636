/// The one formula for the reorder point and the order-up-to level (planner, CLI, simulation).
///
/// A periodic review every R days; an order placed at a review arrives L days later. The cycle
/// service level is the textbook one: the share of replenishment cycles (from one order's arrival
/// to the next one's) that run out of nothing. Stock on hand only falls within a cycle, so a cycle
/// runs short exactly when the demand over the lead time of the order that ends it, D(L), exceeds
/// the position at the review that placed that order. That position is below the reorder point s
/// by the undershoot U, the part of the last review's demand that took the position past s; so a
/// cycle runs short when D(L) + U > s, and s is the `serviceLevel` quantile of D(L) + U.
///
/// Where the undershoot comes from: an order lifts the position just above s, spread over W units
/// — one case pack, or the smallest order (the MOQ in whole cases) when that is more than a review
/// sells. In steady state the position at a review is then uniform over s + 1 … s + W (the
/// (R, s, nQ) result), and a review that sells d orders when it started at s + j with j ≤ d,
/// leaving U = d − j: P(U = u) ∝ P(u < D_R ≤ u + W), D_R one review's demand.
/// - W = 1 (no case pack, no MOQ): every review that sells orders, U = D_R − 1, and s + 1 is the
///   textbook (R, S) order-up-to level for demand over L + R, counted per cycle (a review that
///   sells nothing ends no cycle, so a slow mover is protected a little more than per review).
/// - W large (a minimum order lasting several reviews): U is the stationary undershoot
///   P(U = u) = P(D_R > u) / E[D_R], about half a review's demand, not a whole one — the reorder
///   point judged at review instants rather than as if every review ordered.
/// Demand beyond the stock is lost, as in a shop: where (nearly) every review orders — W is one case
/// of no more than a review's demand — consecutive cycles overlap by L days and run short
/// together, the cycle after a short one is spared the lost units, and s is set by
/// `LostSalesCycles` instead (the position after an order spread over s + 1 … s + W). Each level is the whole number whose service is nearest the
/// target (not the smallest reaching it), so over a catalogue whole-unit steps err both ways.
/// Order when the position is at or below s, up to S = s + 1, in whole case packs and at least the
/// MOQ: the smallest order that lifts the position above s, so no stock is held beyond what the
/// supplier's lot forces (a larger lot lowers the undershoot by at most half a review's demand and
/// adds half the extra lot to the average stock).
public enum ReorderPolicy {
    public struct Levels: Sendable, Equatable {
        public var reorderPoint: Int
        public var orderUpTo: Int
        /// The quantile level s was read at (the service level after calibration).
        public var level: Double
        /// W: the units the position spreads over after an order.
        public var spread: Int
        /// E[D(L) + U]: what the position at an ordering review is expected to meet before the order
        /// arrives; s less this is the safety stock.
        public var meanExposure: Double
        /// The model's own s, when the history's largest total held s below it (nil otherwise).
        public var heldFrom: Int? = nil
    }

    /// How many times the history's largest total an order lasting several reviews may ask before
    /// it is held to it (`levels`): a guard against a degenerate distribution, not a model. Read
    /// off three demo seeds (round 23): ordinary SKUs asked at most 13.4×, degenerate ones 23×
    /// and more.
    static let degenerateFactor = 20.0

    /// s and S for demand over the lead time `lead` and over one review `review` (independent
    /// counts), at `calibrate(serviceLevel)` — the level the calibration asks for — and, where
    /// (nearly) every review orders or s is more than `degenerateFactor` times it, s at most
    /// `ceiling`: the largest total over lead time + review the SKU's history shows (nil: none).
    ///
    /// Why the ceiling: a cycle runs short when D(L) + U > s, and D(L) + U is less than the demand
    /// over L + R, so s at the largest past L + R total would have served every past cycle — every
    /// cycle the calibration scored. A model asking more is extrapolating its own tail, not the
    /// history. Where every review orders the model counts a cycle only where a review sells: its
    /// service is divided by P(D_R ≥ 1). A negative binomial whose variance is the backtest's
    /// squared error after a promotion spike, on a mean that has since fallen to a unit or two,
    /// says "nothing sells, and when anything does, hundreds": P(D_R ≥ 1) is tiny and s runs into
    /// the thousands. On pasta the five series holding most of the excess stock ordered 276 to
    /// 854 units that way, each lasting months (Benchmarks/forecast, round 15). An order lasting
    /// several reviews has no such division (s is a plain quantile of D(L) + U) and keeps the
    /// model's s: capped too, the demo's 98% lost 0.26 point of service at 89 of its 300 SKUs.
    /// Except when that s is more than `degenerateFactor` times the ceiling: U is the review's
    /// demand given that it sold, so a mean fallen to ~0 under a backtest's variance divides there
    /// too (the demo, seed 2026: a mohair throw that never sold more than 11 in 52 days, mean
    /// 6·10⁻⁶, variance 4.7, s = 63,615; Benchmarks/forecast round 23). On three demo seeds the
    /// model's s of such an order was at most 13.4× the ceiling otherwise, at least 23× there.
    public static func levels(
        serviceLevel: Double, lead: HorizonDistribution, review: HorizonDistribution, casePack: Int, minimum: Int,
        ceiling: Double? = nil, calibrate: (Double) -> Double = { $0 }
    ) -> Levels {
        let model = Model(lead: lead, review: review, casePack: casePack, minimum: minimum)
        let level = min(max(calibrate(serviceLevel), 0), 1)
        var reorderPoint = model.exposure.quantile(level)
        if let lost = model.lostSales {
            // Each order-up-to level's service once over the search (`LostSalesCycles.service`).
            var known: [Int: Double] = [:]
            reorderPoint = LostSalesCycles.nearest(level: level, start: reorderPoint) {
                lost.service(reorderPoint: $0, spread: model.spread, known: &known)
            }
        }
        var heldFrom: Int? = nil
        if let ceiling, ceiling.isFinite, ceiling >= 0, reorderPoint > Int(clampingDouble: ceiling.rounded(.up)),
            model.lostSales != nil || Double(reorderPoint) > degenerateFactor * max(1, ceiling)
        {
            heldFrom = reorderPoint
            reorderPoint = Int(clampingDouble: ceiling.rounded(.up))
        }
        return Levels(
            reorderPoint: reorderPoint, orderUpTo: reorderPoint + 1, level: level, spread: model.spread,
            meanExposure: model.exposure.mean, heldFrom: heldFrom)
    }

    /// The cycle service each reorder point s would have on the forecast as it stands (before any
    /// calibration): the function `levels` inverts, and the one `ReorderCalibration` scores past
    /// cycles with.
    struct Model {
        /// W: the units the position spreads over after an order.
        let spread: Int
        let exposure: CycleExposure
        /// Set where (nearly) every review orders: overlapping cycles, whose lost demand is not carried.
        let lostSales: LostSalesCycles?

        init(lead: HorizonDistribution, review: HorizonDistribution, casePack: Int, minimum: Int) {
            let smallest = roundedOrder(1, casePack: casePack, minimum: minimum)
            spread = Double(smallest) > review.mean ? smallest : max(1, casePack)
            // Each distribution's masses once, for the exposure and the lost-sales cycles alike.
            let leadMasses = lead.masses()
            let reviewMasses = review.masses()
            exposure = CycleExposure(leadMasses: leadMasses, reviewMasses: reviewMasses, spread: spread)
            lostSales =
                spread == 1 || Double(smallest) <= review.mean
                ? LostSalesCycles(leadMasses: leadMasses, reviewMasses: reviewMasses) : nil
        }

        /// The modelled cycle service of reorder point s; 0 below −1 (no reachable s is that low).
        func service(_ reorderPoint: Int) -> Double {
            guard reorderPoint >= -1 else { return 0 }
            if let lostSales { return lostSales.service(reorderPoint: reorderPoint, spread: spread) }
            return exposure.probability(atMost: reorderPoint)
        }

        /// The calibration score of a cycle that would have run short at every s ≤ `shortest` (s*).
        /// For an order lasting several reviews it is the highest level at which `levels` still
        /// chooses an s ≤ s* (`CycleExposure.highestLevel`): `levels` takes the reorder point whose
        /// service is nearest the level, so that is the midpoint of c(s*) and the service of the
        /// next reorder point it can choose (0 when s* is below every one it can choose). Where every
        /// review orders it stays c(s*): there s* rests on the approximate count of the units the
        /// cycle before lost, and scored at the midpoint a fast mover overshot by 1.4 points
        /// (`ReorderCalibrationTests`), at c(s*) it lands within one.
        func score(shortest: Int) -> Double {
            guard lostSales == nil else { return service(shortest) }
            return exposure.highestLevel(choosingAtMost: shortest)
        }
    }

    /// `raw` units (≥ 1) up to whole case packs, and at least the MOQ (itself in whole cases).
    public static func roundedOrder(_ raw: Int, casePack: Int, minimum: Int) -> Int {
        let pack = max(1, casePack)
        let wanted = max(raw, minimum, 1)
        return (wanted + pack - 1) / pack * pack
    }
}
