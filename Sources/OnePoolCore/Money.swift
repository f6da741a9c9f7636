/// An amount in the store's currency, held as whole minor units (cents) so that sums are exact.
///
/// Invariant: `cents` is the whole value; there is no hidden fraction.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var cents: Int64

    public init(cents: Int64) { self.cents = cents }

    public static let zero = Money(cents: 0)

    /// Parses "12", "12.5", "12.50", "-3.10" or "1,234.50". Refuses more than two decimals,
    /// letters, or an empty string: money typed by a person must mean exactly one amount.
    public static func parse(_ text: String) -> Money? {
        if let plain = parsePlain(text) { return plain }
        return parseGeneral(text)
    }

    /// "12", "12.5", "12.50" (ASCII digits, at most 15 before the point): what files hold, read
    /// without building substrings; anything else goes to the general parser.
    private static func parsePlain(_ text: String) -> Money? {
        var whole: Int64 = 0, fraction: Int64 = 0
        var digits = 0, fractionDigits = 0, seenPoint = false
        for byte in text.utf8 {
            if byte >= 48 && byte <= 57 {
                if seenPoint {
                    fractionDigits += 1
                    if fractionDigits > 2 { return nil }
                    fraction = fraction * 10 + Int64(byte - 48)
                } else {
                    digits += 1
                    if digits > 15 { return nil }
                    whole = whole * 10 + Int64(byte - 48)
                }
            } else if byte == 46 && !seenPoint {
                seenPoint = true
            } else {
                return nil
            }
        }
        guard digits > 0, !seenPoint || fractionDigits > 0 else { return nil }
        return Money(cents: whole * 100 + (fractionDigits == 1 ? fraction * 10 : fraction))
    }

    private static func parseGeneral(_ text: String) -> Money? {
        var digits = Substring(text.filter { $0 != "," && $0 != " " })
        var negative = false
        if digits.first == "-" { negative = true; digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let wholeText = parts.first else { return nil }
        guard !(wholeText.isEmpty && parts.count == 1) else { return nil }
        guard wholeText.allSatisfy(\.isASCIIDigit) else { return nil }
        let whole = wholeText.isEmpty ? 0 : Int64(wholeText)
        guard let whole else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let fractionText = parts[1]
            guard fractionText.count <= 2, fractionText.allSatisfy(\.isASCIIDigit) else { return nil }
            guard !fractionText.isEmpty || !wholeText.isEmpty else { return nil }
            fraction = (Int64(fractionText) ?? 0) * (fractionText.count == 1 ? 10 : 1)
        }
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: 100)
        guard !overflow else { return nil }
        let cents = scaled + fraction
        return Money(cents: negative ? -cents : cents)
    }

    public var description: String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

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

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
