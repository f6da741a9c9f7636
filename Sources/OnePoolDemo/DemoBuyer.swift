/// How the demo's simulated buyer judged cover before OnePool: not OnePool's rule (that is
/// `ReorderPolicy`), but the one the demo store's history was generated with, kept here so the demo
/// stays the same store whatever OnePool's policy becomes.
///
/// The buyer relaxes the level when an order lasts several reviews (N reviews: 1 − N·(1 − level),
/// never below ½) and takes the N that minimises cover + N·(review demand)/2.
enum DemoBuyer {
    /// The position at or below which the buyer orders, plus one.
    static func cover(level: Double, reviewDemand: Double, quantile: (Double) -> Double) -> Int {
        let typicalOrder = Double(max(1, Int(reviewDemand.rounded(.up))))
        let forced = reviewDemand > 0 ? max(1, typicalOrder / reviewDemand) : 1
        let risk = max(1e-9, 1 - level)
        var best: (cost: Double, cover: Int)?
        var reviews = forced
        while true {
            let relaxed = max(0.5, 1 - reviews * risk)
            let units = max(0, Int(quantile(relaxed)))
            let cost = Double(units) + reviews * reviewDemand / 2
            if best.map({ cost < $0.cost }) ?? true { best = (cost, units) }
            if relaxed <= 0.5 || reviewDemand <= 0 || reviews >= 52 { break }
            reviews = reviews.rounded(.down) + 1
        }
        return best?.cover ?? 0
    }
}
