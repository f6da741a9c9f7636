import Foundation
import OnePoolCore

/// What the demo is generated from. The generator is a pure function of these: it never reads
/// a clock or the environment, so the same parameters always give the same journal.
public struct DemoParameters: Hashable, Sendable {
    var seed: UInt64
    var skuCount: Int
    var days: Int
    /// "Now": the history ends at this moment (events of the last day are all at or before it).
    var today: Timestamp
    /// The store's offset from UTC now, in seconds: where today begins.
    public var utcOffsetSeconds: Int
    /// The offset on each simulated day (summer time), oldest first; empty: `utcOffsetSeconds` throughout.
    var dayOffsets: [Int]

    init(
        seed: UInt64, skuCount: Int = 300, days: Int = 730, today: Timestamp, utcOffsetSeconds: Int = 0,
        dayOffsets: [Int] = []
    ) {
        self.seed = seed
        self.skuCount = skuCount
        self.days = days
        self.today = today
        self.utcOffsetSeconds = utcOffsetSeconds
        self.dayOffsets = dayOffsets
    }

    /// Parameters for a store in `zone`, with each simulated day's own UTC offset (taken at its noon).
    public static func inZone(_ zone: TimeZone, seed: UInt64, skuCount: Int, days: Int, today: Timestamp)
        -> DemoParameters
    {
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(today.millisecondsSince1970) / 1000))
        let todayNumber = today.day(offsetSeconds: offset)
        let offsets = (0..<max(1, days)).map { day -> Int in
            let noon = (todayNumber - (days - 1) + day) * 86_400 + 12 * 3600 - offset
            return zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(noon)))
        }
        return DemoParameters(
            seed: seed, skuCount: skuCount, days: days, today: today, utcOffsetSeconds: offset, dayOffsets: offsets)
    }
}

/// The changes of one simulated day (or of the opening set-up), to append as one batch stamped
/// with `time`: one `Store.transact` per day.
public struct DemoBatch: Sendable {
    /// 0-based simulated day (the set-up batch belongs to day 0).
    public var day: Int
    public var isSetup: Bool
    public var time: Timestamp
    var changes: [ProposedChange]
}

/// What happened behind the journal's back: demand the shop never saw because it was out of stock.
public struct DemoStats: Sendable, Equatable {
    public var lostUnits = 0
    public var lostLines = 0
    /// SKU-days that ended with nothing available to sell.
    public var stockoutDays = 0
    public var oversoldLines = 0
    public var purchaseOrders = 0
}

/// Simulates a small multichannel shop day by day and yields its history as OnePool changes.
///
/// Demand: per SKU and web channel a Poisson number of order lines a day, from the SKU's base
/// rate × trend (growing or declining) × the category's season × the channel's weekday shape
/// (web peaks at the weekend) × promotions and Black Friday; slow movers order rarely but
/// several at a time. Wholesale customers order every couple of weeks on weekdays, many lines
/// in inner packs. Demand meets the pool: with nothing available the sale is lost (not
/// recorded), except a marketplace whose listing lagged just after a stockout (an oversell fact).
///
/// Replenishment: on its review days the buyer orders from each supplier every SKU whose stock
/// position (free stock + incoming) is at or below a reorder point from a smoothed estimate of
/// recorded demand over lead time + review period, up to some weeks of cover, in whole cases,
/// at least the MOQ. The buyer skips some reviews and takes a summer holiday; suppliers are
/// sometimes late or short: so there are stockouts.
///
/// Operations: lines ship 0–3 days after they are placed (no dispatch on Sundays), a few are
/// cancelled or returned; cycle counts find small discrepancies; units get damaged (unsellable,
/// later restored or written off); a wholesale customer's order is held ahead of time.
struct DemoGenerator: IteratorProtocol {
    let parameters: DemoParameters
    let products: [DemoProduct]
    /// Local day number (days since 1970-01-01 in the store's zone) of simulated day 0.
    let firstDayNumber: Int
    private(set) var stats = DemoStats()

    static let actor: UserName = "demo"

    private var random: DemoRandom
    private var nextDay = -1
    private let lastDay: Int
    /// Seconds into the last day at which "now" falls: nothing after it has happened yet.
    private let secondsIntoToday: Int

    /// The pool as the simulation sees it: Core's fold of every change emitted so far.
    private var pool = StockState()
    private var sequence: UInt64 = 0
    private var created: [Bool]
    private var listed: [Bool]
    private var estimate: [Double]
    private var demandToday: [Int]
    private var outSince: [Int?]
    private var openLines: [OpenLine] = []
    private var purchaseLines: [PurchaseLine] = []
    private var returns: [PendingReturn] = []
    private var inspections: [PendingInspection] = []
    private var returnCount = 0
    private var unsellableLots: [UnsellableLot] = []
    private var holds: [Hold] = []
    private var holdDays: Set<Int> = []
    private var promotions: [Promotion] = []
    private var counters: [Int] = [1000, 0, 0, 0]
    private var purchaseOrderNumber = 2400
    private var changes: [ProposedChange] = []
    private let wholesaleInterest: [[Int]]
    private let indexByCode: [SKUCode: Int]
    private let categoryIndex: [Int]

