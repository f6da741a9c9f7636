import OnePoolTestSupport
import Testing

@testable import OnePoolCore

/// The starved-channel ledger kept up to date event by event must read exactly as the starved
/// items worked out afresh: the same items with the same money, the same explanation and the
/// same words — against a ledger built in one pass, and against the pricing the briefing did
/// before the ledger existed (`LegacyStarvedItems`, a copy of that code kept here).
@Suite struct StarvedLedgerTests {
    static let channels: [(name: ChannelName, kind: ChannelKind)] = [
        ("shopify", .shopify), ("amazon", .amazon), ("ebay", .ebay), ("wholesale", .wholesale),
    ]

    /// A store of `skus` SKUs on four channels where shopify, served first and uncapped, starves
    /// most of the others of most SKUs; some SKUs have no cost (default margin), some listings
    /// are mapped by hand, some SKUs have no units.
    static func store(skus: Int, random: inout SplitMix64) throws -> (StockState, EventFactory) {
        var state = StockState()
        var factory = EventFactory()
        for channel in channels {
            try factory.apply(.channelAdded(Channel(name: channel.name, kind: channel.kind)), to: &state)
        }
        try factory.apply(
            .channelConfigured(
                name: "amazon",
                settings: ChannelSettings(rule: ChannelRule(priority: 2, cap: .percent(40)), format: .generic)
            ), to: &state)
        for index in 0..<skus {
            let cost = Int.random(in: 0..<4, using: &random) == 0 ? 0 : Int64.random(in: 100...900, using: &random)
            let sku = SKU(
                code: SKUCode("SKU-\(1000 + index)"), title: "Item \(index)", unitCost: Money(cents: cost),
                price: Money(cents: Int64.random(in: 1000...4000, using: &random)))
            try factory.apply(.skuCreated(sku), to: &state)
            let units = Int.random(in: 0...30, using: &random)
            if units > 0 {
                try factory.apply(
                    .received(sku: sku.code, quantity: units, reference: nil, fromIncoming: 0), to: &state)
            }
        }
        // A few listings mapped by hand: ebay's "E-…" sells the SKU (so the SKU's own code does
        // not list it there any more than before).
        for index in stride(from: 0, to: skus, by: 17) {
            try factory.apply(
                .listingMapped(
                    ListingKey(channel: "ebay", listing: "E-\(index)"),
                    ListingMapping(sku: SKUCode("SKU-\(1000 + index)"))),
                to: &state)
        }
        return (state, factory)
    }

    /// Forecasts for about half the SKUs (the rest are priced from channel sales or not at all).
    static func forecasts(_ state: StockState, random: inout SplitMix64) -> [SKUCode: SKUOutlook] {
        var skus: [SKUCode: SKUOutlook] = [:]
        for code in state.skuCodes where Bool.random(using: &random) {
            skus[code] = outlook(daily: Double(Int.random(in: 0...300, using: &random)) / 100)
        }
        return skus
    }

    static func outlook(daily: Double) -> SKUOutlook {
        SKUOutlook(daily: daily, daysToStockout: nil, leadTimeDays: 7, expectedLostUnits: 0)
    }

