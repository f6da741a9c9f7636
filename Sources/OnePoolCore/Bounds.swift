/// The range of every quantity and amount that may enter the journal, stated once.
///
/// `StockState.check` refuses an event whose values fall outside these ranges, or that would
/// carry a SKU's totals outside theirs; readers of files and options check the same ranges
/// where they read (and say which range in their message). The ranges are chosen so that no
/// arithmetic OnePool does on values inside them can overflow:
///
/// - one SKU's quantity in any state stays within ±`skuUnits` (10^9), so a catalogue of a
///   million SKUs sums to at most 10^15 units — far inside `Int` (9.2 × 10^18);
/// - a unit price or cost is at most `unitCents` (1,000,000.00), so one SKU's value is at most
///   10^17 cents; sums of money over many SKUs use `Money`'s saturating arithmetic, which
///   stops at the limit instead of trapping;
/// - quantities become `Double` for forecasting and come back through `Bounds.units(_:)`,
///   which never traps on NaN, infinity or huge values.
///
/// A store written before these checks may hold a value outside them: it still opens (the fold
/// never refuses), and `onepool doctor` names the SKU and event to fix.
public enum Bounds {
    /// Units in one event: a receipt, a count, an order line, a hold, a PO line. More than
    /// this in one movement is a typo (a barcode pasted into a quantity), not stock.
    public static let eventUnits = 10_000_000
    /// The largest a SKU's quantity in any state (on hand, committed, held, unsellable, safety,
    /// incoming) may become, and the most negative its available may become.
    public static let skuUnits = 1_000_000_000
    /// The largest unit price or unit cost, in cents (1,000,000.00 in the store's currency).
    public static let unitCents: Int64 = 100_000_000
    /// Units one listing sells per order unit (a pack of 6 sells 6 units of the SKU).
    public static let packSize = 1...10_000
    /// Units of one component in one unit of a bundle.
    public static let bundleQuantity = 1...1000
    /// Components in one bundle (distinct SKUs).
    public static let bundleComponents = 1...50
    /// Units per supplier case.
    public static let casePack = 1...100_000
    /// A supplier's lead time, in days (two years).
    public static let leadTimeDays = 0...730
    /// A channel's serving priority (1 is served first).
    public static let priority = 1...1000
    /// Bytes in a SKU code or channel name.
    public static let codeBytes = 1...64
    /// Bytes in a listing id, an order id, a reference, a reason or a title.
    public static let textBytes = 1...500
    /// A line's number within a channel's order.
    public static let orderLineNumber = 1...1_000_000
    /// An amount that is a limit or a total rather than a unit price: an approver's limit, a
    /// supplier's minimum order value (10,000,000,000.00).
    public static let totalCents: Int64 = 1_000_000_000_000

    /// The range an event's unit quantity must lie in (`allowZero` for counts and settings).
    public static func eventUnitRange(allowZero: Bool) -> ClosedRange<Int> {
        (allowZero ? 0 : 1)...eventUnits
    }

    /// The range a SKU's stored quantities must stay in.
    public static let skuUnitRange = (-skuUnits)...skuUnits

    /// The range of a unit price or cost.
    public static let unitCentsRange: ClosedRange<Int64> = 0...unitCents

    /// Whether `value` is a unit price or cost OnePool accepts.
    public static func isUnitAmount(_ value: Money) -> Bool { unitCentsRange.contains(value.cents) }

    /// A forecast or policy quantity (a `Double`) as whole units: rounded up, never negative,
    /// never above `skuUnits`; NaN counts as 0. Never traps, whatever the input.
    public static func units(_ value: Double) -> Int {
        guard value.isFinite else { return value.isNaN || value < 0 ? 0 : skuUnits }
        if value <= 0 { return 0 }
        if value >= Double(skuUnits) { return skuUnits }
        return Int(value.rounded(.up))
    }

    /// `units(_:)` but rounded to the nearest unit rather than up.
    public static func nearestUnits(_ value: Double) -> Int {
        guard value.isFinite else { return value.isNaN || value < 0 ? 0 : skuUnits }
        if value <= 0 { return 0 }
        if value >= Double(skuUnits) { return skuUnits }
        return Int(value.rounded())
    }

    // MARK: - What a reader of the journal clamps to

    /// The fold never refuses an event (the journal is the truth), so values that escaped the
    /// checks — a store written before them, or bytes crafted by hand — are clamped where they
    /// are decoded, far outside every range above (so a valid store never meets a clamp) and far
    /// inside `Int`, so that no arithmetic of the fold, reports or the console can trap.
    /// Integers (quantities, line numbers, days) are clamped to ±2^40, amounts to ±2^50 cents,
    /// times to ±2^48 ms (about 8,900 years either side of 1970), and every quantity a SKU holds
    /// to ±2^41 after each event is applied.
    /// (Inlinable constants rather than `let`s: the store's decoder reads them for every number it
    /// decodes, and a `let` of another module is read through an accessor call and a once-check.)
    @inlinable public static var decodedIntegerLimit: Int { 1 << 40 }
    @inlinable public static var decodedCentsLimit: Int64 { 1 << 50 }
    @inlinable public static var decodedMillisecondsLimit: Int64 { 1 << 48 }
    public static let heldQuantityLimit = 1 << 41

    /// `value` within ±`heldQuantityLimit`: what the fold stores.
    @inline(__always)
    public static func held(_ value: Int) -> Int {
        min(max(value, -heldQuantityLimit), heldQuantityLimit)
    }

    /// `a + b`, or nil if the sum leaves the SKU range.
    public static func skuSum(_ a: Int, _ b: Int) -> Int? {
        let (sum, overflow) = a.addingReportingOverflow(b)
        guard !overflow, skuUnitRange.contains(sum) else { return nil }
        return sum
    }
}

extension Int {
    /// `value` rounded toward zero as an `Int`, clamped to ±2^53 (where doubles stop being exact),
    /// NaN as 0: a forecast or policy figure turned into a count never traps, however large.
    @inline(__always)
    public init(clampingDouble value: Double) {
        guard !value.isNaN else {
            self = 0
            return
        }
        let limit = 9_007_199_254_740_992.0
        self = Int(Swift.min(Swift.max(value, -limit), limit))
    }
}

extension Money {
    /// An amount computed in doubles (a forecast × a price), in cents rounded to the nearest,
    /// clamped to ±2^53 cents; NaN is zero. Never traps.
    public init(approximateCents value: Double) {
        self.init(cents: Int64(Int(clampingDouble: value.rounded())))
    }
}
