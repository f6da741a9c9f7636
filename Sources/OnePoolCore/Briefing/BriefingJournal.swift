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

    /// A journal from its parts: a checkpoint's channel sales and returns, recorded on from there.
    public init(channelSales: ChannelSales, returns: ReturnsWindow) {
        self.channelSales = channelSales
        self.returns = returns
    }

    /// For a briefing made on day `today`, from a checkpoint's saved days and returns (nil when
    /// the days kept do not reach back to the window's start).
    public init?(today: Int, daily: DailyChannelSales, returns: ReturnsWindow) {
        guard daily.covers(days: Self.channelSalesDays, endingOn: today - 1) else { return nil }
        self.init(channelSales: daily.channelSales(days: Self.channelSalesDays, lastDay: today - 1), returns: returns)
    }

    public mutating func record(_ event: Event) {
        channelSales.record(event)
        returns.record(event)
    }

    /// Freezes the channels' shares of sales at their values now (`ChannelSales.holdShares`).
    public mutating func holdShares() { channelSales.holdShares() }
}

/// The customer returns the briefing's returns item prices, kept as the one input of that item
/// (the returns fold of issue 16 feeds this struct, and nothing else changes).
public struct ReturnsWindow: Sendable {
    /// One return, as recorded (public so that a history checkpoint can save it).
    public struct Entry: Sendable, Equatable {
        public var time: Timestamp
        public var sku: SKUCode
        public var channel: ChannelName
        public var units: Int

        public init(time: Timestamp, sku: SKUCode, channel: ChannelName, units: Int) {
            self.time = time
            self.sku = sku
            self.channel = channel
            self.units = units
        }
    }

    /// Every return recorded, in journal order.
    public private(set) var entries: [Entry] = []

    public init() {}

    /// A window as saved (a history checkpoint), its returns in journal order.
    public init(entries: [Entry]) { self.entries = entries }

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
