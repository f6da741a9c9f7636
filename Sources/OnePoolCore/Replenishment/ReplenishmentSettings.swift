/// The policy's parameters: what the buyer would otherwise set by hand for every SKU.
public struct ReplenishmentSettings: Sendable, Equatable {
    /// Days from order to arrival for a SKU that has none of its own.
    public var defaultLeadTimeDays: Int
    /// Days between reviews: an order placed now is the last one before the next review.
    public var reviewPeriodDays: Int
    /// The probability that an order cycle sees no stockout.
    public var cycleServiceLevel: Double
    /// Days of cover above which stock counts as overstock.
    public var overstockDays: Int
    /// Days of history the forecaster sees (the most recent ones).
    public var historyDays: Int
    /// Season length in days (weekly pattern).
    public var season: Int

    public init(
        defaultLeadTimeDays: Int = 14, reviewPeriodDays: Int = 7, cycleServiceLevel: Double = 0.95,
        overstockDays: Int = 90, historyDays: Int = 730, season: Int = 7
    ) {
        self.defaultLeadTimeDays = max(0, defaultLeadTimeDays)
        self.reviewPeriodDays = max(1, reviewPeriodDays)
        self.cycleServiceLevel = min(max(cycleServiceLevel, 0.5), 0.9999)
        self.overstockDays = max(1, overstockDays)
        self.historyDays = max(1, historyDays)
        self.season = max(1, season)
    }

    public static let standard = ReplenishmentSettings()
}

/// How a number was reached: what went in, and each step as a formula with its values.
public struct Explanation: Sendable, Equatable {
    public struct Line: Sendable, Hashable {
        public var name: String
        public var value: String
        /// The formula with its values filled in, or where an input came from.
        public var how: String

        public init(_ name: String, _ value: String, _ how: String) {
            self.name = name
            self.value = value
            self.how = how
        }
    }

    public var inputs: [Line] = []
    public var steps: [Line] = []

    public init() {}
}
