/// The morning briefing: the highest-impact moves, ranked by their expected effect on profit over
/// the store's horizon (`ProfitRule`, one rule for every kind), each with one line of why, the one
/// action that deals with it, and how its money was reached.
public enum Briefing {
    /// Everything worth a look, most money first (ties: kind order, then subject), so the same
    /// store on the same day always gives the same briefing.
    public static func make(
        state: StockState, recommendations: [Recommendation], recentSales: [SKUCode: Int], time: Timestamp,
        channelSales: ChannelSales? = nil, sync: SyncFacts? = nil, returns: [ProfitRule.ReturnedUnits] = []
    ) -> [BriefingItem] {
        let outlook = DemandOutlook(recommendations: recommendations, channelSales: channelSales)
        return rank(
            forecastItems(state: state, recommendations: recommendations, recentSales: recentSales)
                + stateItems(
                    state: state, overExposed: state.overExposed(), starved: state.starvations(), time: time,
                    outlook: outlook, sync: sync)
                + returnItems(state: state, returns: returns))
    }

    /// The item with this id (`BriefingItem.id`), if the briefing has it.
    public static func item(_ id: String, in items: [BriefingItem]) -> BriefingItem? { items.first { $0.id == id } }

    /// Items that need a forecast: stockouts before delivery, overstock, forecast misses.
    public static func forecastItems(
        state: StockState, recommendations: [Recommendation], recentSales: [SKUCode: Int]
    ) -> [BriefingItem] {
        let rule = ProfitRule(state.settings)
        var items: [BriefingItem] = []
        var overstocked: [ProfitRule.PricedOverstock] = []
        for recommendation in recommendations {
            guard let pool = state.pools[recommendation.sku] else { continue }
            let own = forecastItems(
                of: recommendation, sku: pool.sku, recentSold: recentSales[recommendation.sku], rule: rule)
            items += own.items
            if let overstock = own.overstock { overstocked.append(overstock) }
        }
        if let item = overstockItem(overstocked, rule: rule) { items.append(item) }
        return items
    }

    /// One SKU's part of `forecastItems`: its own items (a stockout before delivery, a forecast
    /// miss) and, when it is overstocked, its entry in the one overstock item, priced. A caller
    /// that keeps these per SKU (the console's loader) redoes only the SKUs news touched.
    public static func forecastItems(
        of recommendation: Recommendation, sku: SKU, recentSold: Int?, rule: ProfitRule
    ) -> (items: [BriefingItem], overstock: ProfitRule.PricedOverstock?) {
        var items: [BriefingItem] = []
        let outlook = SKUOutlook(recommendation)
        if outlook.runsOutBeforeDelivery {
            let effect = rule.stockout(sku: sku, outlook: outlook)
            let days = Int(clampingDouble: recommendation.daysToStockout ?? 0)
            let lost = Int(clampingDouble: recommendation.expectedLostUnits.rounded())
            items.append(
                BriefingItem(
                    kind: .stockoutRisk, subject: recommendation.sku.rawValue,
                    why: why(
                        "runs out in \(days) d, a delivery takes \(recommendation.leadTimeDays) d; "
                            + "~\(lost) units of sales lost"
                            + (recommendation.orderQuantity > 0 ? "; order \(recommendation.orderQuantity)" : ""),
                        effect, rule),
                    action: .openSKU(recommendation.sku), effect: effect))
        }
        var overstock: ProfitRule.PricedOverstock?
        if recommendation.isOverstock {
            overstock = rule.priced(
                ProfitRule.Overstock(
                    sku: sku, excess: recommendation.overstockUnits, position: recommendation.position,
                    daily: recommendation.dailyForecast))
        }
        // The last week against what the forecast expects of a week.
        if let sold = recentSold, recommendation.dailyForecast > 0 {
            let expected = recommendation.dailyForecast * 7
            let gap = Double(sold) - expected
            if abs(gap) > max(5, 3 * expected.squareRoot()) {
                let effect = rule.forecastMiss(sku: sku, sold: sold, expected: expected)
                items.append(
                    BriefingItem(
                        kind: .forecastMiss, subject: recommendation.sku.rawValue,
                        why: why(
                            "sold \(sold) in the last 7 days against \(Int(clampingDouble: expected.rounded())) "
                                + "forecast: demand has \(gap > 0 ? "jumped" : "dropped")", effect, rule),
                        action: .openSKU(recommendation.sku), effect: effect))
            }
        }
        return (items, overstock)
    }

