/// The money rule for what is on order or on the shelf too long: POs awaiting approval (or
/// approved by OnePool and not yet sent), late POs, overstock.
extension ProfitRule {
    /// One PO line with what the forecast says of its SKU.
    public struct OrderLine: Hashable, Sendable {
        public var sku: SKU?
        /// Units on the line (for a late PO: still to come).
        public var quantity: Int
        public var unitCost: Money
        /// nil: no forecast for the SKU (yet).
        public var outlook: SKUOutlook?
        /// The SKU's available units now (for a late PO: what lasts while its units are missing).
        public var available: Int

        public init(sku: SKU?, quantity: Int, unitCost: Money, outlook: SKUOutlook?, available: Int = 0) {
            self.sku = sku
            self.quantity = quantity
            self.unitCost = unitCost
            self.outlook = outlook
            self.available = available
        }
    }

    public static let approvalRule =
        "Σ lines: units a delivery one day later would lose within the horizon × unit margin"

    /// A PO awaiting approval (or approved by OnePool, awaiting sending): what acting today rather
    /// than tomorrow protects. Approved today, a line arrives after its lead time L; a day later,
    /// one day later: the demand of the day [L, L + 1) that falls after the SKU runs out (t) and
    /// within the horizon, daily × |[L, L + 1) ∩ [t, horizon)|, no more than the line. A SKU that
    /// does not run out before then loses nothing by a day's wait. The spend is capital, shown beside.
    public func approval(_ lines: [OrderLine], spend: Money) -> ProfitEffect {
        var money = Money.zero
        var inputs = [horizonInput]
        var steps: [BriefingLine] = []
        var usesDefault = false
        for line in lines {
            guard let sku = line.sku, let outlook = line.outlook else {
                steps.append(
                    BriefingLine(line.sku?.code.rawValue ?? "?", "0.00", "no forecast for the SKU: nothing priced"))
                continue
            }
            let margin = margin(sku)
            usesDefault = usesDefault || margin.isDefault
            let lead = Double(outlook.leadTimeDays)
            let start = max(lead, outlook.daysToStockout ?? .infinity)
            let end = min(lead + 1, horizon)
            let units = min(Double(line.quantity), outlook.daily * max(0, end - start))
            let part = amount(units, margin.money)
            money += part
            inputs.append(marginInput(sku, margin))
            inputs.append(
                BriefingLine(
                    "\(sku.code) outlook",
                    "lead \(outlook.leadTimeDays) d, runs out "
                        + (outlook.daysToStockout.map { fixed($0, 1) + " d" } ?? "—"),
                    "daily forecast \(fixed(outlook.daily))"))
            let window =
                outlook.daysToStockout == nil ? "never within the look-ahead" : "[\(fixed(start, 1)), \(fixed(end, 1)))"
            steps.append(
                BriefingLine(
                    sku.code.rawValue, "\(part)",
                    "min(\(line.quantity), \(fixed(outlook.daily)) × |\(window)|) = "
                        + "\(fixed(units)) × \(margin.money)"))
        }
        steps.append(BriefingLine("money", "\(money)", "sum over \(lines.count) line(s)"))
        return ProfitEffect(
            money: money, rule: Self.approvalRule, inputs: inputs, steps: steps,
            capital: [CapitalFigure("PO spend", spend, "Σ units × unit cost: cash, not a loss")],
            usesDefaultMargin: usesDefault)
    }

    public static let latePORule =
        "Σ lines: units short while the PO stays missing (as long again as it is late, within the horizon) "
        + "× unit margin"

    /// A late PO: while its units are missing the SKU sells from what is available; the PO is
    /// assumed to stay missing as long again as it is already late (at least a day, at most the
    /// horizon), D days. Short units: min(still to come, daily × (D − available / daily)⁺).
    public func latePO(_ lines: [OrderLine], daysLate: Int) -> ProfitEffect {
        let missing = min(horizon, Double(max(1, daysLate)))
        var money = Money.zero
        var capital = Money.zero
        var inputs = [
            horizonInput,
            BriefingLine("days late", "\(daysLate)", "since the expected arrival"),
            BriefingLine(
                "assumed still missing", "\(fixed(missing, 0)) d", "as long again as it is late, 1 d to the horizon"),
        ]
        var steps: [BriefingLine] = []
        var usesDefault = false
        for line in lines where line.quantity > 0 {
            capital += line.unitCost * line.quantity
            guard let sku = line.sku, let outlook = line.outlook, outlook.daily > 0 else {
                steps.append(BriefingLine(line.sku?.code.rawValue ?? "?", "0.00", "no demand forecast: nothing priced"))
                continue
            }
            let margin = margin(sku)
            usesDefault = usesDefault || margin.isDefault
            let lasts = Double(max(0, line.available)) / outlook.daily
            let units = min(Double(line.quantity), outlook.daily * max(0, missing - lasts))
            let part = amount(units, margin.money)
            money += part
            inputs.append(marginInput(sku, margin))
            inputs.append(
                BriefingLine(
                    "\(sku.code)", "\(line.quantity) to come, \(line.available) available",
                    "daily forecast \(fixed(outlook.daily))"))
            steps.append(
                BriefingLine(
                    sku.code.rawValue, "\(part)",
                    "min(\(line.quantity), \(fixed(outlook.daily)) × (\(fixed(missing, 0)) − \(line.available) / "
                        + "\(fixed(outlook.daily)))⁺) = \(fixed(units)) × \(margin.money)"))
        }
        steps.append(BriefingLine("money", "\(money)", "sum"))
        return ProfitEffect(
            money: money, rule: Self.latePORule, inputs: inputs, steps: steps,
            capital: [CapitalFigure("still to come", capital, "outstanding units × unit cost")],
            usesDefaultMargin: usesDefault)
    }

