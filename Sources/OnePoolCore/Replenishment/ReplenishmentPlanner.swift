/// Per-SKU replenishment from the demand forecast: a periodic-review (R, s, S) policy.
///
/// At each review (every R days) the buyer looks at the inventory position; an order placed now
/// arrives after the lead time L, and the next chance to order comes R days later, so the
/// position must cover demand over the protection period L + R:
/// - reorder point s = the calibrated quantile, at the cycle service level, of demand over L plus
///   the undershoot below s at the review that orders (`ReorderPolicy`); S = s + 1;
/// - safety stock = s − the expected demand over L and undershoot;
/// - order = 0 while position > s, else S − position rounded up to whole case packs and to
///   at least the MOQ.
/// No forecastable demand (no history, every day censored, demand stopped): the stated rule is
/// s = 0 and S = the MOQ in whole case packs, so an order is recommended only when nothing is
/// in stock or on order, and no money is at risk.
public struct ReplenishmentPlanner: Sendable {
    public var settings: ReplenishmentSettings
    /// How forecast quantile levels are adjusted to cover what they say (`calibrated(for:)`).
    public var calibration: ForecastCalibration
    /// How the reorder point's level is adjusted so the policy's own cycles meet the service level
    /// (`ReorderCalibration`); where a class has too few scores, `calibration`'s level is used.
    public var reorderCalibration: ForecastCalibration

    public init(
        settings: ReplenishmentSettings = .standard, calibration: ForecastCalibration = .identity,
        reorderCalibration: ForecastCalibration = .identity
    ) {
        self.settings = settings
        self.calibration = calibration
        self.reorderCalibration = reorderCalibration
    }

    /// This planner with its quantile levels calibrated on the catalogue's own backtests: each
    /// SKU of an evenly spaced sample of at most `ForecastCalibration.sampleLimit` is forecast
    /// from `ForecastCalibration.origins(sampleSize:)` earlier origins and scored.
    public func calibrated(for inputs: [Input]) -> ReplenishmentPlanner {
        let sample = ForecastCalibration.sample(count: inputs.count)
        let origins = ForecastCalibration.origins(sampleSize: sample.count)
        return calibrated(
            scores: .joined(sample.map { calibrationScores(for: inputs[$0], origins: origins) }))
    }

    /// The calibration scores of one SKU (for callers that spread the sample over threads): its
    /// forecasts' totals and its reorder point's cycles, from the same `origins` earlier origins
    /// (`ForecastCalibration.origins(sampleSize:)` for the sample it is one of), and the same weeks
    /// a year earlier as the `serving` days the levels will be used for (nil: the SKU's horizon,
    /// as for an order placed today; `ForecastSelector.calibrationForecasts`).
    public func calibrationScores(
        for input: Input, origins: Int = ForecastCalibration.originsPerSeries, serving: Int? = nil
    ) -> CalibrationScores {
        let history = window(input)
        let forecasts = selector(for: input.sku).calibrationForecasts(history, count: origins, serving: serving)
        // What was wanted each day, a day out of stock counted at what it probably wanted (its
        // recorded sales would make past cycles look easier than they were).
        let realized = PartialDays.wanted(
            input.demand.map(Double.init), censored: input.censored, season: settings.season)
        return CalibrationScores(
            forecast: forecasts.map(\.calibrationScore),
            reorder: reorderScores(sku: input.sku, demand: realized, forecasts: forecasts))
    }

    /// `ReorderCalibration`'s scores of the cycles after each forecast's origin in `demand`.
    public func reorderScores(sku: SKU, demand: [Double], forecasts: [CalibrationForecast])
        -> [(demandClass: DemandClass, score: Double, weight: Double)]
    {
        var scores: [(demandClass: DemandClass, score: Double, weight: Double)] = []
        for item in forecasts where item.forecast.expected.count == horizon(for: sku) {
            guard item.forecast.expected.reduce(0, +) > 0 else { continue }
            let split = demandSplit(sku: sku, forecast: item.forecast)
            let model = ReorderPolicy.Model(
                lead: split.lead, review: split.review, casePack: sku.casePack, minimum: sku.minimumOrderQuantity)
            let weight = 1 / Double(max(1, ReorderCalibration.offsetsTried(model)))
            for score in ReorderCalibration.scores(
                demand: demand, origin: item.origin, lead: leadTime(for: sku), review: settings.reviewPeriodDays,
                model: model)
            {
                scores.append((item.forecast.demandClass, score, weight))
            }
        }
        return scores
    }

