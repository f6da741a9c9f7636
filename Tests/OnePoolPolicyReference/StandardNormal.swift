import Foundation

/// The standard normal distribution and its loss functions, in pure Swift.
///
/// cdf: Marsaglia's series Φ(x) = ½ + φ(x)·(x + x³/3 + x⁵/15 + …) for |x| ≤ 5 (every term has
/// the sign of x, so nothing cancels), and Laplace's continued fraction for the tail beyond,
/// where the series would need hundreds of terms. Both are good to about 1e-15 absolute; the
/// tail keeps its relative accuracy. The quantile starts from Abramowitz & Stegun 26.2.23 and
/// polishes with Halley steps on that cdf.
public enum StandardNormal {
    private static let inverseRootTwoPi = 0.398_942_280_401_432_677_939_946_059_934

    /// φ(x), the density.
    public static func pdf(_ x: Double) -> Double { inverseRootTwoPi * Foundation.exp(-0.5 * x * x) }

    /// Φ(x) = P(Z ≤ x).
    public static func cdf(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x < -5 { return upperTail(-x) }
        if x > 5 { return 1 - upperTail(x) }
        return 0.5 + series(x) * pdf(x)
    }

    /// 1 − Φ(x) = P(Z > x), accurate in the upper tail.
    public static func survival(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 5 { return upperTail(x) }
        if x < -5 { return 1 - upperTail(-x) }
        return 0.5 - series(x) * pdf(x)
    }

    /// Φ⁻¹(p): the z with Φ(z) = p (−∞ at 0, +∞ at 1).
    public static func quantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let tail = min(p, 1 - p)
        let t = (-2 * Foundation.log(tail)).squareRoot()
        let start =
            t - (2.515_517 + t * (0.802_853 + t * 0.010_328)) / (1 + t * (1.432_788 + t * (0.189_269 + t * 0.001_308)))
        var z = p < 0.5 ? -start : start
        for _ in 0..<4 {
            // Halley's step on f(z) = Φ(z) − p, measured from the nearer tail to keep precision.
            let error = p < 0.5 ? cdf(z) - p : (1 - p) - survival(z)
            let density = pdf(z)
            guard density > 0 else { break }
            let u = error / density
            let step = u / (1 + z * u / 2)
            z -= step
            if abs(step) < 1e-15 * max(1, abs(z)) { break }
        }
        return z
    }

    /// The standard loss function L(z) = E[(Z − z)⁺] = φ(z) − z·(1 − Φ(z)): expected units short
    /// per unit of standard deviation when stock covers z standard deviations above the mean.
    public static func loss(_ z: Double) -> Double { pdf(z) - z * survival(z) }

    /// The second-order loss L²(z) = ½·E[((Z − z)⁺)²] = ½·[(z² + 1)(1 − Φ(z)) − z·φ(z)].
    public static func secondLoss(_ z: Double) -> Double {
        0.5 * ((z * z + 1) * survival(z) - z * pdf(z))
    }

    /// (Φ(x) − ½)/φ(x) as the series x + x³/3 + x⁵/(3·5) + …
    private static func series(_ x: Double) -> Double {
        var sum = x
        var term = x
        let square = x * x
        var denominator = 1.0
        while true {
            denominator += 2
            term *= square / denominator
            let next = sum + term
            if next == sum { break }
            sum = next
        }
        return sum
    }

    /// 1 − Φ(x) for x > 5 by the continued fraction φ(x) / (x + 1/(x + 2/(x + 3/(x + …)))).
    private static func upperTail(_ x: Double) -> Double {
        var fraction = x
        for k in stride(from: 60, through: 1, by: -1) {
            fraction = x + Double(k) / fraction
        }
        return pdf(x) / fraction
    }
}

/// A normal distribution with mean `mean` and standard deviation `sd`, and its loss functions.
public struct NormalDistribution: Sendable, Equatable {
    public var mean: Double
    public var sd: Double

    public init(mean: Double, sd: Double) {
        self.mean = mean
        self.sd = sd
    }

    public func cdf(_ x: Double) -> Double {
        sd > 0 ? StandardNormal.cdf((x - mean) / sd) : (x >= mean ? 1 : 0)
    }

    public func pdf(_ x: Double) -> Double { sd > 0 ? StandardNormal.pdf((x - mean) / sd) / sd : 0 }

    public func quantile(_ p: Double) -> Double { mean + sd * StandardNormal.quantile(p) }

    /// n(x) = E[(D − x)⁺] = σ·L((x − μ)/σ): expected units demanded beyond x.
    public func loss(_ x: Double) -> Double {
        sd > 0 ? sd * StandardNormal.loss((x - mean) / sd) : max(0, mean - x)
    }

    /// n²(x) = ½·E[((D − x)⁺)²] = σ²·L²((x − μ)/σ).
    public func secondLoss(_ x: Double) -> Double {
        sd > 0 ? sd * sd * StandardNormal.secondLoss((x - mean) / sd) : 0.5 * max(0, mean - x) * max(0, mean - x)
    }
}
