/// The planner over a whole store: each SKU's input as every caller builds it, and the
/// calibration sample, so `reorder`, `briefing` and the console's forecasts agree.
extension ReplenishmentPlanner {
    /// The planner's input for one SKU of `state`: its history ending yesterday, its lead time,
    /// and what is on purchase orders not yet sent.
    public func input(_ pool: SKUPool, state: StockState, history: ReplenishmentHistory, today: Int) -> Input {
        history.input(
            for: pool, today: today, days: settings.historyDays, leadTimeDays: leadTime(for: pool.sku),
            onOrder: state.purchasing.onOrder(pool.sku.code), bundles: state.bundles)
    }

    /// The SKUs a replenishment pass plans for, in code order (optionally one supplier's): every
    /// SKU but bundles — a bundle is never reordered; its components are, with its demand in
    /// theirs. `reorder`, the briefing, the console's forecasts and the demo's drafts all plan
    /// these and no others.
    public static func plannedPools(_ state: StockState, supplier: String? = nil) -> [SKUPool] {
        state.skuCodes.compactMap { code in
            guard let pool = state.pools[code], isPlanned(code, in: state) else { return nil }
            return supplier == nil || pool.sku.supplier == supplier ? pool : nil
        }
    }

    /// Whether the pass plans `code` (see `plannedPools`).
    public static func isPlanned(_ code: SKUCode, in state: StockState) -> Bool {
        state.pools[code] != nil && !state.bundles.isBundle(code)
    }

    /// One SKU's recommendation, from its input as every caller builds it.
    public func recommend(_ pool: SKUPool, state: StockState, history: ReplenishmentHistory, today: Int)
        -> Recommendation
    {
        recommend(input(pool, state: state, history: history, today: today))
    }

    /// The SKUs a calibration backtests: an evenly spaced sample of the catalogue in code order
    /// (`ForecastCalibration.sample`), the same whichever verb, or the console, asks.
    public static func calibrationSample(_ state: StockState) -> [SKUPool] {
        let codes = state.skuCodes
        return ForecastCalibration.sample(count: codes.count).compactMap { state.pools[codes[$0]] }
    }

    /// This planner calibrated on the store's own sample, on one thread (the console's loader;
    /// the CLI spreads the same sample over its cores with `calibrationScores(for:)`).
    public func calibrated(state: StockState, history: ReplenishmentHistory, today: Int) -> ReplenishmentPlanner {
        let sample = Self.calibrationSample(state)
        let origins = ForecastCalibration.origins(sampleSize: sample.count)
        return calibrated(
            scores: .joined(
                sample.map {
                    calibrationScores(for: input($0, state: state, history: history, today: today), origins: origins)
                }))
    }
}
