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
    /// The forecast items as last handed out, per SKU (`trackedBriefingItems`).
    private var tracker: BriefingItemsTracker?
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

    /// The same items as `briefingItems(state:)`, each SKU's part kept (`BriefingItemsTracker`)
    /// so that `briefingItemsChange(for:state:)` can redo only the SKUs news touched.
    public mutating func trackedBriefingItems(state: StockState) -> [BriefingItem] {
        var tracker = BriefingItemsTracker(settings: state.settings)
        for (code, recommendation) in recommendations {
            guard let pool = state.pools[code] else { continue }
            tracker.set(
                code,
                Briefing.forecastItems(
                    of: recommendation, sku: pool.sku, recentSold: recentSales[code], rule: tracker.rule))
        }
        tracker.settleOverstock()
        self.tracker = tracker
        return tracker.items
    }

    /// How the forecast items changed since `trackedBriefingItems` or the last call, when only
    /// the SKUs in `codes` can have changed theirs: their recommendation, catalogue entry or
    /// recent sales (`update(_:state:history:today:)` of the SKUs the journal touched). Each
    /// SKU's items are made by the one function `briefingItems(state:)` makes them with, and the
    /// overstock item again from every SKU's priced entry; new settings (the money rule) or no
    /// tracked items yet: every SKU. `BriefingItemsFollowTests` compares it with the whole list.
    public mutating func briefingItemsChange(for codes: some Sequence<SKUCode>, state: StockState)
        -> BriefingItemsChange
    {
        guard var tracker, tracker.settings == state.settings else {
            let old = tracker.map { BriefingItemsChange.byID($0.items) } ?? [:]
            return BriefingItemsChange(from: old, to: BriefingItemsChange.byID(trackedBriefingItems(state: state)))
        }
        self.tracker = nil  // not shared while it changes
        var change = BriefingItemsChange()
        for code in Set(codes) {
            var fresh: (items: [BriefingItem], overstock: ProfitRule.PricedOverstock?) = ([], nil)
            if let recommendation = recommendations[code], let pool = state.pools[code] {
                fresh = Briefing.forecastItems(
                    of: recommendation, sku: pool.sku, recentSold: recentSales[code], rule: tracker.rule)
            }
            let old = tracker.set(code, fresh)
            change.gone += old.filter { !fresh.items.contains($0) }
            change.come += fresh.items.filter { !old.contains($0) }
        }
        let oldOverstock = tracker.overstockItem
        tracker.settleOverstock()
        if tracker.overstockItem != oldOverstock {
            if let oldOverstock { change.gone.append(oldOverstock) }
            if let item = tracker.overstockItem { change.come.append(item) }
        }
        self.tracker = tracker
        return BriefingItemsChange(gone: Briefing.rank(change.gone), come: Briefing.rank(change.come))
    }
}

/// The forecast briefing items of a catalogue kept SKU by SKU (`CatalogueForecast`): each SKU's
/// own items, its priced overstock entry, and the one overstock item made from all of them.
struct BriefingItemsTracker: Sendable {
    let settings: StoreSettings
    let rule: ProfitRule
    private var bySKU: [SKUCode: [BriefingItem]] = [:]
    private var overstocked: [SKUCode: ProfitRule.PricedOverstock] = [:]
    private var overstockChanged = true
    private(set) var overstockItem: BriefingItem?

    init(settings: StoreSettings) {
        self.settings = settings
        rule = ProfitRule(settings)
    }

    /// Sets a SKU's part; returns its items before.
    @discardableResult
    mutating func set(
        _ code: SKUCode, _ part: (items: [BriefingItem], overstock: ProfitRule.PricedOverstock?)
    ) -> [BriefingItem] {
        if overstocked[code] != part.overstock {
            overstocked[code] = part.overstock
            overstockChanged = true
        }
        let old = bySKU[code] ?? []
        bySKU[code] = part.items.isEmpty ? nil : part.items
        return old
    }

    /// Makes the overstock item again if an entry changed since it was made.
    mutating func settleOverstock() {
        guard overstockChanged else { return }
        overstockItem = Briefing.overstockItem(Array(overstocked.values), rule: rule)
        overstockChanged = false
    }

    /// Every item (in no particular order).
    var items: [BriefingItem] {
        bySKU.values.flatMap { $0 } + (overstockItem.map { [$0] } ?? [])
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
