/// Why a text is not an amount OnePool accepts; `description` says it the way an operator
/// reads it ("'12,99' has a decimal comma: write 12.99"). The front end adds where the text
/// came from (an option, a file:line:column) and how to declare a decimal comma.
public struct AmountProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        case empty
        case notANumber
        /// The other decimal separator: "12,99" where a point is expected (or "12.99" with
        /// decimal commas declared); `suggestion` is the same amount written as expected.
        case otherDecimalSeparator(suggestion: String)
        case tooManyDecimals
        case tooLarge(Money)
        case negative
    }

    public var text: String
    public var kind: Kind

    public init(text: String, kind: Kind) {
        self.text = text
        self.kind = kind
    }

    /// What is wrong, without the text: "has a decimal comma: write 12.99".
    public var reason: String {
        switch kind {
        case .empty: "is empty: expected an amount such as 12.99"
        case .notANumber: "is not an amount: expected a number such as 12.99 or 1,299.00"
        case .otherDecimalSeparator(let suggestion):
            suggestion.contains(",")
                ? "has a decimal point where a decimal comma was declared: write \(suggestion)"
                : "has a decimal comma: write \(suggestion)"
        case .tooManyDecimals: "has too many decimals: at most 2 decimals"
        case .tooLarge(let limit): "is too large: at most \(limit)"
        case .negative: "is negative: expected 0 or more"
        }
    }

    /// "'12,99' has a decimal comma: write 12.99".
    public var description: String { "'\(text)' \(reason)" }
}

/// The state of reading one amount byte by byte (see `Money.read`).
struct AmountScan {
    private let point: UInt8
    private let group: UInt8
    private let spaceGroups: Bool

    private(set) var negative = false
    /// More digits than any amount could have (the value is then meaningless).
    private(set) var overflow = false
    private var started = false
    private var whole: Int64 = 0
    private var wholeDigits = 0
    private var fraction: Int64 = 0
    private var fractionDigits = 0
    private var inFraction = false
    private var groups = 0
    private var groupDigits = 0
    private var badGrouping = false

    init(decimalComma: Bool) {
        point = decimalComma ? UInt8(ascii: ",") : UInt8(ascii: ".")
        group = decimalComma ? UInt8(ascii: ".") : UInt8(ascii: ",")
        spaceGroups = decimalComma
    }

    /// Takes one byte of the trimmed text; false when it cannot belong to an amount.
    mutating func take(_ byte: UInt8) -> Bool {
        if !started {
            started = true
            if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") {
                negative = byte == UInt8(ascii: "-")
                return true
            }
        }
        switch byte {
        case 48...57:
            let digit = Int64(byte - 48)
            if inFraction {
                fractionDigits += 1
                if fractionDigits <= 2 { fraction = fraction * 10 + digit }
            } else {
                wholeDigits += 1
                groupDigits += 1
                // 10^15 units of currency is beyond any bound; stop before Int64 could overflow.
                if whole >= 1_000_000_000_000_000 { overflow = true } else { whole = whole * 10 + digit }
            }
            return true
        case point where !inFraction:
            closeGroup(atEnd: true)
            inFraction = true
            return true
        case group where !inFraction:
            closeGroup(atEnd: false)
            return true
        case 32 where spaceGroups && !inFraction && groupDigits > 0:
            closeGroup(atEnd: false)
            return true
        default:
            return false
        }
    }

    /// A grouping separator or the end of the whole part: the digits since the last separator
    /// must make a proper group (1–3 before the first separator, exactly 3 after one).
    private mutating func closeGroup(atEnd: Bool) {
        if groups > 0 && groupDigits != 3 { badGrouping = true }
        if groups == 0 && !atEnd && (groupDigits == 0 || groupDigits > 3) { badGrouping = true }
        if !atEnd {
            groups += 1
            groupDigits = 0
        }
    }

    /// Ends the scan: nil if the bytes were an amount, else what was wrong.
    mutating func finish() -> AmountProblem.Kind? {
        guard started else { return .empty }
        guard wholeDigits + fractionDigits > 0 else { return .notANumber }
        if !inFraction { closeGroup(atEnd: true) }
        if badGrouping {
            // One separator followed by one or two digits: the other decimal separator ("12,99").
            if groups == 1 && !inFraction && (1...2).contains(groupDigits) {
                let whole = wholeDigits == groupDigits ? "0" : "\(self.whole / pow10(groupDigits))"
                let digits = self.whole % pow10(groupDigits)
                let fractionText = groupDigits == 2 && digits < 10 ? "0\(digits)" : "\(digits)"
                let separator = point == UInt8(ascii: ".") ? "." : ","
                return .otherDecimalSeparator(suggestion: "\(negative ? "-" : "")\(whole)\(separator)\(fractionText)")
            }
            return .notANumber
        }
        if fractionDigits > 2 { return .tooManyDecimals }
        return nil
    }

    /// The amount read, in cents (its magnitude; `negative` carries the sign).
    var cents: Int64 {
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: 100)
        guard !overflow else { return Int64.max }
        return scaled + (fractionDigits == 1 ? fraction * 10 : fraction)
    }

    private func pow10(_ exponent: Int) -> Int64 {
        var value: Int64 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }
}
