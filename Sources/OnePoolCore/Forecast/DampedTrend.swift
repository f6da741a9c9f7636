/// Holt's linear method with a damped trend (Gardner & McKenzie): level plus a trend that fades
/// by `phi` each period ahead, so a recent rise or fall is extrapolated only part of the way.
///
/// `alpha`, `beta` and `phi` are fitted per series on a grid by one-step squared error. The
/// forecast is floored at zero: demand cannot be negative.
public enum DampedTrend {
    static let alphaGrid: [Double] = [0.05, 0.1, 0.2, 0.35]
    static let betaGrid: [Double] = [0.01, 0.05, 0.15]
    static let phiGrid: [Double] = [0.8, 0.9, 0.98]
    /// Every (alpha, beta, phi) tried, in the order the fit tries them (ties go to the first).
    static let grid: [(alpha: Double, beta: Double, phi: Double)] = alphaGrid.flatMap { alpha in
        betaGrid.filter { $0 <= alpha }.flatMap { beta in phiGrid.map { (alpha, beta, $0) } }
    }

    /// The grid's parameters four to a vector, for a backtest running every chain at once
    /// (`RollingForecasts.dampedPaths`); lanes past the grid's end repeat its last point.
    static let alphaLanes = lanes { $0.alpha }
    static let betaLanes = lanes { $0.beta }
    static let phiLanes = lanes { $0.phi }

    private static func lanes(_ part: ((alpha: Double, beta: Double, phi: Double)) -> Double) -> [SIMD4<Double>] {
        (0..<(grid.count + 3) / 4).map { vector in
            SIMD4((0..<4).map { part(grid[min(grid.count - 1, vector * 4 + $0)]) })
        }
    }

    public struct Fit: Sendable, Equatable {
        public var alpha: Double
        public var beta: Double
        public var phi: Double
        public var level: Double
        public var trend: Double

        /// Forecast `1...horizon` periods ahead.
        public func path(horizon: Int) -> [Double] {
            var damping = 0.0
            var power = 1.0
            return (0..<horizon).map { _ in
                power *= phi
                damping += power
                return max(0, level + damping * trend)
            }
        }
    }

    /// Needs at least four observed periods to tell a trend from noise.
    public static func fit(_ history: DemandWindow) -> Fit? {
        var firstFour: [Double] = []
        for t in 0..<history.end where history.observed[t] {
            firstFour.append(history.values[t])
            if firstFour.count == 4 { break }
        }
        guard firstFour.count == 4 else { return nil }
        let start = (level: firstFour[0], trend: (firstFour[3] - firstFour[0]) / 3)
        var best: Fit?
        var bestError = Double.infinity
        for (alpha, beta, phi) in grid {
            var level = start.level
            var trend = start.trend
            var error = 0.0
            for t in 0..<history.end where history.observed[t] {
                let predicted = level + phi * trend
                let residual = history.values[t] - predicted
                error += residual * residual
                let newLevel = predicted + alpha * residual
                trend = phi * trend + beta * (newLevel - level - phi * trend)
                level = newLevel
            }
            if error < bestError {
                bestError = error
                best = Fit(alpha: alpha, beta: beta, phi: phi, level: level, trend: trend)
            }
        }
        return best
    }
}