    public func calibrated(scores: CalibrationScores) -> ReplenishmentPlanner {
        ReplenishmentPlanner(
            settings: settings, calibration: ForecastCalibration(scores: scores.forecast),
            reorderCalibration: ForecastCalibration(weighted: scores.reorder))
    }

    /// What the planner needs of one SKU.
    public struct Input: Sendable {
        public var sku: SKU
        public var stock: StockLevel
        /// Units demanded per day, oldest first, ending yesterday.
        public var demand: [Int]
        /// One flag per day of `demand`: true where the SKU was out of stock or the store closed.
        public var censored: [Bool]
        /// How many of the censored days are censored only because the store was closed
        /// (`ReplenishmentHistory.closedDays`); the rest were out of stock.
        public var closedDays: Int
        public var arrivals: [Arrival]
        /// Units on purchase orders drafted or approved but not yet sent (not yet incoming):
        /// counted in the position so the same need is never drafted twice.
        public var onOrder: Int

        public init(
            sku: SKU, stock: StockLevel, demand: [Int], censored: [Bool]? = nil, closedDays: Int = 0,
            arrivals: [Arrival] = [], onOrder: Int = 0
        ) {
            self.closedDays = closedDays
            self.onOrder = onOrder
            self.sku = sku
            self.stock = stock
            self.demand = demand
            self.censored = censored ?? Array(repeating: false, count: demand.count)
            self.arrivals = arrivals
        }
    }

    public func leadTime(for sku: SKU) -> Int { max(0, sku.leadTimeDays ?? settings.defaultLeadTimeDays) }

    /// Days forecast: lead time + review period.
    public func horizon(for sku: SKU) -> Int { leadTime(for: sku) + settings.reviewPeriodDays }

    /// The forecast of daily demand over lead time + review, chosen by backtest.
    public func forecast(_ input: Input) -> DemandForecast {
        selector(for: input.sku).forecast(window(input))
    }

    /// The forecaster for a SKU: its horizon, the weekly season, a year of 364 days.
    public func selector(for sku: SKU) -> ForecastSelector {
        ForecastSelector(horizon: horizon(for: sku), season: settings.season, year: 364, calibration: calibration)
    }

    /// The history as the forecaster sees it: out-of-stock days censored, but a day that ran out
    /// part-way counts as the demand it probably had (`PartialDays`), not as missing.
    func window(_ input: Input) -> DemandWindow {
        PartialDays.window(input.demand.map(Double.init), censored: input.censored, season: settings.season)
    }

    public func recommend(_ input: Input) -> Recommendation { recommend(input, forecast: forecast(input)) }