    @Test(arguments: [1, 2, 3, 4])
    func newsKeptIncrementallyReadsAsTheStarvedItemsWorkedOutAfresh(seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed))
        var (state, factory) = try Self.store(skus: 160, random: &random)
        let codes = state.skuCodes
        var forecasts = Self.forecasts(state, random: &random)
        let today = factory.time.day(offsetSeconds: 0) + 1
        var sales = ChannelSales(days: 30, lastDay: today - 1, utcOffsetSeconds: 0)
        var open: [OrderLineFacts] = []
        var orders = 0
        /// Places a line on a channel (recorded in the channel sales as the console records it).
        func place(_ channel: ChannelName, _ code: SKUCode, _ quantity: Int) -> Change {
            orders += 1
            let line = OrderLineFacts(
                id: OrderLineID(channel: channel, order: "o-\(orders)", line: 1), sku: code, quantity: quantity,
                unitPrice: Money(cents: 1500), time: factory.time)
            return .orderPlaced(line)
        }
        // Some sales history before the console opens, so channels have their own rates and shares.
        for _ in 0..<120 {
            let channel = Self.channels[Int.random(in: 0..<3, using: &random)].name
            let change = place(channel, codes[Int.random(in: 0..<codes.count, using: &random)], 1)
            guard (try? state.check(change)) != nil else { continue }
            let event = factory.event(change)
            state.apply(event)
            sales.record(event)
        }
        sales.holdShares()
        var outlook = DemandOutlook(skus: forecasts, channelSales: sales)
        var ledger = StarvedLedger(state: state, outlook: outlook)
        var seen = (steps: 0, rebuilt: 0, moreLine: 0, defaultMargin: 0, shownChanged: 0, countChanged: 0)
        var before = ledger.items
        for step in 0..<250 {
            let code = codes[Int.random(in: 0..<codes.count, using: &random)]
            var touched: Set<SKUCode> = [code]
            let change: Change
            switch Int.random(in: 0..<20, using: &random) {
            case 0..<7:
                let channel = Self.channels[Int.random(in: 0..<4, using: &random)].name
                change = place(channel, code, Int.random(in: 1...6, using: &random))
            case 7, 8:
                guard !open.isEmpty else { continue }
                let line = open.remove(at: Int.random(in: 0..<open.count, using: &random))
                change = Bool.random(using: &random) ? .orderCancelled(line) : .orderShipped(line)
                touched = [line.sku]
            case 9, 10:
                change = .received(
                    sku: code, quantity: Int.random(in: 1...25, using: &random), reference: nil, fromIncoming: 0)
            case 11: change = .adjusted(sku: code, delta: -Int.random(in: 1...10, using: &random), reason: "test")
            case 12: change = .held(sku: code, quantity: Int.random(in: 1...4, using: &random), reason: "test")
            case 13:
                // A new cost (or none: the default margin) re-prices the SKU on every channel.
                guard var sku = state.sku(code) else { continue }
                sku.unitCost = Money(
                    cents: Bool.random(using: &random) ? 0 : Int64.random(in: 50...3000, using: &random))
                change = .skuUpdated(sku)
            case 14:
                // A new forecast for a few SKUs: the caller names them to the ledger.
                var changed: Set<SKUCode> = []
                for _ in 0..<3 {
                    let other = codes[Int.random(in: 0..<codes.count, using: &random)]
                    forecasts[other] = Self.outlook(daily: Double(Int.random(in: 0...500, using: &random)) / 100)
                    changed.insert(other)
                }
                outlook = DemandOutlook(skus: forecasts, channelSales: sales)
                ledger.update(skus: changed, state: state, outlook: outlook)
                try Self.compare(ledger, state: state, outlook: outlook, step: step, what: "forecasts")
                continue
            case 15:
                // Every SKU's verdict moves: the ledger is built again.
                let rule = ChannelRule(
                    priority: Int.random(in: 1...4, using: &random),
                    cap: Bool.random(using: &random) ? nil : .percent(Int.random(in: 10...90, using: &random)))
                change = .channelConfigured(name: "ebay", settings: ChannelSettings(rule: rule, format: .generic))
            case 16:
                // New settings re-price every SKU: the ledger sees them itself.
                change = .storeSettingsSet(
                    StoreSettings(
                        horizonDays: Int.random(in: 7...60, using: &random),
                        defaultMarginBasisPoints: Int.random(in: 1000...6000, using: &random)))
            default:
                change = place("shopify", code, Int.random(in: 1...3, using: &random))
            }
            guard (try? state.check(change)) != nil else { continue }
            let event = factory.event(change)
            state.apply(event)
            sales.record(event)
            if case .orderPlaced(let line) = change { open.append(line) }
            outlook = DemandOutlook(skus: forecasts, channelSales: sales)
            if StarvedLedger.changesEveryVerdict(change) {
                ledger = StarvedLedger(state: state, outlook: outlook)
                seen.rebuilt += 1
            } else {
                ledger.update(skus: touched, state: state, outlook: outlook)
            }
            try Self.compare(ledger, state: state, outlook: outlook, step: step, what: change.kind)
            seen.steps += 1
            let after = ledger.items
            seen.moreLine += after.filter { $0.effect.steps.contains { $0.name.hasSuffix("more SKU(s)") } }.count
            seen.defaultMargin += after.filter { $0.effect.usesDefaultMargin }.count
            for item in after {
                guard let old = before.first(where: { $0.subject == item.subject }) else { continue }
                if old.effect.steps.map(\.name) != item.effect.steps.map(\.name) { seen.shownChanged += 1 }
                if old.effect.steps.last?.how != item.effect.steps.last?.how { seen.countChanged += 1 }
            }
            before = after
        }
        // The walk must have met what the ledger keeps, or it tested nothing about it.
        #expect(seen.steps > 150)
        #expect(seen.moreLine > 0, "channels starved of more SKUs than the explanation shows")
        #expect(seen.defaultMargin > 0, "SKUs priced at the default margin")
        #expect(seen.shownChanged > 0, "the costliest SKUs shown changed")
        #expect(seen.countChanged > 0, "SKUs became starved or stopped being")
    }

    /// The ledger's items against a ledger built afresh and against the old pricing.
    static func compare(_ ledger: StarvedLedger, state: StockState, outlook: DemandOutlook, step: Int, what: String)
        throws
    {
        let fresh = StarvedLedger(state: state, outlook: outlook).items
        let legacy = LegacyStarvedItems.items(state: state, starved: state.starvations(), outlook: outlook)
            .sorted { $0.subject < $1.subject }
        #expect(fresh == legacy, "step \(step) (\(what)): one pass against the old pricing")
        let kept = ledger.items
        #expect(kept.map(\.subject) == fresh.map(\.subject), "step \(step) (\(what)): channels")
        for (item, expected) in zip(kept, fresh) where item != expected {
            Issue.record(
                """
                step \(step) (\(what)), \(item.subject): kept \(item.money) \(item.why)
                \(item.effect.steps.map { "\($0.name) \($0.value) \($0.how)" }.joined(separator: "\n"))
                afresh \(expected.money) \(expected.why)
                \(expected.effect.steps.map { "\($0.name) \($0.value) \($0.how)" }.joined(separator: "\n"))
                """)
        }
    }

    @Test func aSumThatReachedMoneysLimitComesBackWhenAPartLeaves() {
        var sum = MoneySum()
        sum.add(Money(cents: Int64.max - 10))
        sum.add(Money(cents: 100))
        #expect(sum.money == Money(cents: Int64.max), "read as Money, the sum stops at the limit")
        sum.subtract(Money(cents: 100))
        #expect(sum.money == Money(cents: Int64.max - 10), "and taking the part out gives the rest exactly")
        sum.add(Money(cents: -Int64.max))
        sum.add(Money(cents: -Int64.max))
        #expect(sum.money == Money(cents: -Int64.max), "and stops at the limit below")
    }
}

