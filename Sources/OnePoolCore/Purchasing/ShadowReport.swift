/// "Recommend-only until the numbers match reality": over a window of days, what OnePool
/// recommended (its drafts), what was actually ordered (POs sent, and purchases recorded by
/// hand as incoming), and what happened (out-of-stock days, overstock now) — per SKU, so an
/// operator can judge whether to trust the next stage of autonomy.
public struct ShadowReport: Sendable {
    public struct Row: Sendable, Equatable {
        public var sku: SKUCode
        public var recommended = 0
        public var ordered = 0
        public var stockoutDays = 0
        public var overstockUnits = 0

        public init(sku: SKUCode) { self.sku = sku }
    }

    public let firstDay: Int
    public let lastDay: Int
    public private(set) var rows: [SKUCode: Row] = [:]
    private var drafted = DraftedOrders()
    private var utcOffsetSeconds: Int

    public init(firstDay: Int, lastDay: Int, utcOffsetSeconds: Int) {
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// Events in journal order.
    public mutating func record(_ event: Event) {
        let day = event.time.day(offsetSeconds: utcOffsetSeconds)
        let inWindow = day >= firstDay && day <= lastDay
        switch event.change {
        case .purchasing(let change):
            if case .drafted(let order) = change, inWindow {
                for line in order.lines { rows[line.sku, default: Row(sku: line.sku)].recommended += line.quantity }
            }
            if let sent = drafted.record(change), inWindow {
                for line in sent.lines { rows[line.sku, default: Row(sku: line.sku)].ordered += line.quantity }
            }
        case .incomingChanged(let sku, let delta, _) where delta > 0 && inWindow:
            rows[sku, default: Row(sku: sku)].ordered += delta
        default:
            break
        }
    }

    /// Adds what happened: out-of-stock days in the window and overstock now.
    public mutating func judge(stockouts: StockoutCalendar, overstock: [SKUCode: Int]) {
        let days = lastDay - firstDay + 1
        for code in Set(rows.keys).union(overstock.keys) {
            var row = rows[code] ?? Row(sku: code)
            row.stockoutDays = stockouts.censoredCount(code, days: days, endingOn: lastDay)
            row.overstockUnits = overstock[code] ?? 0
            rows[code] = row
        }
    }

    /// How close the operator's orders came to OnePool's recommendations, over SKUs where either
    /// ordered: 1 − Σ|ordered − recommended| / Σ max(ordered, recommended).
    public var agreement: Double? {
        var gap = 0
        var scale = 0
        for row in rows.values where row.ordered > 0 || row.recommended > 0 {
            gap += abs(row.ordered - row.recommended)
            scale += max(row.ordered, row.recommended)
        }
        return scale == 0 ? nil : 1 - Double(gap) / Double(scale)
    }
}
