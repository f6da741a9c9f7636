/// What the forecast says of one SKU, as the money rule needs it (from its `Recommendation`).
public struct SKUOutlook: Hashable, Sendable {
    /// Expected units a day over lead time + review.
    public var daily: Double
    /// Days until available plus arrivals run out; nil: not within the planner's look-ahead.
    public var daysToStockout: Double?
    public var leadTimeDays: Int
    /// Expected units demanded and not met before the earliest delivery.
    public var expectedLostUnits: Double

    public init(daily: Double, daysToStockout: Double?, leadTimeDays: Int, expectedLostUnits: Double) {
        self.daily = daily
        self.daysToStockout = daysToStockout
        self.leadTimeDays = leadTimeDays
        self.expectedLostUnits = expectedLostUnits
    }

    public init(_ recommendation: Recommendation) {
        self.init(
            daily: recommendation.dailyForecast, daysToStockout: recommendation.daysToStockout,
            leadTimeDays: recommendation.leadTimeDays, expectedLostUnits: recommendation.expectedLostUnits)
    }

    /// Stockout before delivery (issue 13's one definition): the SKU runs out before an order
    /// placed today could arrive, and at least half a unit of demand is expected to go unmet.
    public var runsOutBeforeDelivery: Bool {
        guard let days = daysToStockout else { return false }
        return days < Double(leadTimeDays) && expectedLostUnits >= 0.5
    }
}

/// The demand the money rule prices against: each SKU's forecast and each channel's recent sales.
/// `.unknown` (the console before its forecasts are in) prices what needs demand at its upper
/// bound and says so in the item's explanation.
public struct DemandOutlook: Sendable {
    public var skus: [SKUCode: SKUOutlook]
    public var channelSales: ChannelSales?

    public init(skus: [SKUCode: SKUOutlook] = [:], channelSales: ChannelSales? = nil) {
        self.skus = skus
        self.channelSales = channelSales
    }

    public init(recommendations: [Recommendation], channelSales: ChannelSales? = nil) {
        var skus: [SKUCode: SKUOutlook] = [:]
        skus.reserveCapacity(recommendations.count)
        for recommendation in recommendations { skus[recommendation.sku] = SKUOutlook(recommendation) }
        self.init(skus: skus, channelSales: channelSales)
    }

    public static let unknown = DemandOutlook()

    public var isKnown: Bool { !skus.isEmpty || channelSales != nil }

    /// Expected units a day of `sku` on `channel`: the channel's own recent rate when it sold the
    /// SKU in the window; else the SKU's forecast (or recent rate on every channel) × the
    /// channel's share of the store's recent units. Nil when nothing is known of demand.
    public func channelDaily(channel: ChannelName, sku: SKUCode) -> (daily: Double, how: String)? {
        guard let rate = channelRate(channel: channel, sku: sku) else { return nil }
        switch rate {
        case .forecastOnly(let daily):
            return (daily, "the SKU's daily forecast (no channel sales known): \(NumberText.fixed(daily, places: 2))")
        case .own(let units, let days):
            return (rate.daily, "\(units) sold on \(channel) in the last \(days) d / \(days)")
        case .shared(let base, let share, let fromForecast, let days):
            let source = fromForecast ? "daily forecast" : "recent daily sales on every channel"
            return (
                rate.daily,
                "none sold on \(channel) in \(days) d: the SKU's \(source) \(NumberText.fixed(base, places: 2)) × "
                    + "\(channel)'s share of all units sold \(NumberText.fixed(share * 100, places: 1))%"
            )
        }
    }

    /// `channelDaily`'s number alone, without writing how it was reached: what pricing every
    /// starved SKU on every change needs (the text is written only for the SKUs shown).
    public func channelDailyRate(channel: ChannelName, sku: SKUCode) -> Double? {
        channelRate(channel: channel, sku: sku)?.daily
    }

    /// The numbers `channelDaily` is worked out from.
    private enum ChannelRate {
        case forecastOnly(Double)
        case own(units: Int, days: Int)
        case shared(base: Double, share: Double, fromForecast: Bool, days: Int)

        var daily: Double {
            switch self {
            case .forecastOnly(let daily): daily
            case .own(let units, let days): Double(units) / Double(days)
            case .shared(let base, let share, _, _): base * share
            }
        }
    }

