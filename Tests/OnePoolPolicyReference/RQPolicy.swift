import Foundation

/// The continuous-review (r, Q) policy: when the inventory position falls to r, order Q.
///
/// Symbols as in Snyder & Shen ch. 5: h holding and p stockout cost per unit per unit time, K
/// fixed cost per order, λ and τ the mean and standard deviation of demand per unit time, L the
/// lead time; lead-time demand is normal with μ = λL and σ = τ√L (Poisson with mean λL for the
/// exact Poisson algorithm). Costs are expected cost per unit time.
public struct RQPolicy: Sendable {
    public var holdingCost: Double
    public var stockoutCost: Double
    public var fixedCost: Double
    public var demandRate: Double
    public var demandSD: Double
    public var leadTime: Double

    public init(
        holdingCost: Double, stockoutCost: Double, fixedCost: Double, demandRate: Double, demandSD: Double = 0,
        leadTime: Double
    ) {
        self.holdingCost = holdingCost
        self.stockoutCost = stockoutCost
        self.fixedCost = fixedCost
        self.demandRate = demandRate
        self.demandSD = demandSD
        self.leadTime = leadTime
    }

    public struct Solution: Sendable, Equatable {
        public var reorderPoint: Double
        public var orderQuantity: Double
        /// The exact expected cost per unit time of (r, Q) (`cost`), whichever heuristic chose them.
        public var expectedCost: Double
    }

    /// Lead-time demand: normal with μ = λL, σ = τ√L.
    public var leadTimeDemand: NormalDistribution {
        NormalDistribution(mean: demandRate * leadTime, sd: demandSD * leadTime.squareRoot())
    }

    private var h: Double { holdingCost }
    private var p: Double { stockoutCost }

    // MARK: - Cost

    /// g(r, Q) = (Kλ + ∫_r^{r+Q} g(y) dy) / Q, with g the newsvendor cost of lead-time demand.
    /// The integral in closed form: h·[(y − μ)²/2] + (h + p)·(n²(r) − n²(r + Q)).
    public func cost(reorderPoint r: Double, orderQuantity q: Double) -> Double {
        let demand = leadTimeDemand
        let upper = r + q
        let holding = h * ((upper - demand.mean) * (upper - demand.mean) - (r - demand.mean) * (r - demand.mean)) / 2
        let shortage = (h + p) * (demand.secondLoss(r) - demand.secondLoss(upper))
        return (fixedCost * demandRate + holding + shortage) / q
    }

