/// The Alerts pane's money, on the briefing's scale (issue 18: the Alerts pane ranks by the same
/// money, from the same rule): an oversell and a forecast stockout are priced as their briefing
/// items are (`oversold`, `stockout`); a SKU out of stock or sold into its safety buffer by the
/// margin of the units it puts at stake.
extension ProfitRule {
    public static let unitsAtStakeRule = "units at stake × unit margin"

    /// Sales a SKU is expected to lose (out of stock: its recent sales over the days at risk;
    /// below safety: the units missing from the buffer), at its margin.
    public func unitsAtStake(sku: SKU, units: Int, why: String) -> ProfitEffect {
        let margin = margin(sku)
        let money = margin.money * max(0, units)
        return ProfitEffect(
            money: money, rule: Self.unitsAtStakeRule,
            inputs: [marginInput(sku, margin), BriefingLine("units at stake", "\(max(0, units))", why)],
            steps: [BriefingLine("money", "\(money)", "\(max(0, units)) × \(margin.money)")],
            usesDefaultMargin: margin.isDefault)
    }
}
