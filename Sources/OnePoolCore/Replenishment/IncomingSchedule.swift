/// When the units on order (incoming) are expected: each purchase's day, oldest first.
///
/// A pure fold of `incomingChanged` and `received` events, and of purchase orders: a PO's
/// lines are purchases from the day it is sent, and its receipts take them off. A purchase is expected its SKU's
/// lead time after the day it was recorded; receipts take units off the oldest purchases first,
/// and a negative change (no longer expected) off the newest.
public struct IncomingSchedule: Sendable {
    public struct Purchase: Sendable, Equatable {
        public var day: Int
        public var quantity: Int

        public init(day: Int, quantity: Int) {
            self.day = day
            self.quantity = quantity
        }
    }

    public let utcOffsetSeconds: Int
    public private(set) var open: [SKUCode: [Purchase]] = [:]
    /// Drafted POs, until they are sent.
    private var drafts = DraftedOrders()

    public init(utcOffsetSeconds: Int) { self.utcOffsetSeconds = utcOffsetSeconds }

    /// A schedule as saved (a history checkpoint). Recording on from here continues the fold.
    public init(utcOffsetSeconds: Int, open: [SKUCode: [Purchase]], drafts: DraftedOrders) {
        self.utcOffsetSeconds = utcOffsetSeconds
        self.open = open
        self.drafts = drafts
    }

    /// The drafted orders not yet sent, for saving.
    public var draftedOrders: DraftedOrders { drafts }

    public mutating func record(_ event: Event) {
        switch event.change {
        case .incomingChanged(let sku, let delta, _) where delta > 0:
            open[sku, default: []].append(
                Purchase(day: event.time.day(offsetSeconds: utcOffsetSeconds), quantity: delta))
        case .incomingChanged(let sku, let delta, _) where delta < 0:
            take(-delta, from: sku, newestFirst: true)
        case .received(let sku, _, _, let fromIncoming) where fromIncoming > 0:
            take(fromIncoming, from: sku, newestFirst: false)
        case .purchasing(let change):
            if let sent = drafts.record(change) {
                let day = event.time.day(offsetSeconds: utcOffsetSeconds)
                for line in sent.lines {
                    open[line.sku, default: []].append(Purchase(day: day, quantity: line.quantity))
                }
            }
            if case .received(_, let sku, let quantity) = change { take(quantity, from: sku, newestFirst: false) }
        default:
            break
        }
    }

    private mutating func take(_ quantity: Int, from sku: SKUCode, newestFirst: Bool) {
        guard var purchases = open[sku] else { return }
        var left = quantity
        while left > 0, !purchases.isEmpty {
            let index = newestFirst ? purchases.count - 1 : 0
            let taken = min(left, purchases[index].quantity)
            purchases[index].quantity -= taken
            left -= taken
            if purchases[index].quantity == 0 { purchases.remove(at: index) }
        }
        open[sku] = purchases.isEmpty ? nil : purchases
    }

    /// Expected arrivals of `sku` as (days from `today`, units), reconciled with the pool's
    /// `incoming`: overdue purchases are expected tomorrow; units the journal cannot date are
    /// expected a lead time from today; purchases beyond `incoming` are dropped, newest first.
    public func arrivals(_ sku: SKUCode, incoming: Int, leadTimeDays: Int, today: Int) -> [Arrival] {
        var left = max(0, incoming)
        var arrivals: [Arrival] = []
        for purchase in open[sku] ?? [] where left > 0 {
            let quantity = min(left, purchase.quantity)
            arrivals.append(Arrival(inDays: max(1, purchase.day + leadTimeDays - today), quantity: quantity))
            left -= quantity
        }
        if left > 0 { arrivals.append(Arrival(inDays: max(1, leadTimeDays), quantity: left)) }
        return arrivals
    }
}

/// Units expected `inDays` days from today (1 = tomorrow).
public struct Arrival: Sendable, Equatable {
    public var inDays: Int
    public var quantity: Int

    public init(inDays: Int, quantity: Int) {
        self.inDays = inDays
        self.quantity = quantity
    }
}