    public func recommend(_ input: Input, forecast: DemandForecast) -> Recommendation {
        let sku = input.sku
        let lead = leadTime(for: sku)
        let review = settings.reviewPeriodDays
        let horizon = lead + review
        let level = settings.cycleServiceLevel
        let stock = input.stock
        let incoming = input.arrivals.reduce(0) { $0 + $1.quantity }
        let position = stock.onHand - stock.committed - stock.held - stock.unsellable + incoming + input.onOrder
        let expected = forecast.expected.count == horizon ? forecast.expected : Array(repeating: 0, count: horizon)
        let protection = expected.reduce(0, +)
        let daily = protection / Double(horizon)
        let hasDemand = protection > 0

        var explanation = Explanation()
        explanation.inputs = [
            .init("lead time", "\(lead) d", sku.leadTimeDays == nil ? "default (the SKU has none)" : "the SKU's"),
            .init("review period", "\(review) d", "every \(review) days"),
            .init("cycle service level", "\(Text.fixed(level * 100, 1))%", "chance an order cycle has no stockout"),
            .init("on hand", "\(stock.onHand)", "pool"),
            .init("committed", "\(stock.committed)", "open order lines"),
            .init("held", "\(stock.held)", "pool"),
            .init("unsellable", "\(stock.unsellable)", "pool"),
            .init(
                "incoming", "\(incoming)",
                input.arrivals.isEmpty
                    ? "nothing on order"
                    : input.arrivals.map { "\($0.quantity) in \($0.inDays) d" }.joined(separator: ", ")),
            .init("available", "\(stock.available)", "on hand − committed − held − unsellable − safety"),
            .init("case pack", "\(sku.casePack)", "supplier"), .init("MOQ", "\(sku.minimumOrderQuantity)", "supplier"),
            .init("unit cost", "\(sku.unitCost)", "catalogue"), .init("price", "\(sku.price)", "catalogue"),
            .init(
                "history", "\(input.demand.count) d",
                "\(input.censored.filter { $0 }.count - input.closedDays) censored (out of stock)"),
        ]
        // Only where there are any: a store that never shut reads as before.
        if input.closedDays > 0 {
            explanation.inputs.append(
                .init(
                    "store closed", "\(input.closedDays) d",
                    "censored: the whole store sold nothing although it normally sells a lot (inferred)"))
        }

        var steps: [Explanation.Line] = []
        steps.append(
            .init(
                "position", "\(position)",
                "on hand − committed − held − unsellable + incoming + on open POs = \(stock.onHand) − \(stock.committed) − \(stock.held) − \(stock.unsellable) + \(incoming) + \(input.onOrder)"
            ))
        let methodText =
            forecast.methods.isEmpty ? "none" : forecast.methods.map(String.init(describing:)).joined(separator: " + ")
        var fallback = forecast.fallback
        let policy = hasDemand ? policyLevels(sku: sku, forecast: forecast) : nil
        let levels = Self.levels(sku: sku, policy: policy)
        let reorderPoint = levels.reorderPoint
        let orderUpTo = levels.orderUpTo
        let safety = policy.map { Double($0.reorderPoint) - $0.meanExposure } ?? Double(orderUpTo) - protection
        if hasDemand, let policy {
            let split = demandSplit(sku: sku, forecast: forecast)
            steps.append(
                .init(
                    "daily forecast", Text.fixed(daily, 2),
                    "mean of \(methodText) over the next \(horizon) d (\(Text.fixed(protection, 1)) in total)"))
            steps.append(
                .init(
                    "reorder point s", "\(reorderPoint)",
                    "\(Text.fixed(level * 100, 1))% quantile (\(Text.fixed(policy.level * 100, 2))% after calibration "
                        + "for \(forecast.demandClass) demand) of demand over L = \(lead) d (negative binomial, mean "
                        + "\(Text.fixed(split.lead.mean, 1)), sd \(Text.fixed(split.lead.variance.squareRoot(), 1))) "
                        + "+ the undershoot below s at the review that orders (one review's demand, mean "
                        + "\(Text.fixed(split.review.mean, 1)), less the position's spread of \(policy.spread) units "
                        + "above s)"
                        + (policy.heldFrom.map {
                            ", held down from \($0) to the most sold in any \(horizon) d of the history"
                        } ?? "")))
            steps.append(
                .init(
                    "order-up-to S", "\(orderUpTo)",
                    "s + 1: order at a review when the position is at or below s, the smallest order "
                        + "in whole cases and at least the MOQ that lifts it above s"))
            steps.append(
                .init(
                    "safety stock", Text.fixed(safety, 1),
                    "s − expected demand over L and undershoot = \(reorderPoint) − "
                        + Text.fixed(policy.meanExposure, 1)))
        } else {
            fallback = fallback ?? "no forecastable demand"
            steps.append(
                .init(
                    "reorder point s", "0",
                    "fallback (\(fallback ?? "")): order only when nothing is in stock or on order"))
            steps.append(
                .init(
                    "order-up-to S", "\(orderUpTo)",
                    "fallback: one minimum order (MOQ \(sku.minimumOrderQuantity) in cases of \(sku.casePack))"))
        }

        var quantity = 0
        if position <= reorderPoint {
            let raw = max(1, orderUpTo - position)
            quantity = Self.roundedOrder(raw, casePack: sku.casePack, minimum: sku.minimumOrderQuantity)
            steps.append(
                .init(
                    "order", "\(quantity)",
                    "position \(position) ≤ s \(reorderPoint): S − position = \(raw), up to whole cases of \(sku.casePack), at least MOQ \(sku.minimumOrderQuantity)"
                ))
        } else {
            steps.append(.init("order", "0", "position \(position) > s \(reorderPoint)"))
        }

        // Days to stockout: available plus arrivals on their day, against the daily forecast.
        let lookAhead = 730
        let path = Self.dailyPath(expected, season: settings.season, days: lookAhead)
        let stockout =
            hasDemand ? Self.daysToStockout(available: stock.available, arrivals: input.arrivals, daily: path) : nil
        steps.append(
            .init(
                "days to stockout", stockout.map { Text.fixed($0, 1) } ?? "—",
                hasDemand
                    ? "first day available \(stock.available) + arrivals on their day < cumulative daily forecast (look-ahead \(lookAhead) d)"
                    : "no demand forecast"))

        // Overstock: days of cover above the threshold, cash tied up at unit cost.
        let cover = Recommendation.daysOfCover(position: position, dailyForecast: daily)
        let allowed = daily > 0 ? Int(clampingDouble: (daily * Double(settings.overstockDays)).rounded(.up)) : 0
        let overstock = max(0, position - allowed)
        let overstockCash = Self.money(Double(sku.unitCost.cents) * Double(overstock) / 100)
        steps.append(
            .init(
                "days of cover", cover.map { Text.fixed($0, 1) } ?? "∞",
                daily > 0 ? "position / daily forecast = \(position) / \(Text.fixed(daily, 2))" : "no demand forecast"))
        steps.append(
            .init(
                "overstock", "\(overstock) (\(overstockCash))",
                "position − ⌈\(settings.overstockDays) d × daily forecast⌉ = \(position) − \(allowed), at unit cost \(sku.unitCost)"
            ))

        // Money at risk: demand over the lead time beyond what is there before a new order can arrive.
        var lost = 0.0
        if hasDemand && lead > 0 {
            let leadMean = expected.prefix(lead).reduce(0, +)
            let leadDemand = HorizonDistribution(
                mean: leadMean, variance: forecast.total.variance * leadMean / max(protection, 1e-9))
            let arriving = input.arrivals.filter { $0.inDays < lead }.reduce(0) { $0 + $1.quantity }
            let cover = Double(max(0, stock.available) + arriving)
            lost = leadDemand.expectedExcess(over: cover)
            steps.append(
                .init(
                    "expected lost units", Text.fixed(lost, 2),
                    "E[(demand over L − cover)⁺], demand over \(lead) d negative binomial mean \(Text.fixed(leadMean, 1)) var \(Text.fixed(leadDemand.variance, 1)), cover = max(0, available) + arrivals within L = \(Int(cover))"
                ))
        }
        let atRisk = Self.money(lost * Double(sku.price.cents) / 100)
        steps.append(
            .init("money at risk", "\(atRisk)", "expected lost units × price = \(Text.fixed(lost, 2)) × \(sku.price)"))
        explanation.steps = steps

        return Recommendation(
            sku: sku.code, title: sku.title, supplier: sku.supplier, leadTimeDays: lead, reviewPeriodDays: review,
            cycleServiceLevel: level, dailyForecast: daily, protectionDemand: protection, methods: forecast.methods,
            fallback: fallback, safetyStock: safety, reorderPoint: reorderPoint, orderUpTo: orderUpTo,
            position: position,
            orderQuantity: quantity, daysToStockout: stockout, daysOfCover: cover, overstockUnits: overstock,
            overstockCash: overstockCash, expectedLostUnits: lost, moneyAtRisk: atRisk,
            orderCost: sku.unitCost * quantity, explanation: explanation)
    }

