/// A component's demand through bundles: each bundle sold is its components sold, so a
/// component's demand is its own sales plus Σ over the bundles using it of the bundle's sales ×
/// its quantity — with the recipes as they are now (the forecast is of what the bundles will
/// take from here on). A bundle's own series stays its own (it is shown, never reordered).
extension DemandHistory {
    /// Units of `code` demanded per day through bundles, over `days` days ending with `last`.
    public func bundleWindow(_ code: SKUCode, bundles: BundleBook, days: Int, endingOn last: Int) -> [Int] {
        var units = Array(repeating: 0, count: max(0, days))
        for bundle in bundles.bundles(using: code) {
            let quantity = bundles[bundle]?.quantity(of: code) ?? 0
            guard quantity > 0, series[bundle] != nil else { continue }
            for (index, sold) in window(bundle, days: days, endingOn: last).enumerated() {
                units[index] = Bounds.held(units[index] + sold.multipliedClamped(by: quantity))
            }
        }
        return units
    }

    /// A component's own daily units plus those through bundles (`bundleWindow`).
    public func windowWithBundles(_ code: SKUCode, bundles: BundleBook, days: Int, endingOn last: Int) -> [Int] {
        let own = window(code, days: days, endingOn: last)
        guard !bundles.bundles(using: code).isEmpty else { return own }
        let through = bundleWindow(code, bundles: bundles, days: days, endingOn: last)
        return zip(own, through).map { Bounds.held($0 + $1) }
    }
}
