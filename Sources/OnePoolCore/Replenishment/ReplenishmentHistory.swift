/// What replenishment reads from the journal, in one pass: demand per day, the days each SKU
/// was out of stock (censored), and when the units on order are expected. Days the store is
/// inferred closed (`InferredClosedDays`, the rule `forecast evaluate` and `simulate --data` use)
/// are censored too, once `inferClosedDays(through:)` has run.
public struct ReplenishmentHistory: Sendable {
    public private(set) var demand: DemandHistory
    public private(set) var stockouts: StockoutCalendar
    public private(set) var incoming: IncomingSchedule
    /// Days inferred store-closed, ascending (empty until `inferClosedDays(through:)`): censored in
    /// every SKU's history, as zero is not the demand of a shut shop or of a day whose orders
    /// never came in.
    public private(set) var closedDays: [Int] = []

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
        let (censored, closed) = censoredDays(code, days: count, endingOn: last)
        let arrivals = incoming.arrivals(code, incoming: pool.stock.incoming, leadTimeDays: leadTimeDays, today: today)
        return ReplenishmentPlanner.Input(
            sku: pool.sku, stock: pool.stock, demand: units, censored: censored, closedDays: closed, arrivals: arrivals,
            onOrder: onOrder)
    }

    /// One flag per day of the `days` ending with `last`: true where `code` was out of stock or
    /// the store was inferred closed; and how many were censored only for the store being closed.
    /// What every reader of a SKU's history censors (`input`, `simulate` from the store).
    public func censoredDays(_ code: SKUCode, days: Int, endingOn last: Int) -> (flags: [Bool], closedOnly: Int) {
        var flags = stockouts.censored(code, days: days, endingOn: last)
        let closed = censorClosedDays(&flags, endingOn: last)
        return (flags, closed)
    }

    /// Marks the inferred closed days among the days `censored` covers (ending with `last`) and
    /// returns how many it marked that were not censored already. Only the few closed days are
    /// visited, not every day of the window.
    private func censorClosedDays(_ censored: inout [Bool], endingOn last: Int) -> Int {
        let first = last - censored.count + 1
        var low = 0
        var high = closedDays.count
        while low < high {
            let middle = (low + high) / 2
            if closedDays[middle] < first { low = middle + 1 } else { high = middle }
        }
        var marked = 0
        for day in closedDays[low...] {
            guard day <= last else { break }
            if !censored[day - first] {
                censored[day - first] = true
                marked += 1
            }
        }
        return marked
    }

    /// Infers the store-closed days up to `last` (yesterday, for a pass on day `last + 1`) from
    /// the whole catalogue: every SKU has a value from the day its history starts (its creation or
    /// first demand, whichever came first: where `input` starts it) on, and the day's total is
    /// what all of them sold. Each day's verdict rests only on the days up to it, so a later
    /// `last` never changes an earlier day's. One pass over the series' `Int32` days, no copy.
    public mutating func inferClosedDays(through last: Int) {
        closedDays = Self.inferredClosedDays(demand: demand, stockouts: stockouts, through: last).days
    }

    /// The inference `inferClosedDays(through:)` stores.
    public static func inferredClosedDays(demand: DemandHistory, stockouts: StockoutCalendar, through last: Int)
        -> InferredClosedDays
    {
        let tracks = stockouts.savedTracks
        var starts: [Int] = []
        starts.reserveCapacity(max(demand.series.count, tracks.count))
        for (code, series) in demand.series {
            starts.append(min(series.firstDay, tracks[code]?.firstDay ?? series.firstDay))
        }
        for (code, track) in tracks where demand.series[code] == nil { starts.append(track.firstDay) }
        guard let base = starts.min(), base <= last else {
            return InferredClosedDays(first: 0, totals: [], counts: [])
        }
        let length = last - base + 1
        var sums = [Int](repeating: 0, count: length)
        var counts = [Int](repeating: 0, count: length + 1)
        for start in starts where start <= last { counts[start - base] += 1 }
        for index in 1..<length { counts[index] += counts[index - 1] }
        counts.removeLast()
        sums.withUnsafeMutableBufferPointer { sums in
            guard let target = sums.baseAddress else { return }
            for series in demand.series.values where series.firstDay <= last {
                let count = min(series.units.count, last - series.firstDay + 1)
                series.units.withUnsafeBufferPointer { units in
                    guard let source = units.baseAddress else { return }
                    add(source, to: target + (series.firstDay - base), count: count)
                }
            }
        }
        return InferredClosedDays(first: base, totals: sums.map(Double.init), counts: counts)
    }

    /// `target[i] += source[i]` for i < `count`: plain pointers held in locals, so the loop
    /// vectorises (the pass reads every stored day of the catalogue).
    private static func add(_ source: UnsafePointer<Int32>, to target: UnsafeMutablePointer<Int>, count: Int) {
        for index in 0..<count { target[index] &+= Int(source[index]) }
    }
}