    /// The reorder point s and order-up-to level S for a forecast over lead time + review
    /// (`ReorderPolicy`; the fallback s = 0, S = one minimum order when the forecast is zero).
    public func levels(sku: SKU, forecast: DemandForecast) -> (reorderPoint: Int, orderUpTo: Int) {
        Self.levels(sku: sku, policy: policyLevels(sku: sku, forecast: forecast))
    }

    static func levels(sku: SKU, policy: ReorderPolicy.Levels?) -> (reorderPoint: Int, orderUpTo: Int) {
        guard let policy else {
            return (0, ReorderPolicy.roundedOrder(1, casePack: sku.casePack, minimum: sku.minimumOrderQuantity))
        }
        return (policy.reorderPoint, policy.orderUpTo)
    }

    /// `ReorderPolicy` on the forecast; nil when nothing is forecast.
    func policyLevels(sku: SKU, forecast: DemandForecast) -> ReorderPolicy.Levels? {
        let horizon = self.horizon(for: sku)
        let protection = forecast.expected.count == horizon ? forecast.expected.reduce(0, +) : 0
        guard protection > 0 else { return nil }
        let split = demandSplit(sku: sku, forecast: forecast)
        return ReorderPolicy.levels(
            serviceLevel: settings.cycleServiceLevel, lead: split.lead, review: split.review, casePack: sku.casePack,
            minimum: sku.minimumOrderQuantity, ceiling: forecast.largestTotal
        ) { target in
            reorderCalibration.scoreCount(forecast.demandClass) >= ForecastCalibration.minimumScores
                ? reorderCalibration.level(target, for: forecast.demandClass) : forecast.calibratedLevel(target)
        }
    }