    private func channelRate(channel: ChannelName, sku: SKUCode) -> ChannelRate? {
        let skuDaily = skus[sku]?.daily
        guard let sales = channelSales else { return skuDaily.map { .forecastOnly($0) } }
        let own = sales.units(channel: channel, sku: sku)
        if own > 0 { return .own(units: own, days: sales.days) }
        return .shared(
            base: skuDaily ?? Double(sales.units(sku: sku)) / Double(sales.days), share: sales.share(of: channel),
            fromForecast: skuDaily != nil, days: sales.days)
    }
}

/// Units sold per channel and SKU over a window of days (order lines placed, less cancelled):
/// how demand splits between channels, which the per-SKU forecast does not say.
public struct ChannelSales: Sendable, Equatable {
    /// Days in the window: the `days` days ending on `lastDay`.
    public let days: Int
    public let lastDay: Int
    public let utcOffsetSeconds: Int
    private var bySKU: [SKUCode: [ChannelName: Int]] = [:]
    private var byChannel: [ChannelName: Int] = [:]
    private var total = 0
    /// Each channel's share as of `holdShares()`, answered instead of the running one (nil: not held).
    private var heldShares: [ChannelName: Double]? = nil

    public init(days: Int, lastDay: Int, utcOffsetSeconds: Int) {
        self.days = max(1, days)
        self.lastDay = lastDay
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    public mutating func record(_ event: Event) {
        guard let (line, units) = Self.sale(in: event) else { return }
        add(units, sku: line.sku, channel: line.id.channel, day: line.time.day(offsetSeconds: utcOffsetSeconds))
    }

    /// Counts `units` sold of `sku` on `channel` on `day` (negative: cancelled), if the day is
    /// in the window: what `record` does with an order line, given its day (`DailyChannelSales`
    /// replays its saved days through here).
    /// What `event` does to a channel's sales — the one definition both this fold and a history
    /// checkpoint's `DailyChannelSales` use: a placed line adds its units, a cancelled line takes
    /// them back, anything else is not a sale (nil).
    public static func sale(in event: Event) -> (line: OrderLineFacts, units: Int)? {
        switch event.change {
        case .orderPlaced(let placed): (placed, placed.quantity)
        case .orderCancelled(let cancelled): (cancelled, -cancelled.quantity)
        default: nil
        }
    }

    public mutating func add(_ units: Int, sku: SKUCode, channel: ChannelName, day: Int) {
        guard day <= lastDay, day > lastDay - days else { return }
        Self.add(units, to: &bySKU[sku, default: [:]][channel, default: 0])
        Self.add(units, to: &byChannel[channel, default: 0])
        Self.add(units, to: &total)
    }

    /// A sum that stops at the limit of `Int` rather than trapping (a hostile journal's quantities).
    private static func add(_ units: Int, to sum: inout Int) {
        let (result, overflow) = sum.addingReportingOverflow(units)
        sum = overflow ? (units < 0 ? Int.min : Int.max) : result
    }

    public func units(channel: ChannelName, sku: SKUCode) -> Int { max(0, bySKU[sku]?[channel] ?? 0) }

    public func units(sku: SKUCode) -> Int {
        var sum = 0
        if let channels = bySKU[sku] { for units in channels.values { Self.add(units, to: &sum) } }
        return max(0, sum)
    }

    /// The channel's share of every unit sold in the window (0 when nothing sold), or as it
    /// stood when the shares were last held.
    public func share(of channel: ChannelName) -> Double {
        if let heldShares { return heldShares[channel] ?? 0 }
        return total > 0 ? Double(max(0, byChannel[channel] ?? 0)) / Double(total) : 0
    }

    /// Freezes every channel's share at its value now, until the next call; units go on being
    /// counted. Every order moves every channel's share a little, and with it the price of
    /// every SKU a channel never sold (priced by share): a reader that prices per SKU and
    /// re-prices only what news touched (the console's `StarvedLedger`) holds the shares
    /// between forecast refreshes, so that one order line re-prices one SKU. `onepool briefing`
    /// never holds them (its shares are those of the moment).
    public mutating func holdShares() {
        heldShares = nil
        var shares: [ChannelName: Double] = [:]
        for channel in byChannel.keys { shares[channel] = share(of: channel) }
        heldShares = shares
    }

    /// Whether `share(of:)` answers held shares (`holdShares()`).
    public var sharesHeld: Bool { heldShares != nil }
}
