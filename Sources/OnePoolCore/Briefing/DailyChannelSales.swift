/// Units sold per day, SKU and channel from day `since` on: the raw form of `ChannelSales`
/// that a history checkpoint keeps, since a `ChannelSales` is bound to the day it was made for
/// (its window ends yesterday) and a checkpoint written one night is read on later days.
///
/// The same rule as `ChannelSales.record`, from the same definition (`ChannelSales.sale(in:)`: order
/// lines placed, less cancelled, dated by the line's day in the store's zone); days before `since`
/// are dropped. `channelSales(lastDay:)`
/// gives exactly the `ChannelSales` a fold of the same events would for any window that starts
/// on or after `since`: a window sums the same lines, and no sum can reach `Int`'s limit on the
/// way (a line moves at most `Bounds.eventUnits`), so adding a day's total at once gives the sum
/// adding its lines one by one gives.
public struct DailyChannelSales: Sendable, Equatable {
    /// One day's units of one SKU on one channel.
    public struct Key: Hashable, Sendable {
        public var day: Int
        public var sku: SKUCode
        public var channel: ChannelName

        public init(day: Int, sku: SKUCode, channel: ChannelName) {
            self.day = day
            self.sku = sku
            self.channel = channel
        }
    }

    public let utcOffsetSeconds: Int
    /// The first day kept.
    public private(set) var since: Int
    public private(set) var units: [Key: Int] = [:]

    public init(since: Int, utcOffsetSeconds: Int, units: [Key: Int] = [:]) {
        self.since = since
        self.utcOffsetSeconds = utcOffsetSeconds
        self.units = units.filter { $0.key.day >= since }
    }

    public mutating func record(_ event: Event) {
        guard let (line, sold) = ChannelSales.sale(in: event) else { return }
        let day = line.time.day(offsetSeconds: utcOffsetSeconds)
        guard day >= since else { return }
        let key = Key(day: day, sku: line.sku, channel: line.id.channel)
        let (sum, overflow) = units[key, default: 0].addingReportingOverflow(sold)
        units[key] = overflow ? (sold < 0 ? Int.min : Int.max) : sum
    }

    /// Drops the days before `day` (a later checkpoint needs fewer).
    public mutating func keep(from day: Int) {
        guard day > since else { return }
        since = day
        units = units.filter { $0.key.day >= day }
    }

    /// Whether the window of `days` days ending on `lastDay` lies within the days kept.
    public func covers(days: Int, endingOn lastDay: Int) -> Bool { lastDay - max(1, days) + 1 >= since }

    /// The channel sales of the `days` days ending on `lastDay`, as `ChannelSales` folded from the
    /// journal gives them when `covers` holds.
    public func channelSales(days: Int, lastDay: Int) -> ChannelSales {
        var sales = ChannelSales(days: days, lastDay: lastDay, utcOffsetSeconds: utcOffsetSeconds)
        for (key, units) in units { sales.add(units, sku: key.sku, channel: key.channel, day: key.day) }
        return sales
    }
}