    /// The horizon total's distribution split into the lead time and the review period after it,
    /// mean and variance in proportion to the expected path (negative binomials with the same
    /// variance-to-mean ratio add up to the total again).
    func demandSplit(sku: SKU, forecast: DemandForecast) -> (lead: HorizonDistribution, review: HorizonDistribution) {
        let protection = forecast.expected.reduce(0, +)
        let share = protection > 0 ? forecast.expected.prefix(leadTime(for: sku)).reduce(0, +) / protection : 0
        let total = forecast.total
        return (
            HorizonDistribution(mean: total.mean * share, variance: total.variance * share),
            HorizonDistribution(mean: total.mean * (1 - share), variance: total.variance * (1 - share))
        )
    }

    /// `raw` units (≥ 1) up to whole case packs, and at least the MOQ (itself in whole cases).
    public static func roundedOrder(_ raw: Int, casePack: Int, minimum: Int) -> Int {
        ReorderPolicy.roundedOrder(raw, casePack: casePack, minimum: minimum)
    }

    /// Days until stock runs out: `available` plus each arrival at the start of its day, less
    /// `daily[d]` on day d (day 0 is today). Fractional within the day it runs out; 0 when
    /// nothing is available now; nil when it lasts past the path.
    public static func daysToStockout(available: Int, arrivals: [Arrival], daily: [Double]) -> Double? {
        var left = Double(available)
        if left <= 0 { return 0 }
        var arriving: [Int: Int] = [:]
        for arrival in arrivals { arriving[max(0, arrival.inDays), default: 0] += arrival.quantity }
        for (day, demand) in daily.enumerated() {
            left += Double(arriving[day] ?? 0)
            if demand > 0 && left < demand { return Double(day) + max(0, left) / demand }
            left -= demand
        }
        return nil
    }

    /// The forecast path extended to `days`: after the horizon, its last season repeats.
    public static func dailyPath(_ expected: [Double], season: Int, days: Int) -> [Double] {
        guard !expected.isEmpty else { return Array(repeating: 0, count: days) }
        let period = min(max(1, season), expected.count)
        let tail = Array(expected.suffix(period))
        return (0..<days).map { $0 < expected.count ? expected[$0] : tail[($0 - expected.count) % period] }
    }

    static func money(_ amount: Double) -> Money { Money(approximateCents: amount * 100) }
}

/// Numbers as text without Foundation.
enum Text {
    /// `value` rounded to `places` decimals: "12.35", "-0.5", "7" — as `NumberText` writes every number.
    static func fixed(_ value: Double, _ places: Int) -> String { NumberText.fixed(value, places: places) }
}
