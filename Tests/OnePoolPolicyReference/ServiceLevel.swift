import Foundation

/// Safety stock and reorder point for a cycle service level (the probability that an
/// order cycle sees no stockout), and what they give in expected shortage and fill rate.
///
/// Daily demand is independent from day to day, so lead-time demand over L days has mean μ_d·L
/// and standard deviation σ_d·√L (normal), or is Poisson with mean λL.
public enum ServiceLevel {
    public struct Normal: Sendable, Equatable {
        public var z: Double
        public var leadTimeDemand: NormalDistribution
        /// z·σ_L.
        public var safetyStock: Double
        /// μ_L + z·σ_L.
        public var reorderPoint: Double
        /// n(r) = σ_L·L(z): expected units short per order cycle.
        public var expectedShortagePerCycle: Double
        /// 1 − n(r)/Q: the share of demand met from stock.
        public var fillRate: Double
        /// r / μ_d.
        public var daysOfCoverAtReorderPoint: Double
    }

    public static func normal(
        dailyMean: Double, dailySD: Double, leadTimeDays: Double, cycleServiceLevel: Double, orderQuantity: Double
    ) -> Normal {
        let demand = NormalDistribution(mean: dailyMean * leadTimeDays, sd: dailySD * leadTimeDays.squareRoot())
        let z = StandardNormal.quantile(cycleServiceLevel)
        let safety = z * demand.sd
        let reorder = demand.mean + safety
        let shortage = demand.loss(reorder)
        return Normal(
            z: z, leadTimeDemand: demand, safetyStock: safety, reorderPoint: reorder,
            expectedShortagePerCycle: shortage,
            fillRate: 1 - shortage / orderQuantity,
            daysOfCoverAtReorderPoint: dailyMean > 0 ? reorder / dailyMean : .infinity)
    }

    public struct Poisson: Sendable, Equatable {
        public var leadTimeDemandMean: Double
        /// The smallest whole r with P(D_L ≤ r) ≥ the target.
        public var reorderPoint: Int
        /// P(D_L ≤ r): at or above the target, as r is whole.
        public var achievedCycleServiceLevel: Double
        /// r − μ_L (may be fractional).
        public var safetyStock: Double
        public var expectedShortagePerCycle: Double
        public var fillRate: Double
    }

    public static func poisson(
        dailyRate: Double, leadTimeDays: Double, cycleServiceLevel: Double, orderQuantity: Double
    ) -> Poisson {
        let demand = PoissonDistribution(mean: dailyRate * leadTimeDays)
        let reorder = demand.quantile(cycleServiceLevel)
        let shortage = demand.loss(reorder)
        return Poisson(
            leadTimeDemandMean: demand.mean, reorderPoint: reorder, achievedCycleServiceLevel: demand.cdf(reorder),
            safetyStock: Double(reorder) - demand.mean, expectedShortagePerCycle: shortage,
            fillRate: 1 - shortage / orderQuantity)
    }
}
