import OnePoolCore

/// What the console shows of one SKU's forecast and replenishment: enough for a stockout alert
/// and the detail chart, without keeping the whole recommendation.
public struct ForecastSummary: Sendable, Equatable {
    public var leadTimeDays: Int
    /// Expected units per day over lead time + review.
    public var daily: [Double]
    /// The same, scaled up to the 95% quantile of the period's total: the band's upper edge.
    public var dailyHigh: [Double]
    public var reorderPoint: Int
    public var orderUpTo: Int
    public var position: Int
    /// The planner's expected demand per day over lead time + review (what days of cover divide by).
    public var dailyForecast: Double
    public var orderQuantity: Int
    public var daysToStockout: Double?
    public var expectedLostUnits: Double
    public var moneyAtRisk: Money
    public var method: String
    /// What the briefing's money rule needs of this forecast (the CLI builds the same from the
    /// same recommendation, so both price an item alike).
    public var outlook: SKUOutlook

    public init(_ recommendation: Recommendation, forecast: DemandForecast) {
        outlook = SKUOutlook(recommendation)
        leadTimeDays = recommendation.leadTimeDays
        daily = forecast.expected
        let mean = forecast.total.mean
        let ratio = mean > 0 ? max(1, forecast.quantile(0.95) / mean) : 1
        dailyHigh = forecast.expected.map { $0 * ratio }
        reorderPoint = recommendation.reorderPoint
        orderUpTo = recommendation.orderUpTo
        position = recommendation.position
        dailyForecast = recommendation.dailyForecast
        orderQuantity = recommendation.orderQuantity
        daysToStockout = recommendation.daysToStockout
        expectedLostUnits = recommendation.expectedLostUnits
        moneyAtRisk = recommendation.moneyAtRisk
        method =
            recommendation.methods.isEmpty
            ? (recommendation.fallback ?? "none")
            : recommendation.methods.map(String.init(describing:)).joined(separator: " + ")
    }

    /// Runs out before the earliest possible delivery: Core's one definition (`SKUOutlook`).
    public var runsOutBeforeDelivery: Bool { outlook.runsOutBeforeDelivery }

    /// Forecasts for a whole catalogue, with the briefing items that need them. `progress` is
    /// called every 256 SKUs with how many are done.
    public static func compute(
        state: StockState, history: ReplenishmentHistory, today: Int,
        planner: ReplenishmentPlanner = ReplenishmentPlanner(),
        progress: (Int) -> Void = { _ in }
    ) -> (summaries: [SKUCode: ForecastSummary], briefing: [BriefingItem]) {
        var catalogue = CatalogueForecast(planner: planner)
        catalogue.compute(state: state, history: history, today: today, progress: progress)
        return (catalogue.summaries, catalogue.briefingItems(state: state))
    }
}

/// The forecasts of a whole catalogue, kept so that the SKUs the journal touches can be
/// forecast again on their own (the console's forecast items follow the store's changes).
public struct CatalogueForecast: Sendable {
    public private(set) var summaries: [SKUCode: ForecastSummary] = [:]
    private var recommendations: [SKUCode: Recommendation] = [:]
    private var recentSales: [SKUCode: Int] = [:]
    let planner: ReplenishmentPlanner

    public init(planner: ReplenishmentPlanner = ReplenishmentPlanner()) {
        self.planner = planner
    }

    /// Forecasts every SKU; stops early (with what it has) when `stop` says so.
    public mutating func compute(
        state: StockState, history: ReplenishmentHistory, today: Int, progress: (Int) -> Void = { _ in },
        stop: () -> Bool = { false }
    ) {
        summaries.reserveCapacity(state.pools.count)
        recommendations.reserveCapacity(state.pools.count)
        var done = 0
        for pool in ReplenishmentPlanner.plannedPools(state) {
            forecast(pool.sku.code, state: state, history: history, today: today)
            done += 1
            if done % 256 == 0 {
                progress(done)
                if stop() { return }
            }
        }
    }

    /// Forecasts these SKUs again (after the journal touched them); returns their summaries.
    public mutating func update(
        _ codes: some Sequence<SKUCode>, state: StockState, history: ReplenishmentHistory, today: Int
    )
        -> [SKUCode: ForecastSummary]
    {
        var changed: [SKUCode: ForecastSummary] = [:]
        for code in codes {
            forecast(code, state: state, history: history, today: today)
            if let summary = summaries[code] { changed[code] = summary }
        }
        return changed
    }

    private mutating func forecast(_ code: SKUCode, state: StockState, history: ReplenishmentHistory, today: Int) {
        guard let pool = state.pools[code], ReplenishmentPlanner.isPlanned(code, in: state) else { return }
        let input = planner.input(pool, state: state, history: history, today: today)
        let forecast = planner.forecast(input)
        var recommendation = planner.recommend(input, forecast: forecast)
        summaries[code] = ForecastSummary(recommendation, forecast: forecast)
        // Kept for the briefing items, which never read the explanation: its text for every SKU
        // of a large catalogue would be most of the console's memory.
        recommendation.explanation = Explanation()
        recommendations[code] = recommendation
        recentSales[code] = Briefing.recentSales(code, history: history.demand, today: today)
    }

    /// The briefing items that need forecasts, over the whole catalogue (in SKU order).
    public func briefingItems(state: StockState) -> [BriefingItem] {
        let ordered = recommendations.keys.sorted().compactMap { recommendations[$0] }
        return Briefing.forecastItems(state: state, recommendations: ordered, recentSales: recentSales)
    }
}

/// Forecast-based stockout alerts: SKUs that will run out before the earliest delivery, priced
/// as the briefing's stockout item is (`ProfitRule.stockout`), with days to stockout.
public struct StockoutForecastAlerts: AlertSource {
    public init() {}

    public func alert(row index: Int, in data: ConsoleData) -> StockAlert? {
        let row = data.rows[index]
        guard !data.forecasts.isEmpty, row.condition == .normal, let summary = data.forecasts[row.code],
            summary.runsOutBeforeDelivery,
            let days = summary.daysToStockout
        else { return nil }
        let lost = Int(clampingDouble: summary.expectedLostUnits.rounded())
        return StockAlert(
            kind: .stockout, sku: row.code, title: row.title, units: max(1, lost),
            money: ProfitRule(data.settings).stockout(sku: row.sku, outlook: summary.outlook).money,
            reason: "~\(lost) lost: out in \(Self.days(days)), delivery takes \(summary.leadTimeDays) d"
                + (summary.orderQuantity > 0 ? "; order \(summary.orderQuantity)" : ""))
    }

    static func days(_ value: Double) -> String {
        value < 1 ? "under a day" : "\(Int(clampingDouble: value.rounded(.down))) d"
    }
}
