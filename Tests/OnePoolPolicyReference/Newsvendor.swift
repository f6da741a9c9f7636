import Foundation

/// The newsvendor: one order against uncertain demand, overage cost h per unit left, underage
/// cost p per unit short. The optimal stock covers demand with probability p/(p + h).
///
/// g(S) = h·E[(S − D)⁺] + p·E[(D − S)⁺] = h·(S − μ) + (h + p)·n(S), with n the loss function.
public enum Newsvendor {
    public struct Solution: Sendable, Equatable {
        public var baseStockLevel: Double
        public var expectedCost: Double
        public var criticalRatio: Double
        /// The demand the stock protects against (over the protection period).
        public var mean: Double
        public var sd: Double
    }

    /// p / (p + h).
    public static func criticalRatio(holdingCost: Double, stockoutCost: Double) -> Double {
        stockoutCost / (stockoutCost + holdingCost)
    }

    /// S* = μ + σ·Φ⁻¹(p/(p + h)). With a lead time L (a periodic-review base-stock system) the
    /// stock protects L + 1 periods: μ(L + 1) and σ√(L + 1).
    public static func normal(holdingCost: Double, stockoutCost: Double, mean: Double, sd: Double, leadTime: Double = 0)
        -> Solution
    {
        let demand = NormalDistribution(mean: mean * (leadTime + 1), sd: sd * (leadTime + 1).squareRoot())
        let ratio = criticalRatio(holdingCost: holdingCost, stockoutCost: stockoutCost)
        let level = demand.quantile(ratio)
        return Solution(
            baseStockLevel: level,
            expectedCost: normalCost(level, holdingCost: holdingCost, stockoutCost: stockoutCost, demand: demand),
            criticalRatio: ratio, mean: demand.mean, sd: demand.sd)
    }

    /// g(S) = h·(S − μ) + (h + p)·n(S) for normal demand.
    public static func normalCost(
        _ level: Double, holdingCost: Double, stockoutCost: Double, demand: NormalDistribution
    ) -> Double {
        holdingCost * (level - demand.mean) + (holdingCost + stockoutCost) * demand.loss(level)
    }

    /// The revenue/cost/salvage form: h = c − v, p = r − c; expected profit (r − c)·μ − g(S*).
    public static func explicit(revenue: Double, purchaseCost: Double, salvageValue: Double, mean: Double, sd: Double)
        -> (orderQuantity: Double, expectedProfit: Double)
    {
        let solution = normal(
            holdingCost: purchaseCost - salvageValue, stockoutCost: revenue - purchaseCost, mean: mean, sd: sd)
        return (solution.baseStockLevel, (revenue - purchaseCost) * mean - solution.expectedCost)
    }

    /// Poisson demand: the smallest whole S with F(S) ≥ p/(p + h), and g(S).
    public static func poisson(holdingCost: Double, stockoutCost: Double, mean: Double) -> (
        baseStockLevel: Int, expectedCost: Double
    ) {
        let demand = PoissonDistribution(mean: mean)
        let level = demand.quantile(criticalRatio(holdingCost: holdingCost, stockoutCost: stockoutCost))
        return (level, poissonCost(level, holdingCost: holdingCost, stockoutCost: stockoutCost, demand: demand))
    }

    /// g(S) = h·(S − μ) + (h + p)·n(S) for Poisson demand.
    public static func poissonCost(_ level: Int, holdingCost: Double, stockoutCost: Double, demand: PoissonDistribution)
        -> Double
    {
        holdingCost * (Double(level) - demand.mean) + (holdingCost + stockoutCost) * demand.loss(level)
    }
}
