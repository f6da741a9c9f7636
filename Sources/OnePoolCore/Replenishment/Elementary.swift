/// exp, log and pow in pure Swift: Core uses the standard library only, which has no libm.
///
/// Each reduces its argument to a small range and sums a short series there; the result is
/// within a few units in the last place over the ranges replenishment uses (far inside every
/// tolerance of ../shared/data/policy_cases.json). Not a general-purpose libm: no care is taken
/// over subnormal results beyond returning 0.
public enum Elementary {
    private static let ln2High = 0.693_147_180_369_123_816_49
    private static let ln2Low = 1.908_214_929_270_587_7e-10
    private static let ln2 = 0.693_147_180_559_945_309_417_232_121_458

    /// e^x.
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.78 { return .infinity }
        if x < -745.2 { return 0 }
        // x = k·ln 2 + r with |r| ≤ ln 2 / 2, ln 2 split in two so r keeps its low bits.
        let k = (x / ln2).rounded()
        let r = (x - k * ln2High) - k * ln2Low
        // Taylor series of e^r to r^22/22!: the first dropped term is below 1e-20 for |r| ≤ 0.35.
        var sum = 1.0
        var term = 1.0
        for n in 1...22 {
            term *= r / Double(n)
            sum += term
        }
        return scale(sum, by: Int(k))
    }

    /// The natural logarithm of x (nan below 0, −∞ at 0).
    public static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x.isInfinite { return x }
        // x = m · 2^e with m in [√½, √2); log m = 2·atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.1716.
        var m = x.significand
        var e = Int(x.exponent)
        if m > 1.414_213_562_373_095_1 {
            m /= 2
            e += 1
        }
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var sum = 0.0
        var power = s
        var n = 1.0
        while n < 60 {
            let term = power / n
            sum += term
            if abs(term) < 1e-20 { break }
            power *= s2
            n += 2
        }
        return Double(e) * ln2 + 2 * sum
    }

    /// base^exponent for base > 0 (0 for base 0 and a positive exponent).
    public static func pow(_ base: Double, _ exponent: Double) -> Double {
        if base == 0 { return exponent > 0 ? 0 : .infinity }
        return exp(exponent * log(base))
    }

    /// value · 2^power, stepping so intermediate results neither overflow nor underflow early.
    private static func scale(_ value: Double, by power: Int) -> Double {
        var result = value
        var remaining = power
        while remaining > 1000 {
            result *= Double(sign: .plus, exponent: 1000, significand: 1)
            remaining -= 1000
        }
        while remaining < -1000 {
            result *= Double(sign: .plus, exponent: -1000, significand: 1)
            remaining += 1000
        }
        return result * Double(sign: .plus, exponent: remaining, significand: 1)
    }
}
