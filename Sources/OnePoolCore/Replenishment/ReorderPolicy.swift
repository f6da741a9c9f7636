/// The one formula for the reorder point and the order-up-to level (planner, CLI, simulation, demo).
///
/// A periodic review every R days; an order placed at a review arrives L days later. The stock
/// position when an order is placed must cover demand until the next order can arrive, L + R
/// days on. If every review orders (an order lasts one review period), a position of S after
/// ordering at the `serviceLevel` quantile of demand over L + R makes that the share of review
/// periods without a stockout. An order that lasts N review periods exposes only the last of
/// them, so the share is kept with the relaxed level `1 − N·(1 − serviceLevel)` (never below ½).
/// Larger orders mean less safety stock but more cycle stock (about N/2 reviews' demand on
/// average): N is chosen to minimise their sum, S_N + N·(one review's demand)/2, from the N a
/// minimum order or case pack forces (one review's demand rounded up to whole cases and at least
/// the MOQ, over one review's demand) up to the N where the level reaches ½.
/// Then: order when the position is at or below the reorder point s = S_N − 1, up to
/// S_N + (N − 1) reviews' demand, in whole case packs and at least the MOQ.
public enum ReorderPolicy {
    public struct Levels: Sendable, Equatable {
        public var reorderPoint: Int
        public var orderUpTo: Int
        /// The quantile level the reorder point was read at.
        public var protectedLevel: Double
        /// Review periods one order is meant to last.
        public var reviewsPerOrder: Double
    }

    /// `quantile(p)`: the whole units that demand over L + R stays at or below with probability p.
    public static func levels(
        serviceLevel: Double, reviewDemand: Double, casePack: Int, minimum: Int, quantile: (Double) -> Double
    ) -> Levels {
        levels(serviceLevel: serviceLevel, reviewDemand: reviewDemand, casePack: casePack, minimum: minimum) {
            $0.map(quantile)
        }
    }

    /// The same with `quantiles(levels)` answering every candidate level in one call.
    public static func levels(
        serviceLevel: Double, reviewDemand: Double, casePack: Int, minimum: Int, quantiles: ([Double]) -> [Double]
    ) -> Levels {
        let typicalOrder = Double(
            roundedOrder(max(1, Int(reviewDemand.rounded(.up))), casePack: casePack, minimum: minimum))
        let forced = reviewDemand > 0 ? max(1, typicalOrder / reviewDemand) : 1
        let risk = max(1e-9, 1 - serviceLevel)
        var candidates: [(reviews: Double, level: Double)] = []
        var reviews = forced
        while true {
            let level = max(0.5, 1 - reviews * risk)
            candidates.append((reviews, level))
            if level <= 0.5 || reviewDemand <= 0 || reviews >= 52 { break }
            reviews = reviews.rounded(.down) + 1
        }
        let protectedUnits = quantiles(candidates.map(\.level))
        var best: (cost: Double, levels: Levels)?
        for (candidate, units) in zip(candidates, protectedUnits) {
            let protected = max(0, Int(units))
            let cycle = Int((max(0, candidate.reviews - 1) * reviewDemand).rounded(.up))
            let cost = Double(protected) + candidate.reviews * reviewDemand / 2
            if best.map({ cost < $0.cost }) ?? true {
                best = (
                    cost,
                    Levels(
                        reorderPoint: protected - 1, orderUpTo: protected + cycle, protectedLevel: candidate.level,
                        reviewsPerOrder: candidate.reviews)
                )
            }
        }
        return best?.levels ?? Levels(reorderPoint: -1, orderUpTo: 0, protectedLevel: serviceLevel, reviewsPerOrder: 1)
    }

    /// `raw` units (≥ 1) up to whole case packs, and at least the MOQ (itself in whole cases).
    public static func roundedOrder(_ raw: Int, casePack: Int, minimum: Int) -> Int {
        let pack = max(1, casePack)
        let wanted = max(raw, minimum, 1)
        return (wanted + pack - 1) / pack * pack
    }
}