/// The starved items as the briefing priced them before `StarvedLedger` (its code on main at
/// 556d7e1, kept here word for word as the reference the ledger must read the same as).
enum LegacyStarvedItems {
    static func items(state: StockState, starved: [Starvation], outlook: DemandOutlook) -> [BriefingItem] {
        let rule = ProfitRule(state.settings)
        var items: [BriefingItem] = []
        for (channel, entries) in Dictionary(grouping: starved, by: \.channel) {
            let priced = entries.compactMap { entry -> ProfitRule.StarvedSKU? in
                guard let sku = state.sku(entry.sku) else { return nil }
                return ProfitRule.StarvedSKU(
                    sku: sku, couldOffer: entry.couldOffer,
                    daily: outlook.channelDailyRate(channel: channel, sku: entry.sku))
            }
            let effect = price(rule, priced) { outlook.channelDaily(channel: channel, sku: $0.sku.code)?.how ?? "" }
            let ahead = state.channelsAhead(of: channel)
            let skus = entries.map(\.sku).sorted()
            items.append(
                BriefingItem(
                    kind: .starved, subject: channel.rawValue,
                    why: Briefing.why(
                        "offered 0 of \(skus.count) SKU(s) that have units (\(skus.prefix(3).map(\.rawValue).joined(separator: ", "))"
                            + "\(skus.count > 3 ? ", …" : "")): "
                            + (ahead.isEmpty ? "channels served first" : ahead.joined(separator: ", "))
                            + " take them all; "
                            + "give it a floor or cap the channels ahead", effect, rule),
                    action: .editChannel(channel), effect: effect))
        }
        return items
    }