    private struct OpenLine {
        var facts: OrderLineFacts
        var product: Int
        var channel: DemoChannel
        var placedDay: Int
        var shipDay: Int
        var cancelDay: Int?
        var oversold: Bool
    }

    private struct PurchaseLine {
        var reference: String
        var product: Int
        var quantity: Int
        var arrivalDay: Int
        var short: Bool
    }

    private struct PendingReturn {
        var day: Int
        var facts: OrderLineFacts
        var restock: Bool
    }

    /// A return that arrived and waits on the inspection bench until `day`.
    private struct PendingInspection {
        var day: Int
        var product: Int
        var quantity: Int
        var restock: Bool
    }

    /// Why customers send things back (as the channels' reason codes read, in words).
    private static let returnReasons = [
        "defective", "damaged in transit", "not as described", "changed mind", "wrong item ordered",
    ]

    private struct UnsellableLot {
        var product: Int
        var quantity: Int
        var resolveDay: Int
        var writeOff: Bool
    }

    private struct Hold {
        var product: Int
        var quantity: Int
        var releaseDay: Int
        var customer: Int
    }

    private struct Promotion {
        var product: Int
        var days: ClosedRange<Int>
        var multiplier: Double
    }

    private struct PendingOrder {
        var channel: DemoChannel
        var second: Int
        var lines: [(product: Int, quantity: Int)]
        var customer: Int? = nil
    }

    init(_ parameters: DemoParameters) {
        self.parameters = parameters
        let days = max(1, parameters.days)
        products = DemoCatalogue.make(seed: parameters.seed, count: parameters.skuCount, days: days)
        let todayNumber = parameters.today.day(offsetSeconds: parameters.utcOffsetSeconds)
        firstDayNumber = todayNumber - (days - 1)
        lastDay = days - 1
        let localMilliseconds = parameters.today.millisecondsSince1970 + Int64(parameters.utcOffsetSeconds) * 1000
        secondsIntoToday = Int((localMilliseconds - Int64(todayNumber) * Timestamp.millisecondsPerDay) / 1000)
        random = DemoRandom(seed: parameters.seed, stream: 2)
        let catalogue = products
        let count = catalogue.count
        created = Array(repeating: false, count: count)
        listed = Array(repeating: false, count: count)
        estimate = catalogue.map { $0.rate * (1 + 0.15 * ($0.wholesale ? 1 : 0)) }
        demandToday = Array(repeating: 0, count: count)
        outSince = Array(repeating: nil, count: count)
        wholesaleInterest = DemoWholesaleCustomer.all.map { customer in
            catalogue.indices.filter { catalogue[$0].wholesale && customer.categories.contains(catalogue[$0].category) }
        }
        indexByCode = Dictionary(uniqueKeysWithValues: catalogue.enumerated().map { ($1.sku.code, $0) })
        categoryIndex = catalogue.map { DemoCategory.allCases.firstIndex(of: $0.category) ?? 0 }
        planPromotionsAndHolds(days: days)
    }

    /// Every batch at once (tests; the command streams them instead).
    static func generateAll(_ parameters: DemoParameters) -> [DemoBatch] {
        var generator = DemoGenerator(parameters)
        var batches: [DemoBatch] = []
        while let batch = generator.next() { batches.append(batch) }
        return batches
    }

    /// Set-up first, then one batch per simulated day; nil when today is done.
    mutating func next() -> DemoBatch? {
        defer { nextDay += 1 }
        if nextDay < 0 { return setUp() }
        guard nextDay <= lastDay else { return nil }
        return simulate(day: nextDay)
    }

    /// Number of batches `next()` yields.
    var batchCount: Int { lastDay + 2 }

    /// The simulation's own view of a SKU's pool (tests compare it with the store's fold).
    func simulatedStock(_ code: SKUCode) -> StockLevel? { pool.stock(code) }

    // MARK: - Time

    /// The moment `second` seconds into simulated day `day`, in the store's zone.
    func time(_ day: Int, _ second: Int) -> Timestamp {
        let localDayStart = Int64(firstDayNumber + day) * Timestamp.millisecondsPerDay
        return Timestamp(millisecondsSince1970: localDayStart + Int64(second - offset(day)) * 1000)
    }

    /// The UTC offset on simulated day `day` (today's own on the last day, so "now" lines up).
    private func offset(_ day: Int) -> Int {
        guard day != lastDay, day >= 0, day < parameters.dayOffsets.count else { return parameters.utcOffsetSeconds }
        return parameters.dayOffsets[day]
    }

