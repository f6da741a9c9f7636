/// What replenishment reads from the journal, in one pass: demand per day, the days each SKU
/// was out of stock (censored), and when the units on order are expected.
public struct ReplenishmentHistory: Sendable {
    public private(set) var demand: DemandHistory
    public private(set) var stockouts: StockoutCalendar
    public private(set) var incoming: IncomingSchedule

    public init(utcOffsetSeconds: Int) {
        demand = DemandHistory(utcOffsetSeconds: utcOffsetSeconds)
        stockouts = StockoutCalendar(utcOffsetSeconds: utcOffsetSeconds)
        incoming = IncomingSchedule(utcOffsetSeconds: utcOffsetSeconds)
    }

    /// The three folds made apart: they are independent of one another (each folds every event
    /// in journal order on its own), so a reader may fold them on different threads.
    public init(demand: DemandHistory, stockouts: StockoutCalendar, incoming: IncomingSchedule) {
        self.demand = demand
        self.stockouts = stockouts
        self.incoming = incoming
    }

    public var utcOffsetSeconds: Int { demand.utcOffsetSeconds }

    /// Events in journal order.
    public mutating func record(_ event: Event) {
        demand.record(event)
        stockouts.record(event)
        incoming.record(event)
    }

    /// The planner's input for one SKU: the `days` days of history ending yesterday (`today − 1`),
    /// starting no earlier than the SKU's creation or first recorded demand, whichever came first.
    /// A component's demand includes its bundles' sales × quantity (`bundles`: the store's recipes).
    public func input(
        for pool: SKUPool, today: Int, days: Int, leadTimeDays: Int, onOrder: Int = 0,
        bundles: BundleBook = BundleBook()
    ) -> ReplenishmentPlanner.Input {
        let code = pool.sku.code
        let last = today - 1
        let users = bundles.bundles(using: code)
        let starts =
            ([demand.series[code]?.firstDay, stockouts.firstDay(code)] + users.map { demand.series[$0]?.firstDay })
            .compactMap { $0 }
        let count = min(max(1, days), max(1, last - (starts.min() ?? last) + 1))
        let units =
            users.isEmpty
            ? demand.window(code, days: count, endingOn: last)
            : demand.windowWithBundles(code, bundles: bundles, days: count, endingOn: last)
        let censored = stockouts.censored(code, days: count, endingOn: last)
        let arrivals = incoming.arrivals(code, incoming: pool.stock.incoming, leadTimeDays: leadTimeDays, today: today)
        return ReplenishmentPlanner.Input(
            sku: pool.sku, stock: pool.stock, demand: units, censored: censored, arrivals: arrivals, onOrder: onOrder)
    }
}
