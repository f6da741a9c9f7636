/// Replays daily demand against a reorder policy: reviews every R days, orders arriving after
/// the lead time, demand beyond what is on hand lost (as a shop that cannot backorder).
///
/// Each day: arrivals due that day are received; on review days (every R days) the position
/// (on hand + on order) is compared with the policy's reorder point before the day's sales, as a
/// buyer reviewing in the morning would, and an order of S − position, rounded to whole case packs
/// and at least the MOQ, is placed to arrive `leadTime` days later (the same day for 0); then the
/// day's demand is served from on hand. A replenishment cycle runs from one arrival to the next:
/// the cycle service level is the share of cycles in which no demand was lost (the textbook
/// definition, and the one `ReorderPolicy` sets s for); the share of review periods without lost
/// demand is kept beside it.
public enum PolicySimulation {
    public struct Outcome: Sendable, Equatable {
        public var demand = 0
        public var served = 0
        /// Replenishment cycles scored — each ends at an arrival on a scored day, from the previous
        /// arrival, and is short if demand was lost anywhere in it, the warm-up included — and those
        /// in which no demand was lost. A cycle still open when the replay ends is left out when an
        /// order is on its way (it ends after the replay, which would count it only when short: a
        /// bias of several points on a 90-day replay), and counts short when it lost demand with
        /// nothing on order (a policy that never orders must not look perfect).
        public var cycles = 0
        public var cyclesWithoutStockout = 0
        /// Review periods replayed, and those in which no demand was lost.
        public var reviews = 0
        public var reviewsWithoutStockout = 0
        /// Sum over days (and SKUs, when outcomes are added) of the on hand at the end of the day.
        public var inventoryUnitDays = 0
        /// Days replayed (SKU-days, when outcomes are added).
        public var days = 0
        public var orders = 0
        /// Sum over days of on hand at unit cost, in cents.
        public var inventoryCostCentDays = 0.0

        public init() {}

        public var fillRate: Double { demand > 0 ? Double(served) / Double(demand) : 1 }
        /// The textbook cycle service level: the share of replenishment cycles without lost demand.
        public var cycleServiceLevel: Double { cycles > 0 ? Double(cyclesWithoutStockout) / Double(cycles) : 1 }
        /// The share of review periods without lost demand.
        public var reviewServiceLevel: Double {
            reviews > 0 ? Double(reviewsWithoutStockout) / Double(reviews) : 1
        }
        /// Mean end-of-day on hand per SKU-day.
        public var averageInventory: Double { days > 0 ? Double(inventoryUnitDays) / Double(days) : 0 }
        /// Mean end-of-day on hand at unit cost over `calendarDays` (for added outcomes: the whole catalogue).
        public func averageInventoryCost(calendarDays: Int) -> Money {
            Money(approximateCents: calendarDays > 0 ? inventoryCostCentDays / Double(calendarDays) : 0)
        }

        public static func + (a: Outcome, b: Outcome) -> Outcome {
            var sum = a
            sum.demand += b.demand
            sum.served += b.served
            sum.cycles += b.cycles
            sum.cyclesWithoutStockout += b.cyclesWithoutStockout
            sum.reviews += b.reviews
            sum.reviewsWithoutStockout += b.reviewsWithoutStockout
            sum.inventoryUnitDays += b.inventoryUnitDays
            sum.days += b.days
            sum.orders += b.orders
            sum.inventoryCostCentDays += b.inventoryCostCentDays
            return sum
        }
    }

    /// `policy(day)` gives (s, S) at a review on `day` (0-based into `demand`); it may re-forecast
    /// from the demand replayed so far. Days before `scoredFrom` are played (a warm-up, so the
    /// first scored days do not rest on the starting stock alone) but not counted.
    public static func run(
        demand: [Int], leadTime: Int, review: Int, casePack: Int, minimum: Int, unitCost: Money, startOnHand: Int,
        scoredFrom: Int = 0, policy: (_ day: Int) -> (reorderPoint: Int, orderUpTo: Int)
    ) -> Outcome {
        var outcome = Outcome()
        var onHand = max(0, startOnHand)
        var pipeline: [Int: Int] = [:]
        var onOrder = 0
        var lostThisReview = false
        var lostThisCycle = false
        let period = max(1, review)
        /// An order arrives: the cycle before it ends (scored when the day is).
        func receive(_ quantity: Int, on day: Int) {
            onHand += quantity
            defer { lostThisCycle = false }
            guard day >= scoredFrom else { return }
            outcome.cycles += 1
            if !lostThisCycle { outcome.cyclesWithoutStockout += 1 }
        }
        for (day, wanted) in demand.enumerated() {
            if let arriving = pipeline.removeValue(forKey: day) {
                onOrder -= arriving
                receive(arriving, on: day)
            }
            // Reviews fall on the first day of every scored review period (and every R days before).
            let phase = ((day - scoredFrom) % period + period) % period
            if phase == 0 {
                let levels = policy(day)
                let position = onHand + onOrder
                if position <= levels.reorderPoint {
                    let quantity = ReorderPolicy.roundedOrder(
                        max(1, levels.orderUpTo - position), casePack: casePack, minimum: minimum)
                    outcome.orders += 1
                    if leadTime <= 0 {
                        receive(quantity, on: day)
                    } else {
                        pipeline[day + leadTime, default: 0] += quantity
                        onOrder += quantity
                    }
                }
            }
            let served = min(onHand, max(0, wanted))
            onHand -= served
            // A cycle ending on a scored day is judged whole: a loss in the warm-up counts against it.
            if served < wanted { lostThisCycle = true }
            guard day >= scoredFrom else { continue }
            outcome.demand += max(0, wanted)
            outcome.served += served
            if served < wanted { lostThisReview = true }
            if phase == period - 1 || day == demand.count - 1 {
                outcome.reviews += 1
                if !lostThisReview { outcome.reviewsWithoutStockout += 1 }
                lostThisReview = false
            }
            outcome.inventoryUnitDays += onHand
            outcome.inventoryCostCentDays += Double(onHand) * Double(unitCost.cents)
            outcome.days += 1
        }
        if lostThisCycle && onOrder == 0 && demand.count > scoredFrom { outcome.cycles += 1 }
        return outcome
    }
}
