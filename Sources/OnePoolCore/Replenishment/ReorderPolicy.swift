/// The one formula for the reorder point and the order-up-to level (planner, CLI, simulation, demo).
///
/// A periodic review every R days; an order placed at a review arrives L days later. An order
/// placed now is the last before the next one arrives, L + R days on, so the stock position after
/// ordering must cover demand over L + R: with an order-up-to level S at the `serviceLevel`
/// quantile of that demand, the share of review periods without a stockout is the service level.
///
/// When a minimum order or a case pack makes one order last N > 1 review periods, only the last
/// of them runs the risk, so the level is relaxed to `1 − N·(1 − serviceLevel)` (never below ½):
/// the share of review periods without a stockout stays at the target with less stock.
/// N = (one review's demand rounded up to whole cases and at least the MOQ) / one review's demand.
/// Then: order when the position is at or below the reorder point s = S − 1, up to S, in whole
/// case packs and at least the MOQ.
public enum ReorderPolicy {
    public struct Levels: Sendable, Equatable {
        public var reorderPoint: Int
        public var orderUpTo: Int
        /// The quantile level S was read at.
        public var protectedLevel: Double
        /// Review periods one typical order lasts.
        public var reviewsPerOrder: Double
    }

    /// `quantile(p)`: the whole units that demand over L + R stays at or below with probability p.
    public static func levels(
        serviceLevel: Double, reviewDemand: Double, casePack: Int, minimum: Int, quantile: (Double) -> Double
    ) -> Levels {
        let typicalOrder = Double(roundedOrder(max(1, Int(reviewDemand.rounded(.up))), casePack: casePack, minimum: minimum))
        let reviews = reviewDemand > 0 ? max(1, typicalOrder / reviewDemand) : 1
        let level = max(0.5, 1 - reviews * (1 - serviceLevel))
        let upTo = max(0, Int(quantile(level)))
        return Levels(reorderPoint: upTo - 1, orderUpTo: upTo, protectedLevel: level, reviewsPerOrder: reviews)
    }

    /// `raw` units (≥ 1) up to whole case packs, and at least the MOQ (itself in whole cases).
    public static func roundedOrder(_ raw: Int, casePack: Int, minimum: Int) -> Int {
        let pack = max(1, casePack)
        let wanted = max(raw, minimum, 1)
        return (wanted + pack - 1) / pack * pack
    }
}
