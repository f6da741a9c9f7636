/// An amount in the store's currency, held as whole minor units (cents) so that sums are exact.
///
/// Invariant: `cents` is the whole value; there is no hidden fraction.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var cents: Int64

    public init(cents: Int64) { self.cents = cents }

    public static let zero = Money(cents: 0)

    /// "12", "12.5", "12.50", "-3.10" or "1,234.50" as an amount, or nil: `read` with negative
    /// amounts allowed and no limit but Money's own. Prefer `read`, which says what is wrong.
    public static func parse(_ text: String) -> Money? {
        try? read(text, allowNegative: true, maximumCents: Int64.max / 100 * 100)
    }

    /// The one amount reader of OnePool: options, files and the console all read money here.
    ///
    /// Accepts digits with at most two decimals, thousands grouped in threes ("1,299.00"), a
    /// leading sign, spaces around. With `decimalComma` the roles swap ("1.299,00", "12,99";
    /// a space may group thousands too). Refuses, saying which: a decimal comma where a point
    /// is expected ("12,99" is never 1299), more than two decimals, more than `maximumCents`,
    /// a negative amount unless `allowNegative`, anything else that is not a number.
    /// One pass over the bytes, no allocation: large imports read every price through here.
    public static func read(
        _ text: String, decimalComma: Bool = false, allowNegative: Bool = false, maximumCents: Int64 = Bounds.unitCents
    ) throws(AmountProblem) -> Money {
        let read = scan(text.utf8, decimalComma: decimalComma, allowNegative: allowNegative, maximumCents: maximumCents)
        switch read {
        case .success(let money): return money
        case .failure(let problem): throw AmountProblem(text: text, kind: problem.kind)
        }
    }

    /// `read` of an amount given as its UTF-8 bytes (a cell of a file being streamed): the same
    /// rules, and the text is made only to say what is wrong.
    public static func read(
        utf8 bytes: UnsafeBufferPointer<UInt8>, decimalComma: Bool = false, allowNegative: Bool = false,
        maximumCents: Int64 = Bounds.unitCents
    ) throws(AmountProblem) -> Money {
        switch scan(bytes, decimalComma: decimalComma, allowNegative: allowNegative, maximumCents: maximumCents) {
        case .success(let money): return money
        case .failure(let problem):
            throw AmountProblem(text: String(decoding: bytes, as: UTF8.self), kind: problem.kind)
        }
    }

    /// The amount the bytes say, or what is wrong with them (its text left empty for the caller).
    private static func scan<Bytes: BidirectionalCollection>(
        _ bytes: Bytes, decimalComma: Bool, allowNegative: Bool, maximumCents: Int64
    ) -> Result<Money, AmountProblem> where Bytes.Element == UInt8 {
        var scan = AmountScan(decimalComma: decimalComma)
        let isSpace = { (byte: UInt8) in byte == 32 || byte == 9 }
        let start = bytes.firstIndex { !isSpace($0) } ?? bytes.endIndex
        let end = bytes.lastIndex { !isSpace($0) }.map { bytes.index(after: $0) } ?? start
        for byte in bytes[start..<max(start, end)] {
            guard scan.take(byte) else { return .failure(AmountProblem(text: "", kind: .notANumber)) }
        }
        if let kind = scan.finish() { return .failure(AmountProblem(text: "", kind: kind)) }
        let cents = scan.cents
        guard !scan.overflow, cents <= maximumCents else {
            return .failure(AmountProblem(text: "", kind: .tooLarge(Money(cents: maximumCents))))
        }
        if scan.negative && cents > 0 && !allowNegative { return .failure(AmountProblem(text: "", kind: .negative)) }
        return .success(Money(cents: scan.negative ? -cents : cents))
    }

    /// Two decimals, as `NumberText.money` writes every amount.
    public var description: String { NumberText.money(self) }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }
    /// Sums and products of money saturate at ±`Int64.max` cents instead of trapping: values in
    /// `Bounds` cannot reach the limit for one SKU, but a hostile store's totals over many SKUs
    /// could, and a report must never crash. `isSaturated` tells a formatter to say "too large".
    public static func + (lhs: Money, rhs: Money) -> Money {
        let (sum, overflow) = lhs.cents.addingReportingOverflow(rhs.cents)
        return overflow ? Money(cents: rhs.cents < 0 ? -Int64.max : Int64.max) : Money(cents: sum)
    }

    public static func - (lhs: Money, rhs: Money) -> Money {
        let (difference, overflow) = lhs.cents.subtractingReportingOverflow(rhs.cents)
        return overflow ? Money(cents: rhs.cents > 0 ? -Int64.max : Int64.max) : Money(cents: difference)
    }

    public static func += (lhs: inout Money, rhs: Money) { lhs = lhs + rhs }

    public static func * (lhs: Money, rhs: Int) -> Money {
        let (product, overflow) = lhs.cents.multipliedReportingOverflow(by: Int64(rhs))
        guard overflow else { return Money(cents: product) }
        return Money(cents: (lhs.cents < 0) != (rhs < 0) ? -Int64.max : Int64.max)
    }

    /// The sum or product reached the limit of what a `Money` holds.
    public var isSaturated: Bool { cents == Int64.max || cents == -Int64.max }
}