    static func price(
        _ rule: ProfitRule, _ entries: [ProfitRule.StarvedSKU], shown: Int = 10,
        dailyHow: (ProfitRule.StarvedSKU) -> String
    ) -> ProfitEffect {
        var money = Money.zero
        var usesDefault = false
        var parts: [(entry: ProfitRule.StarvedSKU, margin: UnitMargin, units: Double, money: Money)] = []
        for entry in entries {
            let margin = rule.margin(entry.sku)
            usesDefault = usesDefault || margin.isDefault
            let units =
                entry.daily.map { min(Double(entry.couldOffer), $0 * rule.horizon) } ?? Double(entry.couldOffer)
            let part = rule.amount(units, margin.money)
            money += part
            parts.append((entry, margin, units, part))
        }
        func costsMore(
            _ a: (entry: ProfitRule.StarvedSKU, margin: UnitMargin, units: Double, money: Money),
            than b: (entry: ProfitRule.StarvedSKU, margin: UnitMargin, units: Double, money: Money)
        ) -> Bool {
            (a.money, b.entry.sku.code) > (b.money, a.entry.sku.code)
        }
        var top = parts
        if parts.count > shown {
            top = []
            for part in parts {
                guard top.count < shown || costsMore(part, than: top[top.count - 1]) else { continue }
                let at = top.firstIndex { costsMore(part, than: $0) } ?? top.count
                top.insert(part, at: at)
                if top.count > shown { top.removeLast() }
            }
        }
        var inputs = [rule.horizonInput]
        var steps: [BriefingLine] = []
        for (entry, margin, units, part) in top.sorted(by: { $0.entry.sku.code < $1.entry.sku.code }) {
            let how: String
            if let daily = entry.daily {
                how = "min(\(entry.couldOffer), \(rule.fixed(daily)) × \(rule.settings.horizonDays))"
                inputs.append(BriefingLine("daily \(entry.sku.code)", rule.fixed(daily), dailyHow(entry)))
            } else {
                how = "no demand known: all \(entry.couldOffer) it could be offered"
            }
            inputs.append(rule.marginInput(entry.sku, margin))
            steps.append(
                BriefingLine(entry.sku.code.rawValue, "\(part)", "\(how) = \(rule.fixed(units)) × \(margin.money)"))
        }
        if parts.count > top.count {
            let shownMoney = top.reduce(Money.zero) { $0 + $1.money }
            steps.append(
                BriefingLine(
                    "\(parts.count - top.count) more SKU(s)", "\(money - shownMoney)",
                    "the same rule (the \(top.count) shown cost the most)"))
        }
        steps.append(BriefingLine("money", "\(money)", "sum over \(entries.count) SKU(s)"))
        return ProfitEffect(
            money: money, rule: ProfitRule.starvedRule, inputs: inputs, steps: steps, usesDefaultMargin: usesDefault)
    }
}