    /// Whether a moment of day `day` is already in the past (only the last day is cut short).
    private func happened(_ day: Int, _ second: Int) -> Bool { day < lastDay || second <= secondsIntoToday }

    // MARK: - Set-up

    private mutating func setUp() -> DemoBatch {
        changes = []
        for channel in DemoChannel.allCases { emit(.channelAdded(channel.channel)) }
        for channel in DemoChannel.allCases { emit(.channelConfigured(name: channel.name, settings: channel.settings)) }
        for index in products.indices where products[index].launchDay == 0 {
            createProduct(index)
        }
        for index in products.indices where products[index].launchDay == 0 {
            let product = products[index]
            if product.safety > 0 { emit(.safetySet(sku: product.sku.code, quantity: product.safety)) }
            let supplier = DemoSupplier.all[product.supplier]
            let days = random.uniform(0.5, 1.3) * (Double(supplier.leadTimeDays) + supplier.coverDays)
            let quantity = roundUp(Int((product.rate * days).rounded(.up)), to: product.sku.casePack)
            let opening = max(quantity, product.sku.minimumOrderQuantity / 2)
            if opening > 0 {
                emit(.received(sku: product.sku.code, quantity: opening, reference: "opening stock", fromIncoming: 0))
            }
            listed[index] = true
        }
        return DemoBatch(day: 0, isSetup: true, time: time(0, 6 * 3600), changes: changes)
    }

    private mutating func createProduct(_ index: Int) {
        emit(.skuCreated(products[index].sku))
        created[index] = true
    }

    private mutating func planPromotionsAndHolds(days: Int) {
        var plan = DemoRandom(seed: parameters.seed, stream: 3)
        if days >= 60 {
            let candidates = products.indices.filter {
                !products[$0].intermittent && products[$0].launchDay == 0 && products[$0].rate >= 0.25
            }
            for _ in 0..<max(2, days / 75) where !candidates.isEmpty {
                let start = plan.int(14...(days - 10))
                let length = plan.int(3...7)
                promotions.append(
                    Promotion(
                        product: plan.pick(candidates), days: start...(start + length - 1),
                        multiplier: plan.uniform(2.5, 5)))
            }
        }
        if days >= 120 {
            var day = plan.int(40...90)
            while day < days - 20 {
                holdDays.insert(day)
                day += plan.int(80...140)
            }
        }
        // One wholesale order is being held right now (placed a few days ago, collected next week).
        if days >= 14 { holdDays.insert(days - 4) }
    }

    // MARK: - A day

    private mutating func simulate(day: Int) -> DemoBatch {
        changes = []
        let dayNumber = firstDayNumber + day
        let date = DemoDate(dayNumber: dayNumber)
        let weekday = DemoDate.weekday(dayNumber)
        let closed = (date.month == 12 && (date.day == 25 || date.day == 26)) || (date.month == 1 && date.day == 1)
        for index in demandToday.indices { demandToday[index] = 0 }

        let orders = drawOrders(day: day, date: date, weekday: weekday)
        // Fixed moments of the working day, interleaved with the orders as they arrive.
        var phases: [(second: Int, run: (inout DemoGenerator) -> Void)] = []
        if !closed {
            phases.append((8 * 3600, { $0.launchProducts(day: day) }))
            if weekday != 6 { phases.append((9 * 3600, { $0.receiveDeliveries(day: day) })) }
            phases.append((10 * 3600, { $0.warehouseChores(day: day, weekday: weekday) }))
            phases.append((11 * 3600, { $0.reviewPurchasing(day: day, date: date, weekday: weekday) }))
            phases.append((15 * 3600 + 1800, { $0.cancelLines(day: day) }))
            if weekday != 6 { phases.append((16 * 3600, { $0.dispatch(day: day) })) }
        }
        var next = 0
        for order in orders {
            while next < phases.count && phases[next].second <= order.second {
                if happened(day, phases[next].second) { phases[next].run(&self) }
                next += 1
            }
            guard happened(day, order.second) else { break }
            place(order, day: day)
        }
        while next < phases.count {
            if happened(day, phases[next].second) { phases[next].run(&self) }
            next += 1
        }
        if day == lastDay { ensureOversells(day: day) }

        for index in products.indices where listed[index] {
            estimate[index] = 0.93 * estimate[index] + 0.07 * Double(demandToday[index])
            if stock(index).available <= 0 { stats.stockoutDays += 1 }
        }
        // Every event of the day carries the day's closing moment (or "now" on the last day), so
        // no order line's own time is after the event that records it.
        let batchTime = day == lastDay ? parameters.today : time(day, 86_399)
        return DemoBatch(day: day, isSetup: false, time: batchTime, changes: changes)
    }

    // MARK: Demand