    /// The one overstock item over every overstocked SKU's priced entry, in any order (nil for
    /// none). Overstock is one item (a list of a hundred slow movers would bury the urgent
    /// moves), naming the SKUs that cost the most to hold.
    public static func overstockItem(_ overstocked: [ProfitRule.PricedOverstock], rule: ProfitRule) -> BriefingItem? {
        guard !overstocked.isEmpty else { return nil }
        let effect = rule.overstock(priced: overstocked)
        var costliest = StarvedCostliest(limit: 3)
        for entry in overstocked { costliest.offer(code: entry.entry.sku.code, money: entry.money) }
        let ranked = costliest.entries
        let top = ranked.map { "\($0.code) \($0.money)" }.joined(separator: ", ")
        let cash = effect.capital.first?.money ?? .zero
        return BriefingItem(
            kind: .overstock, subject: "\(overstocked.count) SKU(s)",
            why: why(
                "holding stock beyond its days of cover costs \(effect.money) over "
                    + "\(rule.settings.horizonDays) d (\(cash) tied up at cost); most: \(top)", effect, rule),
            action: .openSKU(ranked.first?.code ?? overstocked[0].entry.sku.code), effect: effect, id: "overstock")
    }

    /// Returns over the recent window: one item, naming the SKUs and the channels whose returns
    /// cost the most margin (each priced by `ProfitRule.returnPart`, summed by `returns`). The
    /// input is units returned per SKU and channel (`ReturnRates.returnedUnits(in:)`), so every
    /// caller — the CLI's briefing, the console's — builds the same item from the same facts.
    public static func returnItems(state: StockState, returns: [ProfitRule.ReturnedUnits]) -> [BriefingItem] {
        let entries = returns.filter { $0.units > 0 }
        guard !entries.isEmpty else { return [] }
        let rule = ProfitRule(state.settings)
        let window = rule.settings.horizonDays
        let effect = rule.returns(entries, windowDays: window)
        let units = entries.reduce(0) { $0.addingReportingOverflow($1.units).overflow ? Int.max : $0 + $1.units }
        var bySKU: [SKUCode: Money] = [:]
        var byChannel: [ChannelName: Money] = [:]
        for entry in entries {
            let part = rule.returnPart(entry, windowDays: window)
            bySKU[entry.sku.code, default: .zero] += part
            if let channel = entry.channel { byChannel[channel, default: .zero] += part }
        }
        let topSKUs = costliest(bySKU)
        let topChannels = costliest(byChannel)
        let skuCount = Set(entries.map(\.sku.code)).count
        let named = topSKUs.prefix(3).map { "\($0.name) \($0.money)" }.joined(separator: ", ")
        let channels = topChannels.prefix(3).map { "\($0.name) \($0.money)" }.joined(separator: ", ")
        return [
            BriefingItem(
                kind: .returns, subject: "\(skuCount) SKU(s)",
                why: why(
                    "\(units) unit(s) came back in the last \(window) d; costliest: \(named)"
                        + (channels.isEmpty ? "" : "; by channel: \(channels)"), effect, rule),
                action: .openSKU(topSKUs.first?.name ?? ""), effect: effect, id: "returns")
        ]
    }

    /// Names by money, most first (ties by name), for the returns item.
    private static func costliest<Name: Hashable & Comparable>(_ money: [Name: Money]) -> [(name: Name, money: Money)] {
        money.map { (name: $0.key, money: $0.value) }.sorted { ($0.money, $1.name) > ($1.money, $0.name) }
    }

    /// The item's one line of why, with a note when a SKU without a cost was priced at the default margin.
    static func why(_ text: String, _ effect: ProfitEffect, _ rule: ProfitRule) -> String {
        guard effect.usesDefaultMargin else { return text }
        return text + " (no unit cost: priced at the default margin "
            + StoreSettings.percentText(rule.settings.defaultMarginBasisPoints) + ")"
    }

    /// Most money first; ties by kind (in the order of `Kind`), then subject.
    public static func rank(_ items: [BriefingItem]) -> [BriefingItem] {
        let order = Dictionary(uniqueKeysWithValues: BriefingItem.Kind.allCases.enumerated().map { ($1, $0) })
        return items.sorted { lhs, rhs in
            if lhs.money != rhs.money { return lhs.money > rhs.money }
            if lhs.kind != rhs.kind { return (order[lhs.kind] ?? 0) < (order[rhs.kind] ?? 0) }
            return lhs.subject < rhs.subject
        }
    }
}
