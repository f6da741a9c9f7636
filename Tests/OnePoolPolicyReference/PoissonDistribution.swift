import Foundation

/// A Poisson distribution with mean `mean`: the textbook model of slow-moving unit demand.
///
/// Probabilities are built in log space (log k! by summation for small k and Stirling's series
/// beyond), so a large mean does not underflow e^−μ.
/// Invariant: `mean ≥ 0`; values below 0 have probability 0.
public struct PoissonDistribution: Sendable, Equatable {
    public let mean: Double

    public init(mean: Double) { self.mean = max(0, mean) }

    /// P(D = k).
    public func pmf(_ k: Int) -> Double {
        guard k >= 0 else { return 0 }
        guard mean > 0 else { return k == 0 ? 1 : 0 }
        return Foundation.exp(-mean + Double(k) * Foundation.log(mean) - Self.logFactorial(k))
    }

    /// P(D ≤ k).
    public func cdf(_ k: Int) -> Double {
        guard k >= 0 else { return 0 }
        guard mean > 0 else { return 1 }
        // Summed from the largest term down both sides would be steadier; from 0 with the ratio
        // f(j) = f(j − 1)·μ/j is exact enough while e^−μ does not underflow.
        if mean < 600 {
            var term = Foundation.exp(-mean)
            var sum = term
            if k > 0 {
                for j in 1...k {
                    term *= mean / Double(j)
                    sum += term
                }
            }
            return min(1, sum)
        }
        var sum = 0.0
        for j in 0...k { sum += pmf(j) }
        return min(1, sum)
    }

    /// The smallest whole k with P(D ≤ k) ≥ p.
    public func quantile(_ p: Double) -> Int {
        var k = 0
        var cumulative = cdf(0)
        var term = pmf(0)
        let limit = Int(mean + 50 * (mean.squareRoot() + 1))
        while cumulative < p && k < limit {
            k += 1
            term = mean < 600 ? term * mean / Double(k) : pmf(k)
            cumulative += term
        }
        return k
    }

    /// n(x) = E[(D − x)⁺] = −(x − μ)(1 − F(x)) + μ·f(x); for x < 0 it is μ − x.
    public func loss(_ x: Int) -> Double {
        guard x >= 0 else { return mean - Double(x) }
        return -(Double(x) - mean) * (1 - cdf(x)) + mean * pmf(x)
    }

    /// E[(x − D)⁺] = x − μ + n(x): expected units left over.
    public func complementaryLoss(_ x: Int) -> Double { Double(x) - mean + loss(x) }

    /// log k!: summed up to 20, Stirling's series beyond (error below 1e-15 there).
    static func logFactorial(_ k: Int) -> Double {
        if k < 2 { return 0 }
        if k <= 20 {
            var sum = 0.0
            for j in 2...k { sum += Foundation.log(Double(j)) }
            return sum
        }
        let n = Double(k)
        let inverse = 1 / n
        let inverse2 = inverse * inverse
        let series = inverse * (1.0 / 12 - inverse2 * (1.0 / 360 - inverse2 * (1.0 / 1260 - inverse2 / 1680)))
        return n * Foundation.log(n) - n + 0.5 * Foundation.log(2 * Double.pi * n) + series
    }
}
