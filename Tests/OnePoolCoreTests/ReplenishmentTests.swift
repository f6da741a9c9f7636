import OnePoolCore
import OnePoolTestSupport
import Testing

/// Per-SKU replenishment on small cases worked out by hand.
@Suite struct ReplenishmentTests {
    /// Lead time 3 + review 2: a 5-day protection period.
    static let planner = ReplenishmentPlanner(
        settings: ReplenishmentSettings(defaultLeadTimeDays: 3, reviewPeriodDays: 2, cycleServiceLevel: 0.95))

    static func mug(casePack: Int = 1, moq: Int = 1) -> SKU {
        SKU(
            code: "MUG", title: "Blue mug", unitCost: Money(cents: 300), price: Money(cents: 1000), casePack: casePack,
            minimumOrderQuantity: moq)
    }

    /// 2 units every day for 120 days: every method forecasts 2 a day and the backtest makes no
    /// error, so demand over 5 days is Poisson(10): S = 15 (F(14) = 0.917, F(15) = 0.951),
    /// s = S − 1 = 14 (per cycle: reviews that sell nothing, e⁻⁴ of them, order nothing).
    static func steady(onHand: Int, casePack: Int = 1, moq: Int = 1, arrivals: [Arrival] = []) -> Recommendation {
        planner.recommend(
            .init(
                sku: mug(casePack: casePack, moq: moq),
                stock: StockLevel(onHand: onHand, incoming: arrivals.reduce(0) { $0 + $1.quantity }),
                demand: Array(repeating: 2, count: 120), arrivals: arrivals))
    }

    @Test func levelsComeFromTheQuantileOfProtectionPeriodDemand() {
        let item = Self.steady(onHand: 40)
        #expect(abs(item.dailyForecast - 2) < 1e-9)
        #expect(item.orderUpTo == 15)
        #expect(item.reorderPoint == 14)
        // s − E[D(L) + U]: 6 over the lead time, U = D_R − 1 given a review that sells (D_R ~ Poisson(4)).
        #expect(abs(item.safetyStock - (14 - (6 + 4 / (1 - 0.018_315_638_888_734) - 1))) < 1e-6)
        #expect(item.orderQuantity == 0)
        #expect(item.explanation.steps.contains { $0.name == "reorder point s" && $0.value == "14" })
    }

    @Test func orderIsRoundedUpToCasePackAndAtLeastTheMOQ() {
        let unit = Self.steady(onHand: 10)
        #expect(unit.orderQuantity == unit.orderUpTo - 10)  // S − position
        // A case of 6 lasts 1.5 reviews: orders lift the position over six units above s, so the
        // review that orders has eaten less of a review's demand below s: s is lower.
        let cased = Self.steady(onHand: 10, casePack: 6)
        #expect(cased.reorderPoint < unit.reorderPoint && cased.orderUpTo == cased.reorderPoint + 1)
        #expect(Self.steady(onHand: cased.reorderPoint + 1, casePack: 6).orderQuantity == 0)
        let casedOrder = Self.steady(onHand: cased.reorderPoint, casePack: 6).orderQuantity
        #expect(casedOrder == 6)  // 1 unit short of S → one case
        // An MOQ of 10 lasts 2.5 reviews: the order is the MOQ whenever s is reached.
        let minimum = Self.steady(onHand: 0, casePack: 1, moq: 10)
        #expect(Self.steady(onHand: minimum.reorderPoint + 1, casePack: 1, moq: 10).orderQuantity == 0)
        #expect(Self.steady(onHand: minimum.reorderPoint, casePack: 1, moq: 10).orderQuantity == 10)
        // 12 (MOQ 10 in cases of 4) is the smallest order.
        let packed = Self.steady(onHand: 0, casePack: 4, moq: 10)
        #expect(Self.steady(onHand: packed.reorderPoint, casePack: 4, moq: 10).orderQuantity == 12)
        #expect(ReplenishmentPlanner.roundedOrder(13, casePack: 12, minimum: 12) == 24)
        #expect(ReplenishmentPlanner.roundedOrder(1, casePack: 1, minimum: 1) == 1)
    }

