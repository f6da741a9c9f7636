/// Simple exponential smoothing: a level that moves a fraction `alpha` towards each new demand.
///
/// `alpha` is fitted per series: the value on a small grid with the least one-step squared
/// error. A grid rather than a numerical optimiser because the error surface is flat near its
/// minimum on short, noisy series, and a grid is deterministic and cheap.
public enum SimpleExponentialSmoothing {
    /// Candidate smoothing constants: slow ones for stable long series, fast ones for level shifts.
    public static let alphaGrid: [Double] = [0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45]

    public struct Fit: Sendable, Equatable {
        public var alpha: Double
        public var level: Double
    }

    /// The level after the history, with `alpha` fitted; nil when nothing is observed.
    public static func fit(_ history: DemandWindow, alphas: [Double] = alphaGrid) -> Fit? {
        guard let start = initialLevel(history) else { return nil }
        var best: Fit?
        var bestError = Double.infinity
        for alpha in alphas {
            let (level, error) = run(history, alpha: alpha, start: start)
            if error < bestError {
                bestError = error
                best = Fit(alpha: alpha, level: level)
            }
        }
        return best
    }

    /// The level after the history for a given `alpha`, and the one-step squared error on the way.
    public static func run(_ history: DemandWindow, alpha: Double, start: Double) -> (level: Double, error: Double) {
        var level = start
        var error = 0.0
        for t in 0..<history.end where history.observed[t] {
            let residual = history.values[t] - level
            error += residual * residual
            level += alpha * residual
        }
        return (level, error)
    }

    /// The start level: the mean of the first few observed periods, so one odd first value does
    /// not dominate a slow `alpha`.
    static func initialLevel(_ history: DemandWindow) -> Double? {
        var sum = 0.0
        var count = 0
        for t in 0..<history.end where history.observed[t] {
            sum += history.values[t]
            count += 1
            if count == 6 { break }
        }
        return count > 0 ? sum / Double(count) : nil
    }
}
