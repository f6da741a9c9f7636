/// Reading a whole number a person typed — a command-line argument or a console field — one
/// way, so both front ends accept the same text and refuse it for the same reasons.
public enum WholeNumber {
    public enum Problem: Error, Equatable, Sendable {
        /// Not a whole number at all ("", "2.5", "ten", "--").
        case notWhole
        /// A whole number outside the range, however many digits it has.
        case outOfRange
    }

    /// Reads "5", "+5", "-2" and "−2" (U+2212, the minus sign the CLI protects negative numbers
    /// with) in `range`. ASCII digits only; never traps, whatever the length.
    public static func read(_ text: String, in range: ClosedRange<Int>) -> Result<Int, Problem> {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" || sign == "\u{2212}" {
            negative = sign != "+"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return .failure(.notWhole)
        }
        guard let magnitude = Int(digits) else { return .failure(.outOfRange) }
        let value = negative ? -magnitude : magnitude
        return range.contains(value) ? .success(value) : .failure(.outOfRange)
    }
}
