import Foundation

/// The economic order quantity: the lot size that balances ordering against holding cost.
///
/// Symbols as in Snyder & Shen ch. 3: K fixed cost per order, h holding cost per unit per year,
/// p backorder (stockout) cost per unit per year, λ demand per year. Costs exclude purchasing.
public enum EconomicOrderQuantity {
    public struct Solution: Sendable, Equatable {
        public var orderQuantity: Double
        /// Ordering plus holding (plus backorder) cost per year at `orderQuantity`.
        public var annualCost: Double
        /// The share of each cycle spent in backorder (0 without backorders).
        public var stockoutFraction: Double
    }

    /// Q* = √(2Kλ/h); cost √(2Kλh).
    public static func solve(fixedCost: Double, holdingCost: Double, demandRate: Double) -> Solution {
        let quantity = (2 * fixedCost * demandRate / holdingCost).squareRoot()
        return Solution(
            orderQuantity: quantity, annualCost: (2 * fixedCost * demandRate * holdingCost).squareRoot(),
            stockoutFraction: 0)
    }

    /// With planned backorders: Q* = √(2Kλ(h + p)/(hp)), x* = h/(h + p), cost √(2Kλhp/(h + p)).
    public static func solveWithBackorders(
        fixedCost: Double, holdingCost: Double, stockoutCost: Double, demandRate: Double
    ) -> Solution {
        let h = holdingCost
        let p = stockoutCost
        return Solution(
            orderQuantity: (2 * fixedCost * demandRate * (h + p) / (h * p)).squareRoot(),
            annualCost: (2 * fixedCost * demandRate * h * p / (h + p)).squareRoot(),
            stockoutFraction: h / (h + p))
    }
}