    private func trend(_ index: Int, day: Int) -> Double {
        let product = products[index]
        if product.launchDay > 0 {
            let age = Double(day - product.launchDay)
            let rampUp = min(1, 0.3 + age / 30)
            return rampUp * exp(product.trendPerYear * age / 365)
        }
        return exp(product.trendPerYear * (Double(day) - Double(parameters.days) / 2) / 365)
    }

    private func eventFactor(_ date: DemoDate, dayNumber: Int, channel: DemoChannel) -> Double {
        let blackFriday = DemoDate.blackFriday(year: date.year)
        if dayNumber >= blackFriday && dayNumber <= blackFriday + 3 {
            return channel == .shopify ? 2.6 : 2.0
        }
        if date.month == 12 {
            switch date.day {
            case 22...24: return 0.7
            case 25: return 0.4
            case 26: return 1.3
            default: break
            }
        }
        return 1
    }

    private func promotion(_ index: Int, day: Int) -> Promotion? {
        promotions.first { $0.product == index && $0.days.contains(day) }
    }

    /// Draws the day's orders (before any meet the pool), sorted by time of day.
    private mutating func drawOrders(day: Int, date: DemoDate, weekday: Int) -> [PendingOrder] {
        let dayNumber = firstDayNumber + day
        let dayOfYear = date.dayOfYear
        let seasons = DemoCategory.allCases.map { $0.season(dayOfYear: dayOfYear) }
        var orders: [PendingOrder] = []
        var promoted: [Int: Double] = [:]
        for promotion in promotions where promotion.days.contains(day) {
            promoted[promotion.product] = promotion.multiplier
        }
        let channelFactors = DemoChannel.web.map {
            $0.weekly[weekday] * eventFactor(date, dayNumber: dayNumber, channel: $0)
        }
        var linesByChannel: [[(product: Int, quantity: Int)]] = Array(repeating: [], count: DemoChannel.web.count)
        for index in products.indices where listed[index] && day >= products[index].launchDay {
            let product = products[index]
            let base = product.rate * trend(index, day: day) * seasons[categoryIndex[index]]
            for channel in DemoChannel.web {
                let share = product.channelShares[channel.rawValue]
                guard share > 0 else { continue }
                var mean = base * share * channelFactors[channel.rawValue]
                if let multiplier = promoted[index] {
                    mean *= channel == .shopify ? multiplier : 1 + (multiplier - 1) * 0.3
                }
                if product.intermittent {
                    for _ in 0..<random.poisson(mean / 2.4) {
                        linesByChannel[channel.rawValue].append((index, min(8, 1 + geometric(0.45))))
                    }
                } else {
                    for _ in 0..<random.poisson(mean / 1.22) {
                        let roll = random.unit()
                        linesByChannel[channel.rawValue].append(
                            (index, roll < 0.83 ? 1 : roll < 0.96 ? 2 : roll < 0.99 ? 3 : 4))
                    }
                }
            }
        }
        for channel in DemoChannel.web {
            var lines = linesByChannel[channel.rawValue]
            random.shuffle(&lines)
            var position = 0
            while position < lines.count {
                let roll = random.unit()
                let size = min(lines.count - position, roll < 0.8 ? 1 : roll < 0.96 ? 2 : 3)
                var orderLines: [(product: Int, quantity: Int)] = []
                for line in lines[position..<(position + size)] {
                    if let same = orderLines.firstIndex(where: { $0.product == line.product }) {
                        orderLines[same].quantity += line.quantity
                    } else {
                        orderLines.append(line)
                    }
                }
                position += size
                orders.append(PendingOrder(channel: channel, second: secondOfDay(channel), lines: orderLines))
            }
        }
        if weekday < 5 && !(date.month == 12 && date.day >= 24) {
            for (customer, profile) in DemoWholesaleCustomer.all.enumerated()
            where random.chance(1 / profile.orderEvery) {
                let candidates = wholesaleInterest[customer].filter { listed[$0] && day >= products[$0].launchDay }
                guard !candidates.isEmpty else { continue }
                var chosen: [Int] = []
                for _ in 0..<min(candidates.count, random.int(4...12)) {
                    let pick = candidates[
                        random.weighted(candidates.map { chosen.contains($0) ? 0 : products[$0].rate })]
                    if !chosen.contains(pick) { chosen.append(pick) }
                }
                let lines = chosen.map { index -> (product: Int, quantity: Int) in
                    let pack = innerPack(index)
                    let wanted = products[index].rate * trend(index, day: day) * random.uniform(3, 9)
                    return (index, pack * max(1, Int((wanted / Double(pack)).rounded())))
                }
                orders.append(
                    PendingOrder(channel: .wholesale, second: secondOfDay(.wholesale), lines: lines, customer: customer)
                )
            }
        }
        orders.sort { $0.second < $1.second }
        return orders
    }

    private mutating func secondOfDay(_ channel: DemoChannel) -> Int {
        random.weighted(channel.hours) * 3600 + random.int(0..<3600)
    }

