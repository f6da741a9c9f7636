import Foundation

/// The periodic-review (s, S) policy: when the inventory position is at or below s, order up to S.
///
/// Per-period costs: h holding, p stockout per unit, K fixed per order (Snyder & Shen §4.6).
public enum SSPolicy {
    /// Zheng & Federgruen's exact search for Poisson demand of `mean` per period.
    public static func poissonExact(holdingCost h: Double, stockoutCost p: Double, fixedCost k: Double, mean: Double)
        -> (reorderPoint: Int, orderUpTo: Int, expectedCost: Double)
    {
        let demand = PoissonDistribution(mean: mean)
        func g(_ y: Int) -> Double { Newsvendor.poissonCost(y, holdingCost: h, stockoutCost: p, demand: demand) }
        func cost(_ s: Int, _ bigS: Int) -> Double {
            poissonCost(reorderPoint: s, orderUpTo: bigS, holdingCost: h, stockoutCost: p, fixedCost: k, mean: mean)
        }
        let yStar = Newsvendor.poisson(holdingCost: h, stockoutCost: p, mean: mean).baseStockLevel
        // s(S0): lower s from y* until the policy's cost is no worse than g(s).
        var s = yStar
        repeat { s -= 1 } while cost(s, yStar) > g(s)
        var bestS = yStar
        var bestSmall = s
        var best = cost(bestSmall, bestS)
        var candidate = bestS + 1
        while g(candidate) <= best {
            if cost(bestSmall, candidate) < best {
                bestS = candidate
                while cost(s, bestS) <= g(s + 1) { s += 1 }
                bestSmall = s
                best = cost(bestSmall, bestS)
            }
            candidate += 1
        }
        return (bestSmall, bestS, best)
    }

    /// g(s, S) = (K + Σ_{d=0}^{S−s−1} m(d)·g(S − d)) / M(S − s) for Poisson demand, with m and M the
    /// renewal quantities of the demand (equations 4.71–4.75).
    public static func poissonCost(
        reorderPoint s: Int, orderUpTo bigS: Int, holdingCost h: Double, stockoutCost p: Double, fixedCost k: Double,
        mean: Double
    ) -> Double {
        let demand = PoissonDistribution(mean: mean)
        let span = bigS - s
        guard span > 0 else { return .infinity }
        let pmf = (0..<span).map(demand.pmf)
        var m = Array(repeating: 0.0, count: span)
        m[0] = 1 / (1 - pmf[0])
        for j in stride(from: 1, to: span, by: 1) {
            var sum = 0.0
            for l in 1...j { sum += pmf[l] * m[j - l] }
            m[j] = m[0] * sum
        }
        let renewals = m.reduce(0, +)
        var total = k
        for d in 0..<span {
            total += m[d] * Newsvendor.poissonCost(bigS - d, holdingCost: h, stockoutCost: p, demand: demand)
        }
        return total / renewals
    }

    /// Ehrhardt & Mosier's power approximation for normal demand (mean μ, sd σ per period):
    /// Q = 1.30·μ^0.494·(K/h)^0.506·(1 + σ²/μ²)^0.116, z = √(Q·h/(σ·p)),
    /// s = 0.973·μ + σ·(0.183/z + 1.063 − 2.192·z), S = s + Q.
    public static func powerApproximation(
        holdingCost h: Double, stockoutCost p: Double, fixedCost k: Double, mean: Double, sd: Double
    )
        -> (reorderPoint: Double, orderUpTo: Double)
    {
        let q =
            1.30 * Foundation.pow(mean, 0.494) * Foundation.pow(k / h, 0.506)
            * Foundation.pow(1 + (sd / mean) * (sd / mean), 0.116)
        let z = (q / sd * (h / p)).squareRoot()
        let s = 0.973 * mean + sd * (0.183 / z + 1.063 - 2.192 * z)
        return (s, s + q)
    }
}
