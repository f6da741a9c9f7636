/// The money rule for a starved channel (`Starvation`), in two halves: each starved SKU is
/// priced alone (`starvedPart`), and the channel's effect is written from the parts' sum and
/// the costliest few (`starvedEffect`). `starved` does both over a list at once; `StarvedLedger`
/// keeps the parts and their sums as news arrives. Both add up the same parts the same way.
extension ProfitRule {
    /// A SKU a channel is starved of (`Starvation`), with the channel's demand for it.
    public struct StarvedSKU: Hashable, Sendable {
        public var sku: SKU
        /// What it could be offered were it served first.
        public var couldOffer: Int
        public var daily: Double?
        public var dailyHow: String

        public init(sku: SKU, couldOffer: Int, daily: Double?, dailyHow: String = "") {
            self.sku = sku
            self.couldOffer = couldOffer
            self.daily = daily
            self.dailyHow = dailyHow
        }
    }

    /// One starved SKU's part of its channel's item: what the rule read and what it came to.
    public struct StarvedPart: Hashable, Sendable {
        public var couldOffer: Int
        /// Units of the SKU the channel would sell a day; nil: unknown.
        public var daily: Double?
        public var margin: UnitMargin
        /// Units it would sell over the horizon, no more than it could be offered.
        public var units: Double
        public var money: Money
    }

    public static let starvedRule =
        "Σ SKUs: min(units it could be offered, its expected demand over the horizon) × unit margin"

    /// What a starved channel loses on one SKU: the margin of what it would sell of it over the
    /// horizon, no more than it could be offered; with no demand known, all it could be offered.
    public func starvedPart(sku: SKU, couldOffer: Int, daily: Double?) -> StarvedPart {
        let margin = margin(sku)
        let units = daily.map { min(Double(couldOffer), $0 * horizon) } ?? Double(couldOffer)
        return StarvedPart(
            couldOffer: couldOffer, daily: daily, margin: margin, units: units, money: amount(units, margin.money))
    }

    /// A starved channel: the margin of the sales it cannot make, summed over its starved SKUs.
    /// The explanation shows the `shown` SKUs that cost the most and sums the rest in one line:
    /// a channel starved of 80,000 SKUs gets a readable explanation, and the briefing does not
    /// format 160,000 lines nobody reads. `dailyHow` writes how an entry's daily demand was
    /// reached, for the SKUs shown only (default: the entry's own `dailyHow`).
    public func starved(
        _ entries: [StarvedSKU], shown: Int = 10, dailyHow: (StarvedSKU) -> String = { $0.dailyHow }
    ) -> ProfitEffect {
        var total = MoneySum()
        var usesDefault = false
        var costliest = StarvedCostliest(limit: shown)
        var parts: [StarvedPart] = []
        parts.reserveCapacity(entries.count)
        for (index, entry) in entries.enumerated() {
            let part = starvedPart(sku: entry.sku, couldOffer: entry.couldOffer, daily: entry.daily)
            total.add(part.money)
            usesDefault = usesDefault || part.margin.isDefault
            costliest.offer(code: entry.sku.code, money: part.money, at: index)
            parts.append(part)
        }
        let top = costliest.entries.map { (code: $0.code, part: parts[$0.index]) }
        let byCode = Dictionary(costliest.entries.map { ($0.code, $0.index) }, uniquingKeysWith: { first, _ in first })
        return starvedEffect(count: entries.count, total: total.money, usesDefaultMargin: usesDefault, shown: top) {
            byCode[$0].map { dailyHow(entries[$0]) } ?? ""
        }
    }

    /// A starved channel's effect from its parts added up: `count` SKUs worth `total` in all
    /// (`usesDefaultMargin`: any of them priced at the default margin), `shown` the costliest
    /// (`StarvedCostliest`, in any order: written by code). `dailyHow` says how a shown SKU's
    /// daily demand was reached; it is asked only of SKUs with a demand.
    public func starvedEffect(
        count: Int, total: Money, usesDefaultMargin: Bool, shown: [(code: SKUCode, part: StarvedPart)],
        dailyHow: (SKUCode) -> String
    ) -> ProfitEffect {
        var inputs = [horizonInput]
        var steps: [BriefingLine] = []
        var shownMoney = Money.zero
        for (code, part) in shown.sorted(by: { $0.code < $1.code }) {
            let how: String
            if let daily = part.daily {
                how = "min(\(part.couldOffer), \(fixed(daily)) × \(settings.horizonDays))"
                inputs.append(BriefingLine("daily \(code)", fixed(daily), dailyHow(code)))
            } else {
                how = "no demand known: all \(part.couldOffer) it could be offered"
            }
            inputs.append(marginInput(code, part.margin))
            steps.append(
                BriefingLine(code.rawValue, "\(part.money)", "\(how) = \(fixed(part.units)) × \(part.margin.money)"))
            shownMoney += part.money
        }
        if count > shown.count {
            steps.append(
                BriefingLine(
                    "\(count - shown.count) more SKU(s)", "\(total - shownMoney)",
                    "the same rule (the \(shown.count) shown cost the most)"))
        }
        steps.append(BriefingLine("money", "\(total)", "sum over \(count) SKU(s)"))
        return ProfitEffect(
            money: total, rule: Self.starvedRule, inputs: inputs, steps: steps, usesDefaultMargin: usesDefaultMargin)
    }
}

/// The starved SKUs that cost the most, most money first (ties by code, so the lines shown are
/// the same on every run): at most `limit`, kept in one pass over the parts rather than by
/// sorting tens of thousands of them.
public struct StarvedCostliest: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var code: SKUCode
        public var money: Money
        /// Where the caller keeps the SKU's part (its position in a list), if it needs one.
        public var index: Int
    }

    public let limit: Int
    public private(set) var entries: [Entry] = []

    public init(limit: Int) { self.limit = max(0, limit) }

    /// Whether `a` is shown before `b`: more money, or as much and an earlier code.
    public static func costsMore(_ a: Entry, than b: Entry) -> Bool { (a.money, b.code) > (b.money, a.code) }

    /// Whether the list holds `limit` entries (a SKU that costs less than the last is not among them).
    public var isFull: Bool { entries.count >= limit }

    /// Takes the SKU in if it is among the costliest `limit` of those offered.
    public mutating func offer(code: SKUCode, money: Money, at index: Int = 0) {
        let entry = Entry(code: code, money: money, index: index)
        if let last = entries.last, isFull, !Self.costsMore(entry, than: last) { return }
        guard limit > 0 else { return }
        let at = entries.firstIndex { Self.costsMore(entry, than: $0) } ?? entries.count
        entries.insert(entry, at: at)
        if entries.count > limit { entries.removeLast() }
    }

    /// Takes the SKU out; it was one of them.
    public mutating func remove(_ code: SKUCode) -> Bool {
        guard let at = entries.firstIndex(where: { $0.code == code }) else { return false }
        entries.remove(at: at)
        return true
    }
}