    private mutating func geometric(_ stop: Double) -> Int {
        var count = 0
        while !random.chance(stop) && count < 20 { count += 1 }
        return count
    }

    private func innerPack(_ index: Int) -> Int {
        let casePack = products[index].sku.casePack
        return casePack <= 12 ? casePack : 6
    }

    /// One order meets the pool: each line is recorded if there is stock for it (a web shopper
    /// takes what is listed), lost if not — or recorded anyway by a marketplace whose listing
    /// had not caught up with a fresh stockout.
    private mutating func place(_ order: PendingOrder, day: Int) {
        var recorded: [(product: Int, quantity: Int, oversold: Bool)] = []
        for line in order.lines {
            let available = stock(line.product).available
            if available >= line.quantity {
                recorded.append((line.product, line.quantity, false))
            } else if available > 0 {
                let quantity =
                    order.channel == .wholesale
                    ? available / innerPack(line.product) * innerPack(line.product) : available
                if quantity > 0 { recorded.append((line.product, quantity, false)) }
                stats.lostUnits += line.quantity - quantity
            } else if order.channel == .amazon || order.channel == .ebay, let since = outSince[line.product],
                day - since <= 1,
                random.chance(0.08)
            {
                recorded.append((line.product, line.quantity, true))
            } else {
                stats.lostUnits += line.quantity
                stats.lostLines += 1
            }
        }
        guard !recorded.isEmpty else { return }
        let orderID = nextOrderID(order.channel, day: day)
        let delays: [Double] =
            switch order.channel {
            case .shopify: [0.35, 0.45, 0.15, 0.05]
            case .amazon: [0.5, 0.4, 0.1, 0]
            case .ebay: [0.2, 0.45, 0.25, 0.1]
            case .wholesale: [0, 0.4, 0.4, 0.2]
            }
        let delay = random.weighted(delays)
        let placedAt = time(day, order.second)
        for (number, line) in recorded.enumerated() {
            let product = products[line.product]
            var price = product.sku.price
            if order.channel == .wholesale {
                price = Money(cents: max(product.sku.unitCost.cents * 13 / 10, product.sku.price.cents / 2))
            } else if order.channel == .shopify, promotion(line.product, day: day) != nil {
                price = Money(cents: price.cents * 8 / 10)
            }
            let id = OrderLineID(channel: order.channel.name, order: orderID, line: number + 1)
            let facts = OrderLineFacts(
                id: id, sku: product.sku.code, quantity: line.quantity, unitPrice: price, time: placedAt)
            emit(.orderPlaced(facts), key: OrderKeys.placed(id))
            demandToday[line.product] += line.quantity
            if line.oversold { stats.oversoldLines += 1 }
            var open = OpenLine(
                facts: facts, product: line.product, channel: order.channel, placedDay: day, shipDay: day + delay,
                cancelDay: nil, oversold: line.oversold)
            if order.channel != .wholesale && !line.oversold && random.chance(0.02) {
                let cancelDay = order.second < 15 * 3600 + 1800 && random.chance(0.5) ? day : day + 1
                open.cancelDay = cancelDay
                open.shipDay = max(open.shipDay, cancelDay + 1)
            }
            openLines.append(open)
        }
    }

    private mutating func nextOrderID(_ channel: DemoChannel, day: Int) -> String {
        counters[channel.rawValue] += 1
        let count = counters[channel.rawValue]
        switch channel {
        case .shopify:
            return "\(count)"
        case .amazon:
            return
                "\(202 + (day / 200) % 7)-\(padded(count * 7919 % 10_000_000, 7))-\(padded(random.int(0..<10_000_000), 7))"
        case .ebay:
            return "\(padded(10 + (day / 50) % 90, 2))-\(padded(count, 5))-\(padded(random.int(0..<100_000), 5))"
        case .wholesale:
            return "WS-\(10_000 + count)"
        }
    }

    /// Makes sure the demo opens on a couple of oversold SKUs: a marketplace sold a unit
    /// of something already gone this morning (its listing lagged).
    private mutating func ensureOversells(day: Int) {
        // Oversold as Core defines it (committed beyond sellable stock), not merely into safety.
        let oversold = products.indices.filter { listed[$0] && stock($0).isOversold }.count
        guard oversold < 2 else { return }
        let candidates = products.indices.filter {
            listed[$0] && stock($0).available >= 0 && products[$0].channelShares[1] > 0
        }
        .sorted { a, b in
            let (sa, sb) = (stock(a), stock(b))
            if (sa.available <= 0) != (sb.available <= 0) { return sa.available <= 0 }
            if (sa.incoming > 0) != (sb.incoming > 0) { return sa.incoming > 0 }
            if sa.available != sb.available { return sa.available < sb.available }
            return products[a].rate > products[b].rate
        }
        let second = max(0, min(secondsIntoToday - 120, 11 * 3600 + 600))
        for index in candidates.prefix(2 - oversold) {
            let quantity = max(stock(index).available, stock(index).unreserved) + 1
            let id = OrderLineID(channel: DemoChannel.amazon.name, order: nextOrderID(.amazon, day: day), line: 1)
            let facts = OrderLineFacts(
                id: id, sku: products[index].sku.code, quantity: quantity, unitPrice: products[index].sku.price,
                time: time(day, second))
            emit(.orderPlaced(facts), key: OrderKeys.placed(id))
            stats.oversoldLines += 1
            openLines.append(
                OpenLine(
                    facts: facts, product: index, channel: .amazon, placedDay: day, shipDay: day + 2, cancelDay: nil,
                    oversold: true))
        }
    }