    @Test func nothingIsOrderedAbovetheReorderPoint() {
        #expect(Self.steady(onHand: 15).orderQuantity == 0)  // position 15 > s 14
        #expect(Self.steady(onHand: 14).orderQuantity == 1)  // position 14 ≤ s: 15 − 14
        // Incoming counts in the position: 10 on hand + 6 on order = 16 > 14.
        #expect(Self.steady(onHand: 10, arrivals: [Arrival(inDays: 3, quantity: 6)]).orderQuantity == 0)
    }

    @Test func positionIsOnHandLessCommittedHeldUnsellablePlusIncoming() {
        let item = Self.planner.recommend(
            .init(
                sku: Self.mug(),
                stock: StockLevel(onHand: 30, committed: 5, held: 3, unsellable: 2, safety: 4, incoming: 7),
                demand: Array(repeating: 2, count: 120), arrivals: [Arrival(inDays: 2, quantity: 7)]))
        #expect(item.position == 27)
    }

    @Test func daysToStockoutCountArrivalsOnTheirDay() {
        // 10 available at 2 a day: gone after 5 days.
        #expect(Self.steady(onHand: 10).daysToStockout == 5)
        // + 6 arriving on day 3: 16 units last 8 days.
        #expect(Self.steady(onHand: 10, arrivals: [Arrival(inDays: 3, quantity: 6)]).daysToStockout == 8)
        // Runs out part-way through a day: 3 units at 2 a day → 1.5.
        #expect(ReplenishmentPlanner.daysToStockout(available: 3, arrivals: [], daily: [2, 2, 2]) == 1.5)
        // Arrives too late to matter: out at 1.5 either way.
        #expect(
            ReplenishmentPlanner.daysToStockout(
                available: 3, arrivals: [Arrival(inDays: 2, quantity: 10)], daily: [2, 2, 2, 2]) == 1.5)
        #expect(ReplenishmentPlanner.daysToStockout(available: 0, arrivals: [], daily: [2]) == 0)
        #expect(ReplenishmentPlanner.daysToStockout(available: 5, arrivals: [], daily: [1, 1]) == nil)
    }

    @Test func aSKUWithNoHistoryGetsTheStatedFallback() {
        for demand in [[], Array(repeating: 0, count: 30)] {
            let empty = Self.planner.recommend(
                .init(sku: Self.mug(casePack: 6, moq: 10), stock: StockLevel(), demand: demand))
            #expect(empty.methods.isEmpty)
            #expect(empty.fallback != nil)
            #expect(empty.reorderPoint == 0 && empty.orderUpTo == 12)
            #expect(empty.orderQuantity == 12)
            #expect(empty.daysToStockout == nil && empty.moneyAtRisk == .zero)
            let stocked = Self.planner.recommend(
                .init(sku: Self.mug(casePack: 6, moq: 10), stock: StockLevel(onHand: 3), demand: demand))
            #expect(stocked.orderQuantity == 0)
        }
        // Every day censored: nothing observed, the same fallback.
        let censored = Self.planner.recommend(
            .init(
                sku: Self.mug(), stock: StockLevel(), demand: [3, 0, 1], censored: [true, true, true]))
        #expect(censored.methods.isEmpty && censored.orderQuantity == 1)
    }

    @Test func moneyAtRiskIsExpectedLostSalesBeforeDelivery() {
        // Nothing available and nothing coming: all lead-time demand (3 days × 2) is lost at 10.00.
        let empty = Self.steady(onHand: 0)
        #expect(abs(empty.expectedLostUnits - 6) < 1e-6)
        #expect(empty.moneyAtRisk == Money(cents: 6000))
        // Plenty on hand: nothing at risk.
        #expect(Self.steady(onHand: 200).moneyAtRisk == .zero)
        #expect(Self.steady(onHand: 200).overstockUnits == 200 - 180)  // 90 days × 2 a day
        #expect(Self.steady(onHand: 200).overstockCash == Money(cents: 6000))
    }

    @Test func theReplayServesDemandAndOrdersAtReviews() {
        // 2 a day, s = 4, S = 10, lead 2, review 3, starting with 10: never short.
        let outcome = PolicySimulation.run(
            demand: Array(repeating: 2, count: 12), leadTime: 2, review: 3, casePack: 1, minimum: 1,
            unitCost: Money(cents: 100), startOnHand: 10, policy: { _ in (4, 10) })
        #expect(outcome.fillRate == 1 && outcome.cycleServiceLevel == 1)
        #expect(outcome.reviews == 4 && outcome.days == 12)
        // Starting empty with a long lead time: the first days are lost.
        let late = PolicySimulation.run(
            demand: Array(repeating: 2, count: 5), leadTime: 5, review: 7, casePack: 1, minimum: 1,
            unitCost: .zero, startOnHand: 0, policy: { _ in (4, 10) })
        #expect(late.served == 0 && late.fillRate == 0 && late.orders == 1)
    }
}

