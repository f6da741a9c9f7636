/// The briefing's money, written once: every kind of item is priced as its expected effect on
/// profit over the store's horizon (`StoreSettings.horizonDays`, 30 days unless set) if nothing is
/// done about it, so items of different kinds can be ranked against each other. Profit, not
/// revenue: a lost sale costs its margin (price − cost); cash tied up (overstock, a PO's spend) is
/// not a loss and is shown beside an item (`ProfitEffect.capital`), never as its rank.
///
/// Every function returns the money with the inputs and steps that produced it, for
/// `onepool briefing --explain`. The kinds that meet live sync and returns (`staleExposure`,
/// `returns`) are priced here too, so those items rank on the same scale when their facts arrive.
public struct ProfitRule: Sendable {
    public let settings: StoreSettings

    public init(_ settings: StoreSettings = .standard) { self.settings = settings }

    var horizon: Double { Double(settings.horizonDays) }

    // MARK: - Margin

    /// What one unit of `sku` earns: price − cost (never below zero); a SKU with no cost earns the
    /// store's default margin rate on its price, and says so.
    public func margin(_ sku: SKU) -> UnitMargin {
        guard sku.unitCost.cents > 0 else {
            return UnitMargin(
                money: Money(approximateCents: Double(sku.price.cents) * settings.defaultMarginRate), isDefault: true,
                source: .defaultMargin(price: sku.price, basisPoints: settings.defaultMarginBasisPoints))
        }
        return UnitMargin(
            money: max(.zero, sku.price - sku.unitCost), isDefault: false,
            source: .priceLessCost(price: sku.price, cost: sku.unitCost))
    }

    /// The unit cost, or for a SKU with none the price less its default margin.
    public func unitCost(_ sku: SKU) -> (money: Money, how: String) {
        if sku.unitCost.cents > 0 { return (sku.unitCost, "catalogue") }
        let margin = margin(sku)
        return (sku.price - margin.money, "no unit cost: price − default margin = \(sku.price) − \(margin.money)")
    }

    // MARK: - Stock

    public static let stockoutRule =
        "expected units lost before the earliest delivery (within the horizon) × unit margin"

    /// A stockout before delivery: the planner's expected lost units before an order placed today
    /// could arrive; when the lead time is longer than the horizon, no more than the demand
    /// between running out and the horizon's end.
    public func stockout(sku: SKU, outlook: SKUOutlook) -> ProfitEffect {
        let margin = margin(sku)
        let lead = outlook.leadTimeDays
        let runsOut = max(0, outlook.daysToStockout ?? 0)
        let lost = max(0, outlook.expectedLostUnits)
        var units = lost
        var how = "lead time \(lead) d ≤ horizon \(settings.horizonDays) d: every expected lost unit"
        if Double(lead) > horizon {
            let window = outlook.daily * max(0, horizon - runsOut)
            units = min(lost, window)
            how =
                "lead time \(lead) d > horizon: min(lost, daily × (horizon − days to stockout)) "
                + "= min(\(fixed(lost)), "
                + "\(fixed(outlook.daily)) × (\(settings.horizonDays) − \(fixed(runsOut, 1))))"
        }
        let money = amount(units, margin.money)
        return ProfitEffect(
            money: money, rule: Self.stockoutRule,
            inputs: [
                horizonInput, marginInput(sku, margin),
                BriefingLine("daily forecast", fixed(outlook.daily), "units a day over lead time + review"),
                BriefingLine("days to stockout", fixed(runsOut, 1), "available + arrivals against the forecast"),
                BriefingLine("lead time", "\(lead) d", "an order placed today arrives after it"),
                BriefingLine("expected lost units", fixed(lost), "E[(demand over the lead time − cover)⁺]"),
            ],
            steps: [
                BriefingLine("units lost in the horizon", fixed(units), how),
                BriefingLine("money", "\(money)", "\(fixed(units)) × \(margin.money)"),
            ],
            usesDefaultMargin: margin.isDefault)
    }

    public static let oversoldRule = "oversold units × unit margin + cancellation penalty × lines to cancel"

    /// An oversell: the units sold with no stock to ship will be cancelled (or sourced at a loss):
    /// their margin, plus the marketplace's penalty for each cancelled line.
    public func oversold(sku: SKU, units: Int, lines: Int) -> ProfitEffect {
        let margin = margin(sku)
        let lost = margin.money * units
        let penalty = settings.cancellationPenalty * lines
        let money = lost + penalty
        return ProfitEffect(
            money: money, rule: Self.oversoldRule,
            inputs: [
                marginInput(sku, margin), penaltyInput,
                BriefingLine("oversold units", "\(units)", "committed − (on hand − held − unsellable)"),
                BriefingLine(
                    "lines to cancel", "\(lines)", "the newest open lines of \(sku.code) that cover the units"),
            ],
            steps: [
                BriefingLine("margin lost", "\(lost)", "\(units) × \(margin.money)"),
                BriefingLine("penalties", "\(penalty)", "\(lines) × \(settings.cancellationPenalty)"),
                BriefingLine("money", "\(money)", "\(lost) + \(penalty)"),
            ],
            usesDefaultMargin: margin.isDefault)
    }