    // MARK: Operations

    /// New products: created (with a launch order from the supplier) a lead time before they go on sale.
    private mutating func launchProducts(day: Int) {
        for index in products.indices where !created[index] {
            let product = products[index]
            let lead = product.sku.leadTimeDays ?? 0
            guard day >= max(1, product.launchDay - lead - 3) else { continue }
            createProduct(index)
            if product.safety > 0 { emit(.safetySet(sku: product.sku.code, quantity: product.safety)) }
            let quantity = max(
                product.sku.minimumOrderQuantity, roundUp(Int(product.rate * 30), to: product.sku.casePack))
            let reference = "PO-\(purchaseOrderNumber)"
            purchaseOrderNumber += 1
            stats.purchaseOrders += 1
            emit(.incomingChanged(sku: product.sku.code, delta: quantity, reference: reference))
            purchaseLines.append(
                PurchaseLine(
                    reference: reference, product: index, quantity: quantity,
                    arrivalDay: max(day + lead, product.launchDay), short: false))
        }
        for index in products.indices where created[index] && !listed[index] && day >= products[index].launchDay {
            listed[index] = true
        }
    }

    private mutating func receiveDeliveries(day: Int) {
        var remaining: [PurchaseLine] = []
        for line in purchaseLines {
            guard line.arrivalDay <= day else {
                remaining.append(line)
                continue
            }
            let product = products[line.product]
            let pack = product.sku.casePack
            var received = line.quantity
            if line.short {
                received = max(pack, Int(Double(line.quantity) * random.uniform(0.5, 0.85)) / pack * pack)
                received = min(received, line.quantity)
            }
            let fromIncoming = min(received, stock(line.product).incoming)
            emit(
                .received(
                    sku: product.sku.code, quantity: received, reference: line.reference, fromIncoming: fromIncoming))
            if received < line.quantity {
                // The supplier shipped short and will not send the rest: no longer expected.
                emit(
                    .incomingChanged(
                        sku: product.sku.code, delta: -(line.quantity - received), reference: line.reference))
            }
        }
        purchaseLines = remaining
    }

