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

    /// The SKUs a calibration backtests: an evenly spaced sample of the catalogue in code order
    /// (`ForecastCalibration.sample`), the same whichever verb, or the console, asks.
    public static func calibrationSample(_ state: StockState) -> [SKUPool] {
        let codes = state.skuCodes
        return ForecastCalibration.sample(count: codes.count).compactMap { state.pools[codes[$0]] }
    }

    /// This planner calibrated on the store's own sample, on one thread (the console's loader;
    /// the CLI spreads the same sample over its cores with `calibrationScores(for:)`).
    public func calibrated(state: StockState, history: ReplenishmentHistory, today: Int) -> ReplenishmentPlanner {
        calibrated(
            scores: Self.calibrationSample(state).flatMap {
                calibrationScores(for: input($0, state: state, history: history, today: today))
            })
    }
}
