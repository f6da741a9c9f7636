/// Units demanded per SKU per day, over all channels: order lines placed minus cancelled.
///
/// A pure fold of order events, bucketed by the store's days (UTC shifted by a fixed offset,
/// which the caller takes from the store's time zone). Forecasting reads it; the console draws
/// its sparklines and charts from it.
public struct DemandHistory: Sendable, Equatable {
    /// One SKU's daily units from `firstDay`, grown as later days arrive.
    public struct Series: Sendable, Equatable {
        public private(set) var firstDay: Int
        public private(set) var units: [Int32]

        init(day: Int) {
            firstDay = day
            units = [0]
        }

        /// A series as saved (a history checkpoint): `units` from `firstDay`, never empty.
        public init(firstDay: Int, units: [Int32]) {
            self.firstDay = firstDay
            self.units = units.isEmpty ? [0] : units
        }

        public var lastDay: Int { firstDay + units.count - 1 }

        mutating func add(_ quantity: Int, on day: Int) {
            if day < firstDay {
                units.insert(contentsOf: repeatElement(0, count: firstDay - day), at: 0)
                firstDay = day
            } else if day > lastDay {
                units.append(contentsOf: repeatElement(0, count: day - lastDay))
            }
            let index = day - firstDay
            // A day's units stop at Int32's limit rather than trapping (a hostile or mistyped
            // history; Bounds keeps real days far below it).
            let (sum, overflow) = Int(units[index]).addingReportingOverflow(quantity)
            units[index] = overflow ? (quantity > 0 ? Int32.max : 0) : Int32(clamping: max(0, sum))
        }

        /// Units on each of the `count` days ending with `lastDay` (zeros before the first sale).
        public func window(days count: Int, endingOn last: Int) -> [Int] {
            // A history that begins after `last` (a clock set back) gives an empty window, not a trap.
            (0..<max(0, count)).map { offset in
                let day = last - count + 1 + offset
                return day >= firstDay && day <= lastDay ? Int(units[day - firstDay]) : 0
            }
        }
    }

    public let utcOffsetSeconds: Int
    public private(set) var series: [SKUCode: Series] = [:]

    public init(utcOffsetSeconds: Int) { self.utcOffsetSeconds = utcOffsetSeconds }

    /// A history as saved (a history checkpoint): recording on from here continues the fold.
    public init(utcOffsetSeconds: Int, series: [SKUCode: Series]) {
        self.utcOffsetSeconds = utcOffsetSeconds
        self.series = series
    }

    public func day(of time: Timestamp) -> Int { time.day(offsetSeconds: utcOffsetSeconds) }

    public mutating func record(_ event: Event) {
        switch event.change {
        case .orderPlaced(let line), .demandRecorded(let line):
            add(line.sku, line.quantity, on: day(of: line.time))
        case .orderCancelled(let line):
            add(line.sku, -line.quantity, on: day(of: line.time))
        case .orderAmended(let amendment):
            // A closed line's old facts are not kept: its demand stays as recorded.
            guard let before = amendment.before else { break }
            add(before.sku, -before.quantity, on: day(of: before.time))
            add(amendment.after.sku, amendment.after.quantity, on: day(of: amendment.after.time))
        default:
            break
        }
    }

    private mutating func add(_ sku: SKUCode, _ quantity: Int, on day: Int) {
        if let index = series.index(forKey: sku) {
            series.values[index].add(quantity, on: day)
        } else {
            var fresh = Series(day: day)
            fresh.add(quantity, on: day)
            series[sku] = fresh
        }
    }

    /// Units over the `days` days ending with `last`: `window(…).reduce(0, +)` without building
    /// the window (sorts and alerts ask this of every SKU).
    public func total(_ sku: SKUCode, days: Int, endingOn last: Int) -> Int {
        guard let series = series[sku] else { return 0 }
        let first = max(series.firstDay, last - days + 1)
        let end = min(series.lastDay, last)
        guard first <= end else { return 0 }
        var units = 0
        for day in first...end { units += Int(series.units[day - series.firstDay]) }
        return units
    }

    public func window(_ sku: SKUCode, days: Int, endingOn last: Int) -> [Int] {
        series[sku]?.window(days: days, endingOn: last) ?? Array(repeating: 0, count: max(0, days))
    }
}
