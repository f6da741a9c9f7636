/// The money rule for what channels were told: exposure (over-exposed listings, a failing sync,
/// drift) and unmapped listings (starved channels: `ProfitRule+Starved.swift`).
extension ProfitRule {
    /// A listing a channel shows more of than it may now sell.
    public struct ExposedListing: Hashable, Sendable {
        public var key: ListingKey
        /// The SKU it sells; nil when it maps to none (its margin is then unknown: 0).
        public var sku: SKU?
        /// SKU units per listing unit.
        public var pack: Int
        /// What the channel shows (listing units): last published, or seen on the channel (drift).
        public var shown: Int
        /// What the channel may sell now (listing units).
        public var allowed: Int
        /// Units of the SKU the channel sells a day, and how that was found; nil: unknown.
        public var daily: Double?
        public var dailyHow: String

        public init(
            key: ListingKey, sku: SKU?, pack: Int = 1, shown: Int, allowed: Int, daily: Double?, dailyHow: String = ""
        ) {
            self.key = key
            self.sku = sku
            self.pack = max(1, pack)
            self.shown = shown
            self.allowed = allowed
            self.daily = daily
            self.dailyHow = dailyHow
        }
    }

    public static let exposureRule =
        "Σ listings: expected units sold beyond what the channel may sell, over the horizon, "
        + "× (unit margin + cancellation penalty per line)"

    /// Exposure: each exposed unit the channel sells becomes an oversell. With the channel's
    /// demand D over the horizon (Poisson, mean daily × horizon), the expected oversold units are
    /// E[min(exposed, (D − allowed)⁺)] = E[(D − allowed)⁺] − E[(D − allowed − exposed)⁺]; with no
    /// demand known, every exposed unit (the upper bound). Each costs its margin and, per line of
    /// `pack` units, the cancellation penalty. The same rule prices an over-exposed channel, a
    /// failing sync and drift: only what the channel shows, and why, differ.
    public func exposure(_ listings: [ExposedListing], rule: String = ProfitRule.exposureRule) -> ProfitEffect {
        var money = Money.zero
        var inputs = [horizonInput, penaltyInput]
        var steps: [BriefingLine] = []
        var usesDefault = false
        for listing in listings.sorted(by: { $0.key < $1.key }) {
            let exposed = Self.product(max(0, Self.difference(listing.shown, listing.allowed)), listing.pack)
            let allowed = Self.product(max(0, listing.allowed), listing.pack)
            let expected: Double
            var how: String
            if let daily = listing.daily {
                let mean = daily * horizon
                expected = Self.expectedBeyond(allowed: allowed, exposed: exposed, mean: mean)
                how =
                    "E[min(\(exposed), (D − \(allowed))⁺)], "
                    + "D Poisson mean \(fixed(daily)) × \(settings.horizonDays)"
                inputs.append(BriefingLine("daily on \(listing.key.channel)", fixed(daily), listing.dailyHow))
            } else {
                expected = Double(exposed)
                how = "no demand known: every exposed unit"
            }
            let margin = listing.sku.map(margin) ?? UnitMargin(money: .zero, isDefault: false, how: "maps to no SKU")
            usesDefault = usesDefault || margin.isDefault
            let perUnit = Double(margin.money.cents) + Double(settings.cancellationPenalty.cents) / Double(listing.pack)
            let part = Money(approximateCents: expected * perUnit)
            money += part
            if let sku = listing.sku { inputs.append(marginInput(sku, margin)) }
            inputs.append(
                BriefingLine(
                    "\(listing.key)", "shown \(listing.shown), may sell \(listing.allowed)",
                    listing.pack == 1 ? "listing units" : "listing units of \(listing.pack)"))
            how +=
                " = \(fixed(expected)) × (\(margin.money) + \(settings.cancellationPenalty)"
                + (listing.pack == 1 ? ")" : " / \(listing.pack))")
            steps.append(BriefingLine("\(listing.key)", "\(part)", how))
        }
        steps.append(BriefingLine("money", "\(money)", "sum over \(listings.count) listing(s)"))
        return ProfitEffect(money: money, rule: rule, inputs: inputs, steps: steps, usesDefaultMargin: usesDefault)
    }

    /// E[min(exposed, (D − allowed)⁺)] for D Poisson with `mean`.
    static func expectedBeyond(allowed: Int, exposed: Int, mean: Double) -> Double {
        guard mean > 0, exposed > 0 else { return 0 }
        let demand = HorizonDistribution(mean: mean, variance: mean)
        let beyond =
            demand.expectedExcess(over: Double(allowed))
            - demand.expectedExcess(over: Double(allowed) + Double(exposed))
        return min(Double(exposed), max(0, beyond))
    }

    public static let unmappedRule =
        "Σ waiting lines: units × price × default margin (the SKU, so its cost, is unknown)"

    /// An unmapped listing: the margin of the order lines waiting for it, at the default margin
    /// (until it is mapped there is no SKU, so no cost).
    public func unmapped(_ lines: [ParkedLine]) -> ProfitEffect {
        let rate = StoreSettings.percentText(settings.defaultMarginBasisPoints)
        var revenue = Money.zero
        var units = 0
        for line in lines {
            revenue += line.unitPrice * line.quantity
            units = units.addingReportingOverflow(line.quantity).overflow ? Int.max : units + line.quantity
        }
        let money = Money(approximateCents: Double(revenue.cents) * settings.defaultMarginRate)
        return ProfitEffect(
            money: money, rule: Self.unmappedRule,
            inputs: [
                BriefingLine("waiting lines", "\(lines.count)", "open lines in the unmapped queue"),
                BriefingLine("units", "\(units)", "on those lines"),
                BriefingLine("default margin", rate, "store setting"),
            ],
            steps: [
                BriefingLine("value of the lines", "\(revenue)", "Σ units × unit price"),
                BriefingLine("money", "\(money)", "\(revenue) × \(rate)"),
            ],
            usesDefaultMargin: true)
    }
}
