/// The morning briefing: the highest-impact moves, ranked by the money that rides on them, each
/// with one line of why and the one action that deals with it.
public struct BriefingItem: Hashable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case stockoutRisk = "stockout-risk"
        case oversold
        case overExposed = "over-exposed"
        case starved = "channel-starved"
        case awaitingApproval = "awaiting-approval"
        case approvedByOnePool = "approved-automatically"
        case latePO = "late-po"
        case unmapped
        case overstock
        case forecastMiss = "forecast-miss"

        public var title: String {
            switch self {
            case .stockoutRisk: "Stockout before delivery"
            case .oversold: "Oversold"
            case .overExposed: "Channel over-exposed"
            case .starved: "Channel starved"
            case .awaitingApproval: "PO awaiting approval"
            case .approvedByOnePool: "PO approved by OnePool"
            case .latePO: "Late PO"
            case .unmapped: "Unmapped listing"
            case .overstock: "Overstock"
            case .forecastMiss: "Forecast off"
            }
        }
    }

    /// What the one-key action does.
    public enum Action: Hashable, Sendable {
        case openSKU(String)
        case openPO(String)
        case publish(channel: String)
        case mapListing(ListingKey)
        /// Change the channel's rule (floor, cap, priority).
        case editChannel(String)

        public var text: String {
            switch self {
            case .editChannel(let channel): "edit \(channel)'s rule"
            case .openSKU(let sku): "open \(sku)"
            case .openPO(let id): "open \(id)"
            case .publish(let channel): "publish \(channel)"
            case .mapListing(let key): "map \(key)"
            }
        }
    }

    public var kind: Kind
    public var subject: String
    public var money: Money
    public var why: String
    public var action: Action
}

public enum Briefing {
    /// Everything worth a look, most money first (ties: kind order, then subject), so the same
    /// store on the same day always gives the same briefing.
    public static func make(state: StockState, recommendations: [Recommendation], recentSales: [String: Int], time: Timestamp) -> [BriefingItem] {
        rank(forecastItems(state: state, recommendations: recommendations, recentSales: recentSales)
            + stateItems(state: state, overExposed: state.overExposed(), starved: state.starvations(), time: time))
    }

    /// Items that need a forecast: stockouts before delivery, overstock, forecast misses.
    public static func forecastItems(state: StockState, recommendations: [Recommendation], recentSales: [String: Int]) -> [BriefingItem] {
        var items: [BriefingItem] = []
        var overstocked: [Recommendation] = []

        for recommendation in recommendations {
            guard let pool = state.pools[recommendation.sku] else { continue }
            let price = pool.sku.price
            if let days = recommendation.daysToStockout, days < Double(recommendation.leadTimeDays), recommendation.moneyAtRisk > .zero,
                pool.stock.available > 0
            {
                items.append(BriefingItem(
                    kind: .stockoutRisk, subject: recommendation.sku, money: recommendation.moneyAtRisk,
                    why: "runs out in \(Int(clampingDouble: days)) d, a delivery takes \(recommendation.leadTimeDays) d; ~\(Int(clampingDouble: recommendation.expectedLostUnits.rounded())) units of sales lost"
                        + (recommendation.orderQuantity > 0 ? "; order \(recommendation.orderQuantity)" : ""),
                    action: .openSKU(recommendation.sku)))
            }
            if recommendation.isOverstock { overstocked.append(recommendation) }
            // The last week against what the forecast expects of a week.
            if let sold = recentSales[recommendation.sku], recommendation.dailyForecast > 0 {
                let expected = recommendation.dailyForecast * 7
                let gap = Double(sold) - expected
                if abs(gap) > max(5, 3 * expected.squareRoot()) {
                    items.append(BriefingItem(
                        kind: .forecastMiss, subject: recommendation.sku, money: price * Int(clampingDouble: abs(gap).rounded()),
                        why: "sold \(sold) in the last 7 days against \(Int(clampingDouble: expected.rounded())) forecast: demand has \(gap > 0 ? "jumped" : "dropped")",
                        action: .openSKU(recommendation.sku)))
                }
            }
        }
        // Overstock is one item (a list of a hundred slow movers would bury the urgent moves),
        // naming the SKUs that tie up the most cash.
        if !overstocked.isEmpty {
            let ranked = overstocked.sorted { ($0.overstockCash, $1.sku) > ($1.overstockCash, $0.sku) }
            let cash = ranked.reduce(Money.zero) { $0 + $1.overstockCash }
            let top = ranked.prefix(3).map { "\($0.sku) \($0.overstockCash)" }.joined(separator: ", ")
            items.append(BriefingItem(
                kind: .overstock, subject: "\(ranked.count) SKU(s)", money: cash,
                why: "stock beyond its days of cover ties up \(cash) at cost; most: \(top)", action: .openSKU(ranked[0].sku)))
        }
        return items
    }

