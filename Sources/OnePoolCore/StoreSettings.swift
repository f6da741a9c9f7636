/// The store-wide settings the briefing's money rule reads (`ProfitRule`), journalled as
/// `Change.storeSettingsSet` so that the console, cron and every verb price items alike.
///
/// Rates are whole basis points (2500 = 25.00%) and the penalty whole cents, so the journal holds
/// no floating point and a setting reads back exactly as it was typed.
public struct StoreSettings: Hashable, Sendable {
    /// Days ahead the briefing prices every item over.
    public var horizonDays: Int
    /// What one cancelled order line costs beyond its margin (marketplaces penalise cancellations).
    public var cancellationPenalty: Money
    /// The yearly cost of holding stock, as a share of its cost (capital, space, insurance, shrink).
    public var carryingRateBasisPoints: Int
    /// The margin assumed, as a share of the price, for a SKU with no unit cost (day one).
    public var defaultMarginBasisPoints: Int

    public init(
        horizonDays: Int = 30, cancellationPenalty: Money = Money(cents: 500), carryingRateBasisPoints: Int = 2500,
        defaultMarginBasisPoints: Int = 4000
    ) {
        self.horizonDays = horizonDays
        self.cancellationPenalty = cancellationPenalty
        self.carryingRateBasisPoints = carryingRateBasisPoints
        self.defaultMarginBasisPoints = defaultMarginBasisPoints
    }

    /// A store that never set anything: 30 days, 5.00 a cancelled line, 25% a year, 40% margin.
    public static let standard = StoreSettings()

    /// The allowed range of each setting (`StockState.check` refuses anything outside; the CLI
    /// reads its options with the same ranges).
    public static let horizonRange = 1...365
    public static let penaltyCentsRange: ClosedRange<Int64> = 0...Bounds.unitCents
    /// 0–100.00% as basis points, for both rates.
    public static let rateRange = 0...10_000

    public var carryingRate: Double { Double(carryingRateBasisPoints) / 10_000 }
    public var defaultMarginRate: Double { Double(defaultMarginBasisPoints) / 10_000 }

    /// Each setting outside its range: the setting, its value, and the range allowed.
    public var problems: [(field: String, value: String, expected: String)] {
        var found: [(field: String, value: String, expected: String)] = []
        if !Self.horizonRange.contains(horizonDays) { found.append(("horizon", "\(horizonDays) days", "1–365 days")) }
        if !Self.penaltyCentsRange.contains(cancellationPenalty.cents) {
            found.append(("cancellation penalty", "\(cancellationPenalty)", "0.00–\(Money(cents: Bounds.unitCents))"))
        }
        if !Self.rateRange.contains(carryingRateBasisPoints) {
            found.append(("carrying rate", Self.percentText(carryingRateBasisPoints), "0–100% a year"))
        }
        if !Self.rateRange.contains(defaultMarginBasisPoints) {
            found.append(("default margin", Self.percentText(defaultMarginBasisPoints), "0–100% of the price"))
        }
        return found
    }

    /// `problems` as "name value (allowed …)", for `onepool doctor`.
    public var outOfRange: [String] { problems.map { "\($0.field) \($0.value) (allowed \($0.expected))" } }

    /// Basis points as a percentage: 2500 → "25%", 2250 → "22.5%", 1 → "0.01%".
    public static func percentText(_ basisPoints: Int) -> String {
        let sign = basisPoints < 0 ? "-" : ""
        let magnitude = basisPoints.magnitude
        let whole = magnitude / 100
        let fraction = magnitude % 100
        guard fraction != 0 else { return "\(sign)\(whole)%" }
        let digits = fraction % 10 == 0 ? "\(fraction / 10)" : (fraction < 10 ? "0\(fraction)" : "\(fraction)")
        return "\(sign)\(whole).\(digits)%"
    }

    /// "horizon 30 d, cancellation penalty 5.00, carrying rate 25%/year, default margin 40%".
    public var text: String {
        "horizon \(horizonDays) d, cancellation penalty \(cancellationPenalty), "
            + "carrying rate \(Self.percentText(carryingRateBasisPoints))/year, "
            + "default margin \(Self.percentText(defaultMarginBasisPoints))"
    }
}
