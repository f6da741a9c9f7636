/// Croston's method with the Syntetos–Boylan approximation (SBA), for intermittent demand.
///
/// Two smoothed quantities updated only when demand occurs: the size of a demand and the
/// interval between demands. The forecast per period is size / interval, times (1 − alpha/2)
/// to remove Croston's known upward bias. `alpha` is fitted per series by one-step squared error.
public enum Croston {
    static let alphaGrid: [Double] = [0.05, 0.1, 0.2, 0.3]

    public struct Fit: Sendable, Equatable {
        public var alpha: Double
        public var rate: Double
    }

    /// Nil when no demand has been observed (there is no size to smooth).
    public static func fit(_ history: DemandWindow) -> Fit? {
        var best: Fit?
        var bestError = Double.infinity
        for alpha in alphaGrid {
            guard let (rate, error) = run(history, alpha: alpha) else { return nil }
            if error < bestError {
                bestError = error
                best = Fit(alpha: alpha, rate: rate)
            }
        }
        return best
    }

    /// The SBA rate after the history and the one-step squared error on the way.
    /// Censored periods neither add to the interval nor count as a demand.
    static func run(_ history: DemandWindow, alpha: Double) -> (rate: Double, error: Double)? {
        let correction = 1 - alpha / 2
        var size = 0.0
        var interval = 0.0
        var started = false
        var sinceLast = 1.0
        var error = 0.0
        for t in 0..<history.end where history.observed[t] {
            let demand = history.values[t]
            let predicted = started ? correction * size / interval : 0
            if started { error += (demand - predicted) * (demand - predicted) }
            if demand > 0 {
                if started {
                    size += alpha * (demand - size)
                    interval += alpha * (sinceLast - interval)
                } else {
                    size = demand
                    interval = sinceLast
                    started = true
                }
                sinceLast = 1
            } else {
                sinceLast += 1
            }
        }
        guard started else { return nil }
        return (correction * size / interval, error)
    }
}