    /// Items read straight from the state: oversells, over-exposed channels, POs awaiting
    /// approval or late, unmapped listings with orders waiting. Cheap enough to redo on every
    /// change (the console does).
    public static func stateItems(
        state: StockState, overExposed: [OverExposure], starved: [Starvation] = [], time: Timestamp
    ) -> [BriefingItem] {
        var items = starvedItems(state: state, starved: starved)
        for (code, pool) in state.pools where pool.stock.unreserved < 0 {
            let units = -pool.stock.unreserved
            items.append(BriefingItem(
                kind: .oversold, subject: code, money: pool.sku.price * units,
                why: "\(units) sold with no stock to ship: restock, or cancel with the customer", action: .openSKU(code)))
        }
        var exposure: [String: (listings: Int, money: Money)] = [:]
        for over in overExposed {
            let sku = state.mapping(for: over.key)?.sku ?? over.key.listing
            let price = state.sku(sku)?.price ?? .zero
            exposure[over.key.channel, default: (0, .zero)].listings += 1
            exposure[over.key.channel, default: (0, .zero)].money = exposure[over.key.channel, default: (0, .zero)].money + price * (over.published - over.allowed)
        }
        for (channel, entry) in exposure {
            items.append(BriefingItem(
                kind: .overExposed, subject: channel, money: entry.money,
                why: "\(entry.listings) listing(s) were told more than they may now sell: publish to fix", action: .publish(channel: channel)))
        }
        for record in state.purchasing.orders.values {
            if record.status == .drafted {
                items.append(BriefingItem(
                    kind: .awaitingApproval, subject: record.order.id, money: record.order.value,
                    why: "\(record.order.lines.count) line(s) from \(record.order.supplier), drafted \(CivilDate.text(record.draftedAt, offsetSeconds: 0))",
                    action: .openPO(record.order.id)))
            } else if record.status == .approved && record.approvedBy == PurchasingState.automaticApprover {
                items.append(BriefingItem(
                    kind: .approvedByOnePool, subject: record.order.id, money: record.order.value,
                    why: "approved automatically (within OnePool's limit) for \(record.order.supplier): send it, or cancel it",
                    action: .openPO(record.order.id)))
            } else if record.isLate(at: time) {
                let outstanding = record.order.lines.reduce(Money.zero) { $0 + $1.unitCost * record.outstanding($1.sku) }
                items.append(BriefingItem(
                    kind: .latePO, subject: record.order.id, money: outstanding,
                    why: "expected \(CivilDate(dayNumber: record.expectedArrival.day()).description) from \(record.order.supplier), \(outstanding) still to come",
                    action: .openPO(record.order.id)))
            }
        }
        var waiting: [ListingKey: Money] = [:]
        for line in state.parkedLines.values where line.status == .open {
            waiting[line.listingKey, default: .zero] = waiting[line.listingKey, default: .zero] + line.unitPrice * line.quantity
        }
        for (key, money) in waiting {
            items.append(BriefingItem(
                kind: .unmapped, subject: "\(key)", money: money, why: "orders wait for a listing that maps to no SKU", action: .mapListing(key)))
        }
        return items
    }

    /// A channel starved of SKUs that have units (see `Starvation`): one item per channel, worth
    /// what it could offer of them at their prices, were it served first.
    static func starvedItems(state: StockState, starved: [Starvation]) -> [BriefingItem] {
        var items: [BriefingItem] = []
        for (channel, entries) in Dictionary(grouping: starved, by: \.channel) {
            let money = entries.reduce(Money.zero) { $0 + (state.sku($1.sku)?.price ?? .zero) * $1.couldOffer }
            let ahead = state.channelsAhead(of: channel)
            let skus = entries.map(\.sku).sorted()
            items.append(BriefingItem(
                kind: .starved, subject: channel, money: money,
                why: "offered 0 of \(skus.count) SKU(s) that have units (\(skus.prefix(3).joined(separator: ", "))"
                    + "\(skus.count > 3 ? ", …" : "")): "
                    + "\(ahead.isEmpty ? "channels served first" : ahead.joined(separator: ", ")) take them all; "
                    + "give it a floor or cap the channels ahead",
                action: .editChannel(channel)))
        }
        return items
    }

    /// Most money first; ties by kind (in the order of `Kind`), then subject.
    public static func rank(_ items: [BriefingItem]) -> [BriefingItem] {
        let order = Dictionary(uniqueKeysWithValues: BriefingItem.Kind.allCases.enumerated().map { ($1, $0) })
        return items.sorted { lhs, rhs in
            if lhs.money != rhs.money { return lhs.money > rhs.money }
            if lhs.kind != rhs.kind { return order[lhs.kind]! < order[rhs.kind]! }
            return lhs.subject < rhs.subject
        }
    }
}