    /// The r that minimises g(r, Q) for a given Q: the root of g(r) = g(r + Q), by bisection.
    public func optimalReorderPoint(orderQuantity q: Double) -> Double {
        let demand = leadTimeDemand
        func g(_ y: Double) -> Double { Newsvendor.normalCost(y, holdingCost: h, stockoutCost: p, demand: demand) }
        let newsvendorLevel = demand.quantile(p / (p + h))
        var low = newsvendorLevel - 5 * q
        var high = newsvendorLevel
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if g(middle) < g(middle + q) { high = middle } else { low = middle }
            if high - low <= 1e-12 * max(1, abs(middle)) { break }
        }
        return (low + high) / 2
    }

    // MARK: - Heuristics

    /// EOQ plus safety stock: Q = EOQ, r = the newsvendor level of lead-time demand.
    public func eoqPlusSafetyStock() -> Solution {
        let q = EconomicOrderQuantity.solve(fixedCost: fixedCost, holdingCost: h, demandRate: demandRate).orderQuantity
        let r = leadTimeDemand.quantile(p / (p + h))
        return Solution(reorderPoint: r, orderQuantity: q, expectedCost: cost(reorderPoint: r, orderQuantity: q))
    }

    /// EOQ with backorders: Q = EOQB, r = the optimal r for that Q.
    public func eoqWithBackorders() -> Solution {
        let q = EconomicOrderQuantity.solveWithBackorders(
            fixedCost: fixedCost, holdingCost: h, stockoutCost: p, demandRate: demandRate
        ).orderQuantity
        let r = optimalReorderPoint(orderQuantity: q)
        return Solution(reorderPoint: r, orderQuantity: q, expectedCost: cost(reorderPoint: r, orderQuantity: q))
    }

    /// Expected inventory level (Hadley & Whitin): iterate r = F⁻¹(1 − Qh/(pλ)) and
    /// Q = √(2λ(K + p·n(r))/h) from Q = EOQ until both move less than `tolerance`.
    public func expectedInventoryLevel(tolerance: Double = 1e-6) -> Solution {
        let demand = leadTimeDemand
        var q = EconomicOrderQuantity.solve(fixedCost: fixedCost, holdingCost: h, demandRate: demandRate).orderQuantity
        var r = 0.0
        for _ in 0..<10_000 {
            let (previousQ, previousR) = (q, r)
            let probability = min(max(1 - q * h / (p * demandRate), 1e-300), 1)
            r = demand.quantile(probability)
            q = (2 * demandRate * (fixedCost + p * demand.loss(r)) / h).squareRoot()
            if abs(q - previousQ) <= tolerance && abs(r - previousR) <= tolerance { break }
        }
        return Solution(reorderPoint: r, orderQuantity: q, expectedCost: cost(reorderPoint: r, orderQuantity: q))
    }

    /// Loss-function approximation (Hadley & Whitin): iterate n(r) = hQ/(h + p) and
    /// Q = √(2(Kλ + (h + p)·n²(r))/h) from Q = EOQ until both move less than `tolerance`.
    public func lossFunction(tolerance: Double = 1e-6) -> Solution {
        let demand = leadTimeDemand
        var q = EconomicOrderQuantity.solve(fixedCost: fixedCost, holdingCost: h, demandRate: demandRate).orderQuantity
        var r = 0.0
        for _ in 0..<10_000 {
            let (previousQ, previousR) = (q, r)
            r = Self.solveLoss(demand, equals: h * q / (h + p))
            q = (2 * (fixedCost * demandRate + (h + p) * demand.secondLoss(r)) / h).squareRoot()
            if abs(q - previousQ) <= tolerance && abs(r - previousR) <= tolerance { break }
        }
        return Solution(reorderPoint: r, orderQuantity: q, expectedCost: cost(reorderPoint: r, orderQuantity: q))
    }

    /// The x with n(x) = target (n falls from +∞ to 0, so bisection finds the one root).
    static func solveLoss(_ demand: NormalDistribution, equals target: Double) -> Double {
        var low = demand.mean - target - 10 * demand.sd - 1
        var high = demand.mean + 40 * demand.sd + 1
        for _ in 0..<300 {
            let middle = (low + high) / 2
            if demand.loss(middle) > target { low = middle } else { high = middle }
            if high - low <= 1e-13 * max(1, abs(middle)) { break }
        }
        return (low + high) / 2
    }

    // MARK: - Poisson demand

    /// g(r, Q) = (Kλ + Σ_{y=r+1}^{r+Q} g(y)) / Q with Poisson lead-time demand of mean λL.
    public func poissonCost(reorderPoint r: Int, orderQuantity q: Int) -> Double {
        let demand = PoissonDistribution(mean: demandRate * leadTime)
        var total = fixedCost * demandRate
        for y in (r + 1)...(r + q) {
            total += Newsvendor.poissonCost(y, holdingCost: h, stockoutCost: p, demand: demand)
        }
        return total / Double(q)
    }

    /// Federgruen & Zheng's exact algorithm for Poisson demand: raise Q one unit at a time,
    /// moving r down when g(r) < g(r + Q + 1), until the cost rises.
    public func poissonExact() -> (reorderPoint: Int, orderQuantity: Int, expectedCost: Double) {
        let demand = PoissonDistribution(mean: demandRate * leadTime)
        func g(_ y: Int) -> Double { Newsvendor.poissonCost(y, holdingCost: h, stockoutCost: p, demand: demand) }
        let levelStar = demand.quantile(p / (p + h))
        var q = 1
        var r = levelStar - 1
        var current = poissonCost(reorderPoint: r, orderQuantity: q)
        while q < 1_000_000 {
            let next = g(r) < g(r + q + 1) ? r - 1 : r
            let nextCost = poissonCost(reorderPoint: next, orderQuantity: q + 1)
            if nextCost > current { break }
            r = next
            q += 1
            current = nextCost
        }
        return (r, q, current)
    }
}