/// The out-of-stock days that censor demand history.
@Suite struct StockoutCalendarTests {
    static let day: Int64 = 86_400_000
    static let start: Int64 = 20_000 * day

    static func event(_ sequence: UInt64, day: Int64, hour: Int64 = 12, _ change: Change) -> Event {
        Event(
            sequence: sequence, time: Timestamp(millisecondsSince1970: start + day * Self.day + hour * 3_600_000),
            actor: "t", change: change)
    }

    static func line(_ order: String, _ quantity: Int, day: Int64) -> OrderLineFacts {
        OrderLineFacts(
            id: OrderLineID(channel: "shop", order: order, line: 1), sku: "MUG", quantity: quantity,
            unitPrice: Money(cents: 100),
            time: Timestamp(millisecondsSince1970: start + day * Self.day))
    }

    @Test func daysThatEndOrStartOutOfStockAreCensored() {
        var calendar = StockoutCalendar(utcOffsetSeconds: 0)
        let events = [
            Self.event(1, day: 0, .channelAdded(Channel(name: "shop", kind: .shopify))),
            Self.event(2, day: 0, .skuCreated(SKU(code: "MUG", title: "Mug"))),
            Self.event(3, day: 0, hour: 13, .received(sku: "MUG", quantity: 5, reference: nil, fromIncoming: 0)),
            Self.event(4, day: 1, .orderPlaced(Self.line("1", 2, day: 1))),
            Self.event(5, day: 2, .orderPlaced(Self.line("2", 3, day: 2))),  // available 0: out
            Self.event(6, day: 5, .received(sku: "MUG", quantity: 10, reference: nil, fromIncoming: 0)),  // began out
            Self.event(7, day: 6, .orderPlaced(Self.line("3", 1, day: 6))),
            Self.event(8, day: 8, .orderPlaced(Self.line("4", 11, day: 8))),  // oversold: −2
        ]
        for event in events { calendar.record(event) }
        let first = Int(Self.start / Self.day)
        // Day −1 is before the SKU existed (not censored: imported history is observed demand);
        // day 0 was created and stocked; 2–5 out; 8 on are out.
        #expect(
            calendar.censored("MUG", days: 12, endingOn: first + 10)
                == [false, false, false, true, true, true, true, false, false, true, true, true])
        #expect(calendar.censoredCount("MUG", days: 3, endingOn: first + 7) == 1)
        #expect(calendar.censored("NONE", days: 2, endingOn: first) == [false, false])
    }

    @Test func theForecasterSkipsCensoredDays() {
        // 4 a day when in stock; zeros recorded on out-of-stock days must not pull it down.
        let demand = (0..<84).map { $0 % 7 == 3 ? 0 : 4 }
        let censored = (0..<84).map { $0 % 7 == 3 }
        let planner = ReplenishmentPlanner(settings: ReplenishmentSettings(defaultLeadTimeDays: 7, reviewPeriodDays: 7))
        let sku = SKU(code: "MUG", title: "Mug")
        let masked = planner.recommend(
            .init(sku: sku, stock: StockLevel(onHand: 50), demand: demand, censored: censored))
        let naive = planner.recommend(.init(sku: sku, stock: StockLevel(onHand: 50), demand: demand))
        #expect(abs(masked.dailyForecast - 4) < 0.05)
        #expect(naive.dailyForecast < 3.8)
    }

    @Test func incomingIsExpectedALeadTimeAfterItWasOrdered() {
        var schedule = IncomingSchedule(utcOffsetSeconds: 0)
        schedule.record(Self.event(1, day: 0, .incomingChanged(sku: "MUG", delta: 10, reference: "PO1")))
        schedule.record(Self.event(2, day: 4, .incomingChanged(sku: "MUG", delta: 6, reference: "PO2")))
        schedule.record(Self.event(3, day: 5, .received(sku: "MUG", quantity: 4, reference: "PO1", fromIncoming: 4)))
        let today = Int(Self.start / Self.day) + 6
        #expect(
            schedule.arrivals("MUG", incoming: 12, leadTimeDays: 7, today: today)
                == [Arrival(inDays: 1, quantity: 6), Arrival(inDays: 5, quantity: 6)])
        // More incoming than the journal dates: the rest a lead time from today.
        #expect(
            schedule.arrivals("MUG", incoming: 15, leadTimeDays: 7, today: today).last
                == Arrival(inDays: 7, quantity: 3))
    }
}

