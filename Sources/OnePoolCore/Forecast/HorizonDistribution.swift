/// The distribution of total demand over the horizon (the lead time): negative binomial.
///
/// A count distribution because demand comes in units and is often zero; negative binomial
/// rather than Poisson because real demand is over-dispersed (orders of several units, level
/// drifts the forecast cannot see). Its variance is the sum of two parts: the squared error the
/// forecast made on the horizon total in the backtest (how far the level can be off), and the
/// period-to-period spread of recent demand scaled to the horizon (the noise around a known
/// level). With variance at or below the mean it degrades to Poisson.
/// Invariant: `mean ≥ 0` and `variance ≥ mean`.
public struct HorizonDistribution: Sendable, Equatable {
    public let mean: Double
    public let variance: Double

    public init(mean: Double, variance: Double) {
        self.mean = max(0, mean)
        self.variance = max(variance, self.mean)
    }

    /// The smallest whole number of units `q` with P(total ≤ q) ≥ `probability`.
    public func quantile(_ probability: Double) -> Double {
        let probabilities = probabilities()
        let target = min(max(probability, 0), 1) * probabilities.total
        var cumulative = 0.0
        for (offset, weight) in probabilities.weights.enumerated() {
            cumulative += weight
            if cumulative >= target * (1 - 1e-12) { return Double(probabilities.first + offset) }
        }
        return Double(probabilities.first + probabilities.weights.count - 1)
    }

    /// `quantile(p)` for each level, building the probabilities once.
    public func quantiles(_ levels: [Double]) -> [Double] {
        let probabilities = probabilities()
        let order = levels.indices.sorted { levels[$0] < levels[$1] }
        var result = [Double](repeating: 0, count: levels.count)
        var cumulative = 0.0
        var offset = 0
        let last = probabilities.weights.count - 1
        for index in order {
            let target = min(max(levels[index], 0), 1) * probabilities.total * (1 - 1e-12)
            while offset < last && cumulative + probabilities.weights[offset] < target {
                cumulative += probabilities.weights[offset]
                offset += 1
            }
            result[index] = Double(probabilities.first + offset)
        }
        return result
    }

    /// P(total ≤ units): 0 below zero, 1 at and above the largest total with weight.
    public func probability(atMost units: Double) -> Double {
        guard units >= 0 else { return 0 }
        let probabilities = probabilities()
        let last = Int(min(units.rounded(.down), Double(Int.max / 2)))
        var cumulative = 0.0
        for (offset, weight) in probabilities.weights.enumerated() {
            if probabilities.first + offset > last { break }
            cumulative += weight
        }
        return min(1, cumulative / probabilities.total)
    }

    /// E[total | total ≥ floor]: what a day that sold out at `floor` units probably wanted.
    public func mean(atLeast floor: Double) -> Double {
        let lowest = max(0, floor.rounded(.up))
        guard mean > 0 else { return lowest }
        let probabilities = probabilities()
        var weight = 0.0
        var sum = 0.0
        for (offset, value) in probabilities.weights.enumerated() {
            let units = Double(probabilities.first + offset)
            guard units >= lowest else { continue }
            weight += value
            sum += units * value
        }
        return weight > 0 ? sum / weight : lowest
    }

    /// The median of the total: what minimises the expected absolute error of the total.
    public var median: Double { quantile(0.5) }

    /// E[(total − stock)⁺]: the units demanded beyond `stock` (the loss function).
    public func expectedExcess(over stock: Double) -> Double {
        guard mean > 0 else { return 0 }
        let probabilities = probabilities()
        var excess = 0.0
        for (offset, weight) in probabilities.weights.enumerated() {
            let units = Double(probabilities.first + offset)
            if units > stock { excess += (units - stock) * weight }
        }
        return excess / probabilities.total
    }

    /// P(total = first + i) for i = 0, 1, …, summing to 1 (the terms `probabilities()` keeps).
    func masses() -> (first: Int, weights: [Double]) {
        let probabilities = probabilities()
        return (probabilities.first, probabilities.weights.map { $0 / probabilities.total })
    }

    /// Unnormalised probabilities of `first, first + 1, …`, relative to 1 at the mode.
    ///
    /// Built outwards from the mode with the ratio of neighbouring terms, so no factorial,
    /// logarithm or exponential is needed (Core uses the standard library only) and nothing
    /// overflows; terms below 1e-18 of the mode are left out, which moves no quantile we use.
    private func probabilities() -> (first: Int, weights: [Double], total: Double) {
        guard mean > 0 else { return (0, [1], 1) }
        let isPoisson = variance <= mean * (1 + 1e-9)
        let shape = isPoisson ? 0 : mean * mean / (variance - mean)
        let failure = isPoisson ? 0 : 1 - mean / variance
        /// P(k + 1) / P(k).
        func ratio(_ k: Double) -> Double {
            isPoisson ? mean / (k + 1) : (k + shape) / (k + 1) * failure
        }
        let mode = isPoisson ? mean.rounded(.down) : max(0, ((shape - 1) * failure / (1 - failure)).rounded(.down))
        var below: [Double] = []
        var weight = 1.0
        var k = mode
        while k > 0 {
            weight /= ratio(k - 1)
            if weight < 1e-18 || below.count >= Self.maximumTerms { break }
            below.append(weight)
            k -= 1
        }
        var above: [Double] = [1]
        weight = 1
        k = mode
        while true {
            weight *= ratio(k)
            if weight < 1e-18 || k > mean + 1e6 || above.count >= Self.maximumTerms { break }
            above.append(weight)
            k += 1
        }
        // Below the mode reversed in place, then the rest: one array, not a third built from two.
        let first = Int(clampingDouble: mode) - below.count
        var weights = below
        weights.reverse()
        weights.append(contentsOf: above)
        return (first, weights, weights.reduce(0, +))
    }

    /// At most this many terms either side of the mode: a demand of millions of units a day
    /// (beyond `Bounds`, in a store written before the checks) must not enumerate billions.
    static let maximumTerms = 200_000
}