    private mutating func warehouseChores(day: Int, weekday: Int) {
        // Returns come back and wait for inspection (unsellable) for a day or three; then most go
        // back on the shelf and some are written off as unfit to sell. The reason and the wait
        // come from the return itself, not from new random draws, so the rest of the demo's
        // stream is unchanged. Returns of the last days are still waiting: the returns queue.
        var laterReturns: [PendingReturn] = []
        for pending in returns {
            guard pending.day <= day else {
                laterReturns.append(pending)
                continue
            }
            var facts = pending.facts
            facts.time = time(day, 10 * 3600)
            returnCount += 1
            let reason = Self.returnReasons[(pending.day + facts.id.line + returnCount) % Self.returnReasons.count]
            let line = ReturnedLine(
                id: facts.id, returnID: "RMA-\(100_000 + returnCount)", sku: facts.sku, quantity: facts.quantity,
                reason: reason, time: facts.time)
            emit(.returns(.arrived(line)), key: line.key)
            if let index = index(of: facts.sku) {
                inspections.append(
                    PendingInspection(
                        day: day + 1 + returnCount % 3, product: index, quantity: facts.quantity,
                        restock: pending.restock))
            }
        }
        returns = laterReturns
        var laterInspections: [PendingInspection] = []
        for inspection in inspections {
            guard inspection.day <= day else {
                laterInspections.append(inspection)
                continue
            }
            let code = products[inspection.product].sku.code
            if inspection.restock {
                emit(.returns(.restocked(sku: code, quantity: inspection.quantity, reason: "inspected: fit to sell")))
            } else {
                let reason = "inspected: not fit to sell"
                emit(.returns(.writtenOff(sku: code, quantity: inspection.quantity, reason: reason)))
                unsellableLots.append(
                    UnsellableLot(
                        product: inspection.product, quantity: inspection.quantity,
                        resolveDay: day + random.int(3...20), writeOff: random.chance(0.6)))
            }
        }
        inspections = laterInspections

        // Damaged or quarantined units are resolved: repacked and restored, or written off.
        var laterLots: [UnsellableLot] = []
        for lot in unsellableLots {
            // Units awaiting inspection are not the lot's: `restore` leaves them to `inspect`.
            let awaiting = inspections.reduce(0) { $1.product == lot.product ? $0 + $1.quantity : $0 }
            guard lot.resolveDay <= day, stock(lot.product).unsellable - awaiting >= lot.quantity else {
                laterLots.append(lot)
                continue
            }
            let code = products[lot.product].sku.code
            if lot.writeOff {
                emit(.restored(sku: code, quantity: lot.quantity, reason: "written off after inspection"))
                emit(.adjusted(sku: code, delta: -lot.quantity, reason: "written off: damaged beyond sale"))
            } else {
                emit(.restored(sku: code, quantity: lot.quantity, reason: "repackaged, fit to sell"))
            }
        }
        unsellableLots = laterLots

        // Now and then something gets damaged in the warehouse.
        if random.chance(0.1) {
            let index = random.int(0..<products.count)
            let quantity = random.chance(0.85) ? random.int(1...2) : random.int(3...6)
            if listed[index] && stock(index).unreserved - stock(index).safety >= quantity {
                let reason = random.pick([
                    "damaged in warehouse", "packaging crushed in transit", "failed quality check",
                    "water damage in aisle 3",
                ])
                emit(.markedUnsellable(sku: products[index].sku.code, quantity: quantity, reason: reason))
                unsellableLots.append(
                    UnsellableLot(
                        product: index, quantity: quantity, resolveDay: day + random.int(4...40),
                        writeOff: random.chance(0.65)))
            }
        }

        // Cycle counts on weekdays: mostly right, sometimes a unit or two out.
        if weekday < 5 {
            for _ in 0..<3 {
                let index = random.int(0..<products.count)
                guard listed[index] else { continue }
                let level = stock(index)
                let roll = random.unit()
                var difference = 0
                if roll < 0.11 {
                    difference = -random.int(1...2)
                    if level.unreserved + difference < 0 { difference = 0 }
                } else if roll < 0.19 {
                    difference = random.int(1...2)
                }
                let reason =
                    difference == 0
                    ? "cycle count, aisle \(1 + index % 12)"
                    : difference < 0
                        ? "cycle count, aisle \(1 + index % 12): short (shrinkage)"
                        : "cycle count, aisle \(1 + index % 12): found extra"
                emit(.counted(sku: products[index].sku.code, quantity: level.onHand + difference, reason: reason))
            }
        }

        // Wholesale holds: a customer's confirmed order is set aside, then released and placed.
        var laterHolds: [Hold] = []
        for hold in holds {
            guard hold.releaseDay <= day else {
                laterHolds.append(hold)
                continue
            }
            let product = products[hold.product]
            let orderID = nextOrderID(.wholesale, day: day)
            let customer = DemoWholesaleCustomer.all[hold.customer].name
            emit(
                .released(
                    sku: product.sku.code, quantity: hold.quantity, reason: "picked for \(customer), order \(orderID)"))
            let id = OrderLineID(channel: DemoChannel.wholesale.name, order: orderID, line: 1)
            let price = Money(cents: max(product.sku.unitCost.cents * 13 / 10, product.sku.price.cents / 2))
            let facts = OrderLineFacts(
                id: id, sku: product.sku.code, quantity: hold.quantity, unitPrice: price, time: time(day, 10 * 3600))
            emit(.orderPlaced(facts), key: OrderKeys.placed(id))
            demandToday[hold.product] += hold.quantity
            openLines.append(
                OpenLine(
                    facts: facts, product: hold.product, channel: .wholesale, placedDay: day, shipDay: day + 1,
                    cancelDay: nil, oversold: false))
        }
        holds = laterHolds
        if holdDays.contains(day) {
            // A customer confirms an order to collect next week: set the units aside now.
            let customer = random.int(0..<DemoWholesaleCustomer.all.count)
            var candidates = wholesaleInterest[customer].filter {
                listed[$0] && stock($0).available >= 2 * innerPack($0)
            }
            if candidates.isEmpty { candidates = products.indices.filter { listed[$0] && stock($0).available >= 4 } }
            if !candidates.isEmpty {
                let index = random.pick(candidates)
                let pack = stock(index).available >= 2 * innerPack(index) ? innerPack(index) : 1
                let quantity = pack * random.int(1...max(1, min(8, stock(index).available / (2 * pack))))
                let name = DemoWholesaleCustomer.all[customer].name
                let collect = DemoDate(dayNumber: firstDayNumber + day + 7)
                emit(
                    .held(
                        sku: products[index].sku.code, quantity: quantity,
                        reason: "wholesale: \(name) confirmed order, collecting \(collect)"))
                holds.append(
                    Hold(product: index, quantity: quantity, releaseDay: day + random.int(5...9), customer: customer))
            }
        }
    }

