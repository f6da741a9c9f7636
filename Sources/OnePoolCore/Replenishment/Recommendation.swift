/// One SKU's replenishment numbers, each with its explanation.
///
/// Invariants: `orderQuantity` is 0 or a whole number of case packs of at least the MOQ;
/// it is 0 whenever `position > reorderPoint`.
public struct Recommendation: Sendable {
    public var sku: SKUCode
    public var title: String
    public var supplier: String?
    public var leadTimeDays: Int
    public var reviewPeriodDays: Int
    public var cycleServiceLevel: Double
    /// Expected demand per day over lead time + review.
    public var dailyForecast: Double
    /// Expected demand over lead time + review (the protection period).
    public var protectionDemand: Double
    public var methods: [ForecastMethod]
    /// Why the usual forecast or policy did not apply, when it did not.
    public var fallback: String?
    public var safetyStock: Double
    public var reorderPoint: Int
    public var orderUpTo: Int
    /// on hand − committed − held − unsellable + incoming.
    public var position: Int
    public var orderQuantity: Int
    /// Days until available plus arrivals run out against the daily forecast; nil: not within
    /// the look-ahead (or no demand).
    public var daysToStockout: Double?
    /// Position over the daily forecast; nil when nothing is forecast.
    public var daysOfCover: Double?
    public var overstockUnits: Int
    /// Overstock units at unit cost.
    public var overstockCash: Money
    /// Expected units demanded and not met before the earliest delivery (the lead time).
    public var expectedLostUnits: Double
    /// `expectedLostUnits` at the selling price.
    public var moneyAtRisk: Money
    /// The cost of `orderQuantity` at unit cost.
    public var orderCost: Money
    public var explanation: Explanation

    public var isOverstock: Bool { overstockUnits > 0 }

    /// Days of cover — the one definition: a position over the daily forecast (nil when nothing
    /// is forecast). `daysOfCover` is this at the SKU's position; a PO's approval asks it at the
    /// position once its goods arrive.
    public static func daysOfCover(position: Int, dailyForecast: Double) -> Double? {
        dailyForecast > 0 ? Double(position) / dailyForecast : nil
    }
}
