/// Teunter–Syntetos–Babai: intermittent demand as a probability of demand times its size.
///
/// Unlike Croston, the probability is updated every period, so a SKU that has stopped selling
/// fades towards zero instead of keeping its last rate forever (obsolescence). `alpha` (size)
/// and `beta` (probability) are fitted per series by one-step squared error.
public enum TSB {
    static let grid: [(alpha: Double, beta: Double)] = [
        (0.05, 0.02), (0.1, 0.05), (0.1, 0.1), (0.2, 0.05), (0.2, 0.2), (0.3, 0.1),
    ]

    public struct Fit: Sendable, Equatable {
        public var alpha: Double
        public var beta: Double
        public var rate: Double
    }

    /// Nil when no demand has been observed.
    public static func fit(_ history: DemandWindow) -> Fit? {
        guard let start = startingPoint(history) else { return nil }
        var best: Fit?
        var bestError = Double.infinity
        for (alpha, beta) in grid {
            var probability = start.probability
            var size = start.size
            var error = 0.0
            for t in 0..<history.end where history.observed[t] {
                let demand = history.values[t]
                let residual = demand - probability * size
                error += residual * residual
                if demand > 0 {
                    probability += beta * (1 - probability)
                    size += alpha * (demand - size)
                } else {
                    probability -= beta * probability
                }
            }
            if error < bestError {
                bestError = error
                best = Fit(alpha: alpha, beta: beta, rate: probability * size)
            }
        }
        return best
    }

    /// Probability from the first six observed periods; size from the non-zero demands among
    /// them, or the first non-zero demand when they have none. Only the start of the history is
    /// read, so a backtest can reuse one pass for every origin after `startBoundary`.
    static func startingPoint(_ history: DemandWindow) -> (probability: Double, size: Double)? {
        var early = 0
        var earlyDemands = 0
        var sizeSum = 0.0
        var firstDemand: Double?
        for t in 0..<history.end where history.observed[t] {
            let demand = history.values[t]
            if early < 6 {
                early += 1
                if demand > 0 {
                    earlyDemands += 1
                    sizeSum += demand
                }
            }
            if demand > 0 && firstDemand == nil { firstDemand = demand }
            if early == 6 && firstDemand != nil { break }
        }
        guard let firstDemand, early > 0 else { return nil }
        let size = earlyDemands > 0 ? sizeSum / Double(earlyDemands) : firstDemand
        return (Double(earlyDemands) / Double(early), size)
    }

    /// The first origin whose start values are those of the whole history.
    static func startBoundary(_ history: DemandWindow) -> Int {
        var firstDemand = history.end
        for t in 0..<history.end where history.observed[t] && history.values[t] > 0 {
            firstDemand = t + 1
            break
        }
        return max(RollingForecasts.pastObserved(history, count: 6), firstDemand)
    }
}