    public static let forecastMissRule = "|units sold in the last 7 days − the forecast of a week| × unit margin"

    /// A forecast miss: the margin of the gap between last week's sales and the forecast (not
    /// extrapolated: whether the change lasts is what the operator should look into).
    public func forecastMiss(sku: SKU, sold: Int, expected: Double) -> ProfitEffect {
        let margin = margin(sku)
        let gap = abs(Double(sold) - expected)
        let money = amount(gap, margin.money)
        return ProfitEffect(
            money: money, rule: Self.forecastMissRule,
            inputs: [
                marginInput(sku, margin), BriefingLine("sold", "\(sold)", "order lines of the last 7 days"),
                BriefingLine("forecast", fixed(expected), "daily forecast × 7"),
            ],
            steps: [
                BriefingLine("gap", fixed(gap), "|\(sold) − \(fixed(expected))|"),
                BriefingLine("money", "\(money)", "\(fixed(gap)) × \(margin.money)"),
            ],
            usesDefaultMargin: margin.isDefault)
    }

    /// Units returned by customers over a recent window, for `returns`.
    public struct ReturnedUnits: Hashable, Sendable {
        public var sku: SKU
        public var units: Int
        /// The channel the units were sold on and came back from (nil: not told).
        public var channel: ChannelName?

        public init(sku: SKU, units: Int, channel: ChannelName? = nil) {
            self.sku = sku
            self.units = units
            self.channel = channel
        }
    }

    /// The money of one entry of `returns`: its units at the window's rate over the horizon,
    /// at the SKU's unit margin. `returns` sums these; the briefing ranks SKUs and channels by them.
    public func returnPart(_ entry: ReturnedUnits, windowDays: Int) -> Money {
        amount(Double(entry.units) * horizon / Double(max(1, windowDays)), margin(entry.sku).money)
    }

    public static let returnsRule = "Σ SKUs: units returned in the last window × horizon / window × unit margin"

    /// Returns (the hook for the returns issue): the margin of the refunded sales, at the rate of
    /// the last `windowDays`, over the horizon.
    public func returns(_ entries: [ReturnedUnits], windowDays: Int) -> ProfitEffect {
        let window = Double(max(1, windowDays))
        var money = Money.zero
        var inputs = [horizonInput, BriefingLine("window", "\(max(1, windowDays)) d", "returns counted over it")]
        var steps: [BriefingLine] = []
        var usesDefault = false
        var priced: Set<SKUCode> = []
        for entry in entries.sorted(by: { ($0.sku.code, $0.channel ?? "") < ($1.sku.code, $1.channel ?? "") }) {
            let margin = margin(entry.sku)
            usesDefault = usesDefault || margin.isDefault
            let part = returnPart(entry, windowDays: windowDays)
            money += part
            if priced.insert(entry.sku.code).inserted { inputs.append(marginInput(entry.sku, margin)) }
            steps.append(
                BriefingLine(
                    entry.sku.code.rawValue + (entry.channel.map { " on \($0)" } ?? ""), "\(part)",
                    "\(entry.units) × \(settings.horizonDays) / \(fixed(window, 0)) × \(margin.money)"))
        }
        steps.append(BriefingLine("money", "\(money)", "sum"))
        return ProfitEffect(
            money: money, rule: Self.returnsRule, inputs: inputs, steps: steps, usesDefaultMargin: usesDefault)
    }

    // MARK: - Helpers

    /// `a × b`, stopping at the limits of `Int` (a hostile journal's quantities never trap).
    static func product(_ a: Int, _ b: Int) -> Int {
        let (result, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? ((a < 0) != (b < 0) ? Int.min : Int.max) : result
    }

    /// `a + b`, stopping at the limits of `Int`.
    static func sum(_ a: Int, _ b: Int) -> Int {
        let (result, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b < 0 ? Int.min : Int.max) : result
    }

    /// `a − b`, stopping at the limits of `Int`.
    static func difference(_ a: Int, _ b: Int) -> Int {
        let (result, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? (b < 0 ? Int.max : Int.min) : result
    }

    /// `units` × `perUnit`, in cents rounded to the nearest; never traps.
    func amount(_ units: Double, _ perUnit: Money) -> Money {
        Money(approximateCents: units * Double(perUnit.cents))
    }

    func fixed(_ value: Double, _ places: Int = 2) -> String { NumberText.fixed(value, places: places) }

    var horizonInput: BriefingLine {
        BriefingLine("horizon", "\(settings.horizonDays) d", "store setting (`onepool settings`)")
    }

    var penaltyInput: BriefingLine {
        BriefingLine("cancellation penalty", "\(settings.cancellationPenalty)", "per cancelled line, store setting")
    }

    func marginInput(_ sku: SKU, _ margin: UnitMargin) -> BriefingLine {
        BriefingLine("unit margin \(sku.code)", "\(margin.money)", margin.how)
    }
}
