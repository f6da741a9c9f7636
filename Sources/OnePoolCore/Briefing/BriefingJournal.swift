/// What the briefing reads from the journal beyond the state and the forecasts, recorded event by
/// event in journal order: each channel's recent sales (how a SKU's demand splits between
/// channels, which prices exposure and starved channels) and the customer returns (the returns
/// item). `onepool briefing` and the console record the same events into one of these, so both
/// price every item alike.
public struct BriefingJournal: Sendable {
    /// How far back a channel's sales are counted to split a SKU's demand between channels.
    public static let channelSalesDays = 30

    public private(set) var channelSales: ChannelSales
    public private(set) var returns: ReturnsWindow

    /// For a briefing made on day `today` (the store's calendar): channel sales over the 30 days
    /// ending yesterday.
    public init(today: Int, utcOffsetSeconds: Int) {
        channelSales = ChannelSales(
            days: Self.channelSalesDays, lastDay: today - 1, utcOffsetSeconds: utcOffsetSeconds)
        returns = ReturnsWindow()
    }

    public mutating func record(_ event: Event) {
        channelSales.record(event)
        returns.record(event)
    }
}

/// The customer returns the briefing's returns item prices, kept as the one input of that item
/// (the returns fold of issue 16 feeds this struct, and nothing else changes).
public struct ReturnsWindow: Sendable {
    struct Entry: Sendable {
        var time: Timestamp
        var sku: SKUCode
        var channel: ChannelName
        var units: Int
    }

    private var entries: [Entry] = []

    public init() {}

    /// A customer return as it arrives (issue 16's `returns(.arrived)`), and the older
    /// `orderReturned` event stores may still hold, each dated by its facts' time — the day the
    /// units came back — as `ReturnRates` dates them.
    public mutating func record(_ event: Event) {
        switch event.change {
        case .orderReturned(let line, _):
            entries.append(Entry(time: line.time, sku: line.sku, channel: line.id.channel, units: line.quantity))
        case .returns(.arrived(let line)):
            entries.append(Entry(time: line.time, sku: line.sku, channel: line.id.channel, units: line.quantity))
        default:
            break
        }
    }

    /// Units returned per SKU and channel over the `days` days up to `now` (a SKU the state no
    /// longer has is left out), in SKU then channel order, as the money rule takes them; sums
    /// stop at `Int.max`.
    public func units(state: StockState, now: Timestamp, days: Int) -> [ProfitRule.ReturnedUnits] {
        let (span, spanOverflow) = Int64(max(0, days)).multipliedReportingOverflow(by: Timestamp.millisecondsPerDay)
        let (since, sinceOverflow) = now.millisecondsSince1970.subtractingReportingOverflow(span)
        let start = spanOverflow || sinceOverflow ? Int64.min : since
        var units: [ReturnRates.SKUChannel: Int] = [:]
        for entry in entries where entry.time.millisecondsSince1970 > start && entry.time <= now {
            let key = ReturnRates.SKUChannel(sku: entry.sku, channel: entry.channel)
            let (sum, overflow) = units[key, default: 0].addingReportingOverflow(entry.units)
            units[key] = overflow ? Int.max : sum
        }
        return units.keys.sorted().compactMap { key in
            guard let units = units[key], units > 0, let sku = state.sku(key.sku) else { return nil }
            return ProfitRule.ReturnedUnits(sku: sku, units: units, channel: key.channel)
        }
    }
}
