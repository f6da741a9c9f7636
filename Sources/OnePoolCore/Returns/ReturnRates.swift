/// Return rates, measured once: units returned ÷ units shipped per SKU and per channel over a
/// window of days. Fed the journal's events in order (`record`); a return counts on the day the
/// channel says it came back, a shipment on the day it shipped. A return does not undo the sale
/// in demand history (`DemandHistory` never reads returns): the customer did want it that day.
///
/// Returns in the window may be of units shipped before it, so a rate can exceed 100 % over a
/// short window; `rate` says so rather than clamping it.
public struct ReturnRates: Sendable {
    /// Units shipped and returned in the window.
    public struct Tally: Hashable, Sendable {
        public var shipped = 0
        public var returned = 0

        public init(shipped: Int = 0, returned: Int = 0) {
            self.shipped = shipped
            self.returned = returned
        }

        /// Returned ÷ shipped; nil when nothing shipped in the window.
        public var rate: Double? { shipped > 0 ? Double(returned) / Double(shipped) : nil }
    }

    public struct SKUChannel: Hashable, Sendable, Comparable {
        public var sku: SKUCode
        public var channel: ChannelName

        public init(sku: SKUCode, channel: ChannelName) {
            self.sku = sku
            self.channel = channel
        }

        public static func < (a: Self, b: Self) -> Bool { (a.sku, a.channel) < (b.sku, b.channel) }
    }

    /// Events at or before this moment and after `days` days before it count.
    public let until: Timestamp
    public let days: Int
    public private(set) var bySKUChannel: [SKUChannel: Tally] = [:]

    public init(days: Int, until: Timestamp) {
        self.days = max(1, days)
        self.until = until
    }

    private var since: Int64 {
        let (back, overflow) = Int64(days).multipliedReportingOverflow(by: Timestamp.millisecondsPerDay)
        return overflow ? Int64.min : until.millisecondsSince1970 &- back
    }

    private func inWindow(_ time: Timestamp) -> Bool { time.millisecondsSince1970 > since && time <= until }

    public mutating func record(_ event: Event) {
        switch event.change {
        case .orderShipped(let line), .demandRecorded(let line):
            guard inWindow(line.time) else { return }
            add(SKUChannel(sku: line.sku, channel: line.id.channel), shipped: line.quantity, returned: 0)
        case .orderReturned(let line, _):
            // Its facts are dated by the return (as the demo, its only writer, dates them).
            guard inWindow(line.time) else { return }
            add(SKUChannel(sku: line.sku, channel: line.id.channel), shipped: 0, returned: line.quantity)
        case .returns(.arrived(let line)):
            guard inWindow(line.time) else { return }
            add(SKUChannel(sku: line.sku, channel: line.id.channel), shipped: 0, returned: line.quantity)
        default:
            break
        }
    }

    private mutating func add(_ key: SKUChannel, shipped: Int, returned: Int) {
        var tally = bySKUChannel[key] ?? Tally()
        tally.shipped = ReturnsState.sum(tally.shipped, shipped)
        tally.returned = ReturnsState.sum(tally.returned, returned)
        bySKUChannel[key] = tally
    }

    /// Per SKU over every channel.
    public var bySKU: [SKUCode: Tally] { grouped { $0.sku } }

    /// Per channel over every SKU.
    public var byChannel: [ChannelName: Tally] { grouped { $0.channel } }

    private func grouped<Key: Hashable>(_ key: (SKUChannel) -> Key) -> [Key: Tally] {
        var result: [Key: Tally] = [:]
        for (pair, tally) in bySKUChannel {
            var total = result[key(pair)] ?? Tally()
            total.shipped = ReturnsState.sum(total.shipped, tally.shipped)
            total.returned = ReturnsState.sum(total.returned, tally.returned)
            result[key(pair)] = total
        }
        return result
    }

    /// Units returned per SKU and channel, as the money rule prices them (the briefing's input):
    /// SKUs no longer in the catalogue are left out.
    public func returnedUnits(in state: StockState) -> [ProfitRule.ReturnedUnits] {
        bySKUChannel.keys.sorted().compactMap { key in
            guard let tally = bySKUChannel[key], tally.returned > 0, let sku = state.sku(key.sku) else { return nil }
            return ProfitRule.ReturnedUnits(sku: sku, units: tally.returned, channel: key.channel)
        }
    }
}
