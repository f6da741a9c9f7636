/// The cycle service of an order-up-to level S when every review that sells orders (W = 1) and
/// demand beyond the stock is lost, not backordered.
///
/// The cycle ended by the order placed at review t runs short when demand over [t − R, t + L)
/// exceeds S (the position after the order at t − R). Its first L days, A, are the last L days of
/// the cycle before, whose shortage, if it ran short, was lost rather than taken from this
/// cycle's stock: with E the R days before A and C the R days after it, this cycle runs short when
/// A + C − min((E + A − S)⁺, A) > S. So, with m = S − a:
/// - E ≤ m (the cycle before was not short): short when C > m;
/// - m < E < S (short by less than A): short when C > E;
/// - E ≥ S (short by all of A): short when C > S.
/// Averaged over A, with C and E independent R-day demands, that is the share of reviews ending a
/// short cycle; divided by the share of reviews that order (P(D_R ≥ 1)), the share of cycles.
/// Only the cycle just before is looked at (its own debt to the one before it is left out): on
/// Poisson demand this lands within half a point of a replay (`CycleServiceTests`), where the
/// backorder formula P(D(L + R) > S) misses by up to three points when L > R, because cycles that
/// overlap run short together and the second is mostly forgiven.
struct LostSalesCycles {
    private let lead: (first: Int, weights: [Double])
    private let review: (first: Int, weights: [Double])
    /// Indexed by units k − first for k = first … last (the review demand's own terms, so a fast
    /// mover costs no more than a slow one): F(k) = P(D_R ≤ k), and
    /// G(k) = Σ_{e > k} P(D_R = e)(1 − F(e)). Below `first` F is 0; above `last` it is 1.
    private let cumulative: [Double]
    private let beyond: [Double]
    private let ordering: Double

    init(lead: HorizonDistribution, review: HorizonDistribution) {
        self.init(leadMasses: lead.masses(), reviewMasses: review.masses())
    }

    /// The same from the two distributions' `masses()` (built once by `ReorderPolicy.Model`).
    init(leadMasses: (first: Int, weights: [Double]), reviewMasses: (first: Int, weights: [Double])) {
        self.lead = leadMasses
        self.review = reviewMasses
        let weights = self.review.weights
        var cumulative = [Double](repeating: 0, count: weights.count)
        var running = 0.0
        for index in weights.indices {
            running += weights[index]
            cumulative[index] = min(1, running)
        }
        var beyond = [Double](repeating: 0, count: weights.count + 1)
        for index in stride(from: weights.count - 1, through: 0, by: -1) {
            beyond[index] = beyond[index + 1] + weights[index] * (1 - cumulative[index])
        }
        // beyond[k − first] now holds Σ_{e ≥ k}; G(k) = beyond[k + 1 − first].
        self.cumulative = cumulative
        self.beyond = beyond
        ordering = 1 - (self.review.first == 0 ? weights[0] : 0)
    }

    private func below(_ k: Int) -> Double {
        let index = k - review.first
        return index < 0 ? 0 : index < cumulative.count ? cumulative[index] : 1
    }

    /// G(k) = Σ_{e > k} P(D_R = e)(1 − F(e)).
    private func tail(after k: Int) -> Double {
        let index = max(review.first, k + 1) - review.first
        return index < beyond.count ? beyond[index] : 0
    }

    /// The share of replenishment cycles with no lost demand under order-up-to `orderUpTo`.
    func service(orderUpTo: Int) -> Double {
        guard ordering > 1e-12 else { return 1 }
        let level = orderUpTo
        let shortAtLevel = 1 - below(level)
        let fullyShort = (1 - below(level - 1)) * shortAtLevel
        var risk = 0.0
        for (offset, weight) in lead.weights.enumerated() where weight > 0 {
            let m = level - (lead.first + offset)
            var short = below(m) * (1 - below(m))
            if m < level - 1 { short += tail(after: m) - tail(after: level - 1) }
            short += m < level ? fullyShort : (1 - below(m)) * shortAtLevel
            risk += weight * short
        }
        return max(0, 1 - risk / ordering)
    }

    /// The cycle service of reorder point s when an order lifts the position to s + 1 … s + W
    /// (W = one case, the case pack rounding each order up): the mean over those starting points,
    /// at most 16 of them evenly spaced.
    func service(reorderPoint: Int, spread: Int) -> Double {
        let width = max(1, spread)
        let points = min(width, 16)
        var sum = 0.0
        for index in 0..<points { sum += service(orderUpTo: reorderPoint + 1 + index * width / points) }
        return sum / Double(points)
    }

    /// `service(reorderPoint:spread:)` reading each order-up-to level's service from `known` when it
    /// was worked out before (and keeping it there): neighbouring reorder points share all their
    /// starting points but one, and the search for the nearest one tries neighbours. The same
    /// values, summed in the same order: the same double.
    func service(reorderPoint: Int, spread: Int, known: inout [Int: Double]) -> Double {
        let width = max(1, spread)
        let points = min(width, 16)
        guard points > 1 else { return service(reorderPoint: reorderPoint, spread: spread) }
        var sum = 0.0
        for index in 0..<points {
            let orderUpTo = reorderPoint + 1 + index * width / points
            if let value = known[orderUpTo] {
                sum += value
            } else {
                let value = service(orderUpTo: orderUpTo)
                known[orderUpTo] = value
                sum += value
            }
        }
        return sum / Double(points)
    }

    /// The reorder point whose cycle service is nearest `level` (the lower on a tie), searched
    /// from `start`; `service` must not fall as s rises.
    static func nearest(level: Double, start: Int, service uncached: (Int) -> Double) -> Int {
        // Each reorder point's service worked out once: the search below asks again for points it
        // has seen (always the two it compares last), and each costs a pass over the lead time's
        // masses. `service` is a function of the point alone, so the answer is the same.
        var known: [(point: Int, service: Double)] = []
        known.reserveCapacity(16)
        func service(_ point: Int) -> Double {
            for entry in known where entry.point == point { return entry.service }
            let value = uncached(point)
            known.append((point, value))
            return value
        }
        var high = max(-1, start)
        var up = 1
        while service(high) < level && up < 1 << 40 {
            high += up
            up *= 2
        }
        // Step down by doubling until the service falls short, then bisect.
        var step = 1
        var low = high - step
        while low > -1 && service(low) >= level {
            high = low
            step *= 2
            low = high - step
        }
        low = max(-1, low)
        if service(low) >= level { high = low }
        while high - low > 1 {
            let middle = (low + high) / 2
            if service(middle) >= level { high = middle } else { low = middle }
        }
        // high reaches the level; high − 1 does not: take the nearer.
        guard high > -1 else { return high }
        let over = service(high) - level
        let under = level - service(high - 1)
        return under <= over ? high - 1 : high
    }
}