/// Days that ran out part-way: their sales are a floor on demand, not missing days.
@Suite struct PartialDayTests {
    /// Poisson(6) a day; every other day only 5 units are on the shelf, so those days sell
    /// min(demand, 5) and are censored when they run out. Dropping them leaves mostly the quiet
    /// days among them and biases the level low; reading them as E[demand | demand ≥ 5] does not.
    @Test func aDayThatRanOutCountsAsAtLeastWhatItSold() {
        var random = SplitMix64(seed: 3)
        var sold: [Double] = []
        var censored: [Bool] = []
        for day in 0..<400 {
            let demand = Double(poisson(6, &random))
            let limited = day % 2 == 1
            sold.append(limited ? min(demand, 5) : demand)
            censored.append(limited && demand >= 5)
        }
        let dropped = DemandWindow(sold, censored: censored).observedMean() ?? 0
        let imputed = PartialDays.window(sold, censored: censored).observedMean() ?? 0
        #expect(dropped < 5.6, "dropping whole days: \(dropped)")
        #expect(abs(imputed - 6) < 0.3, "imputing partial days: \(imputed)")
        // A censored day that sold nothing says nothing: it stays censored.
        let window = PartialDays.window([4, 0, 4, 4], censored: [false, true, false, false])
        #expect(window.observed == [true, false, true, true])
        // The floor is kept: E[D | D ≥ 9] at a mean of 2 is at least 9.
        #expect(HorizonDistribution(mean: 2, variance: 2).mean(atLeast: 9) >= 9)
    }

    private func poisson(_ mean: Double, _ random: inout SplitMix64) -> Int {
        var count = 0
        var time = 0.0
        while true {
            time += logOfUniform(&random) / mean
            if time > 1 { return count }
            count += 1
        }
    }

    /// −log(u) for a uniform u, by the series of log around 1 (tests avoid Foundation).
    private func logOfUniform(_ random: inout SplitMix64) -> Double {
        let u = Double.random(in: 0.000_001..<1, using: &random)
        var x = u
        var halvings = 0.0
        while x < 0.5 {
            x *= 2
            halvings += 1
        }
        let y = (x - 1) / (x + 1)
        var sum = 0.0
        var power = y
        var n = 1.0
        while n < 60 {
            sum += power / n
            power *= y * y
            n += 2
        }
        return -(2 * sum - halvings * 0.693_147_180_559_945_3)
    }
}