    /// The buyer's purchasing review for the suppliers due today.
    private mutating func reviewPurchasing(day: Int, date: DemoDate, weekday: Int) {
        let onHoliday = (196...209).contains(date.dayOfYear)
        for (supplierIndex, supplier) in DemoSupplier.all.enumerated() where supplier.reviewWeekdays.contains(weekday) {
            // The buyer runs late: this review does not happen (or the buyer is away).
            if onHoliday || random.chance(0.2) { continue }
            let reference = "PO-\(purchaseOrderNumber)"
            let late = random.chance(supplier.lateChance) ? random.int(supplier.lateDays) : 0
            let reviewPeriod = 7 / Double(supplier.reviewWeekdays.count)
            var lines = 0
            for index in products.indices where listed[index] && products[index].supplier == supplierIndex {
                let product = products[index]
                let rate = max(estimate[index], 0.02)
                let exposure = rate * (Double(supplier.leadTimeDays) + reviewPeriod)
                // The buyer's own habit, at the thin cover this buyer keeps (about z = 0.5).
                let demand = HorizonDistribution(mean: exposure, variance: exposure)
                let cover = DemoBuyer.cover(level: 0.69, reviewDemand: rate * reviewPeriod, quantile: demand.quantile)
                let reorderPoint = Double(cover + stock(index).safety)
                let position = stock(index).unreserved + stock(index).incoming
                guard Double(position) <= reorderPoint else { continue }
                let wanted = reorderPoint + rate * supplier.coverDays - Double(position)
                let quantity = max(
                    product.sku.minimumOrderQuantity, roundUp(Int(wanted.rounded(.up)), to: product.sku.casePack))
                emit(.incomingChanged(sku: product.sku.code, delta: quantity, reference: reference))
                purchaseLines.append(
                    PurchaseLine(
                        reference: reference, product: index, quantity: quantity,
                        arrivalDay: day + supplier.leadTimeDays + late,
                        short: random.chance(supplier.shortChance)))
                lines += 1
            }
            if lines > 0 {
                purchaseOrderNumber += 1
                stats.purchaseOrders += 1
            }
        }
    }

    private mutating func cancelLines(day: Int) {
        var kept: [OpenLine] = []
        var second = 15 * 3600 + 1800
        for line in openLines {
            let customerCancelled = line.cancelDay.map { $0 <= day } ?? false
            // A line sold without stock that still cannot ship after four days is cancelled by the shop.
            let sellerCancelled =
                line.oversold && day - line.placedDay >= 4 && physicallyFree(line.product) < line.facts.quantity
            guard customerCancelled || sellerCancelled else {
                kept.append(line)
                continue
            }
            var facts = line.facts
            facts.time = time(day, second)
            second += 13
            emit(.orderCancelled(facts), key: OrderKeys.cancelled(facts.id))
            demandToday[line.product] -= facts.quantity
        }
        openLines = kept
    }

    /// Units on the shelf that nothing else claims first: what a picker can take.
    private func physicallyFree(_ index: Int) -> Int {
        stock(index).onHand - stock(index).unsellable - stock(index).held
    }

    private mutating func dispatch(day: Int) {
        var kept: [OpenLine] = []
        var second = 16 * 3600
        for line in openLines {
            guard line.shipDay <= day, line.cancelDay == nil, physicallyFree(line.product) >= line.facts.quantity else {
                kept.append(line)
                continue
            }
            var facts = line.facts
            facts.time = time(day, second)
            second += 7
            emit(.orderShipped(facts), key: OrderKeys.shipped(facts.id))
            if line.channel != .wholesale && random.chance(0.025) {
                returns.append(
                    PendingReturn(day: day + random.int(4...25), facts: line.facts, restock: random.chance(0.7)))
            }
        }
        openLines = kept
    }

    // MARK: - Emitting

    /// Appends a change to today's batch and applies it to the simulation's own `StockState` —
    /// Core's fold, the one the store will run — so the simulation plans against exactly the
    /// pool the journal will hold, not a copy of the rules that could drift from them.
    private mutating func emit(_ change: Change, key: String? = nil) {
        changes.append(ProposedChange(change, idempotencyKey: key))
        sequence += 1
        pool.apply(change, sequence: sequence, time: time(max(nextDay, 0), 0), digest: nil)
        guard let code = change.skuCode, let index = index(of: code) else { return }
        if stock(index).available <= 0 {
            if outSince[index] == nil { outSince[index] = nextDay }
        } else {
            outSince[index] = nil
        }
    }

    /// A product's pool as Core's fold has it now (all zero before it is created).
    private func stock(_ index: Int) -> StockLevel { pool.stock(products[index].sku.code) ?? StockLevel() }

    private func index(of code: SKUCode) -> Int? { indexByCode[code] }
}

private func roundUp(_ value: Int, to multiple: Int) -> Int {
    guard multiple > 1 else { return max(0, value) }
    return (max(0, value) + multiple - 1) / multiple * multiple
}

private func padded(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