    /// One overstocked SKU, from its recommendation.
    public struct Overstock: Hashable, Sendable {
        public var sku: SKU
        /// Units beyond the overstock threshold's days of cover.
        public var excess: Int
        /// The inventory position the cover is counted from.
        public var position: Int
        public var daily: Double

        public init(sku: SKU, excess: Int, position: Int, daily: Double) {
            self.sku = sku
            self.excess = excess
            self.position = position
            self.daily = daily
        }
    }

    /// Stock with more than this many days of cover is likely cleared (marked down to cost).
    public static let clearanceDays = 365

    public static let overstockRule =
        "Σ SKUs: excess × unit cost × carrying rate × horizon / 365 "
        + "+ units beyond a year of cover × unit margin × horizon / 365 (likely markdown to cost)"

    /// Overstock: not the cash (that is capital, shown beside) but what holding the excess costs
    /// over the horizon — its carrying cost at the store's yearly rate — plus the markdown it
    /// will likely need: units beyond a year of cover (`clearanceDays`; every excess unit of a SKU
    /// with no demand) are likely cleared at cost, giving up their margin, charged over the year.
    public func overstock(_ entries: [Overstock], shown: Int = 10) -> ProfitEffect {
        overstock(priced: entries.map(priced), shown: shown)
    }

    /// One overstocked SKU with its part of the money (`overstockPart`), so that a caller
    /// keeping many (the console's loader, SKU by SKU) prices each once.
    public struct PricedOverstock: Hashable, Sendable {
        public var entry: Overstock
        public var money: Money
        public var line: BriefingLine
    }

    public func priced(_ entry: Overstock) -> PricedOverstock {
        let part = overstockPart(entry)
        return PricedOverstock(entry: entry, money: part.money, line: part.line)
    }

    /// `overstock(_:shown:)` of entries priced already (in any order).
    public func overstock(priced entries: [PricedOverstock], shown: Int = 10) -> ProfitEffect {
        let rate = StoreSettings.percentText(settings.carryingRateBasisPoints)
        var money = Money.zero
        var cash = Money.zero
        var usesDefault = false
        var count = 0
        // The costliest `shown` in one pass (most money first, ties by code), not by sorting
        // every overstocked SKU of a large catalogue.
        var costliest = StarvedCostliest(limit: shown)
        for (index, priced) in entries.enumerated() where priced.entry.excess > 0 {
            usesDefault = usesDefault || margin(priced.entry.sku).isDefault
            cash += priced.entry.sku.unitCost * priced.entry.excess
            money += priced.money
            count += 1
            costliest.offer(code: priced.entry.sku.code, money: priced.money, at: index)
        }
        var steps = costliest.entries.map { entries[$0.index].line }
        if count > shown {
            let named = Set(costliest.entries.map(\.index))
            var rest = Money.zero
            for (index, priced) in entries.enumerated() where priced.entry.excess > 0 && !named.contains(index) {
                rest += priced.money
            }
            steps.append(BriefingLine("\(count - shown) more SKU(s)", "\(rest)", "the same rule"))
        }
        steps.append(BriefingLine("money", "\(money)", "sum over \(count) SKU(s)"))
        return ProfitEffect(
            money: money, rule: Self.overstockRule,
            inputs: [
                horizonInput, BriefingLine("carrying rate", "\(rate) a year", "store setting"),
                BriefingLine("clearance", "\(Self.clearanceDays) d of cover", "beyond it, stock is likely marked down"),
                BriefingLine("SKUs", "\(count)", "with stock beyond the overstock days of cover"),
            ],
            steps: steps,
            capital: [CapitalFigure("cash in overstock", cash, "excess units × unit cost: capital, not a loss")],
            usesDefaultMargin: usesDefault)
    }

    /// One SKU's share of the overstock money: carrying cost plus likely markdown, with its formula.
    public func overstockPart(_ entry: Overstock) -> (money: Money, line: BriefingLine) {
        let share = horizon / 365
        let rate = StoreSettings.percentText(settings.carryingRateBasisPoints)
        let cost = unitCost(entry.sku)
        let margin = margin(entry.sku)
        let excess = max(0, entry.excess)
        let carrying = Double(excess) * Double(cost.money.cents) * settings.carryingRate * share
        let yearOfCover = entry.daily > 0 ? Bounds.units(entry.daily * Double(Self.clearanceDays)) : 0
        let dead = min(excess, max(0, Self.difference(entry.position, yearOfCover)))
        let markdown = Double(dead) * Double(margin.money.cents) * share
        let money = Money(approximateCents: carrying + markdown)
        let how =
            "\(excess) × \(cost.money) × \(rate) × \(settings.horizonDays)/365 + \(dead) × \(margin.money) "
            + "× \(settings.horizonDays)/365" + (cost.how == "catalogue" ? "" : " (\(cost.how))")
        return (money, BriefingLine(entry.sku.code.rawValue, "\(money)", how))
    }
}
