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
    /// Every alpha's recursion runs in the same pass over the history: each is a chain of
    /// dependent updates, and interleaving independent chains keeps the processor busy where one
    /// chain would wait on each multiply-add (the results are those of `run` alpha by alpha).
    public static func fit(_ history: DemandWindow, alphas: [Double] = alphaGrid) -> Fit? {
        let values = history.values
        return fit(history, alphas: alphas, period: 1) { t, _ in values[t] }
    }

    /// `fit` on `value(t, phase)` (a transform of period t's demand; phase is t modulo `period`,
    /// counted as it goes rather than divided out each period) at the observed periods, without
    /// building the transformed history: the seasonal method smooths demand over its profile.
    /// Up to eight alphas run as the lanes of one vector, each lane doing the scalar chain's own
    /// operations in the same order, so every level and error is the scalar one to the bit.
    @inline(__always)
    static func fit(_ history: DemandWindow, alphas: [Double], period: Int, value: (Int, Int) -> Double) -> Fit? {
        guard !alphas.isEmpty else { return nil }
        let period = max(1, period)
        // The start level: the mean of the first few observed values (`initialLevel`).
        var startSum = 0.0
        var startCount = 0
        var phase = 0
        for t in 0..<history.end {
            if history.observed[t] {
                startSum += value(t, phase)
                startCount += 1
                if startCount == 6 { break }
            }
            phase += 1
            if phase == period { phase = 0 }
        }
        guard startCount > 0 else { return nil }
        let start = startSum / Double(startCount)
        guard alphas.count <= 8 else { return scalarFit(history, alphas: alphas, period: period, start: start, value) }
        var lanes = SIMD8<Double>(repeating: 0)
        for index in alphas.indices { lanes[index] = alphas[index] }
        var levels = SIMD8<Double>(repeating: start)
        var errors = SIMD8<Double>(repeating: 0)
        history.observed.withUnsafeBufferPointer { observed in
            phase = 0
            for t in 0..<history.end {
                if observed[t] {
                    let residual = SIMD8<Double>(repeating: value(t, phase)) - levels
                    errors += residual * residual
                    levels += lanes * residual
                }
                phase += 1
                if phase == period { phase = 0 }
            }
        }
        return bestFit(alphas: alphas, error: { errors[$0] }, level: { levels[$0] })
    }

    /// `fit` for a grid longer than one vector: the chains in an array.
    private static func scalarFit(
        _ history: DemandWindow, alphas: [Double], period: Int, start: Double, _ value: (Int, Int) -> Double
    ) -> Fit? {
        var levels = [Double](repeating: start, count: alphas.count)
        var errors = [Double](repeating: 0, count: alphas.count)
        var phase = 0
        for t in 0..<history.end {
            if history.observed[t] {
                let demand = value(t, phase)
                for index in 0..<alphas.count {
                    let residual = demand - levels[index]
                    errors[index] += residual * residual
                    levels[index] += alphas[index] * residual
                }
            }
            phase += 1
            if phase == period { phase = 0 }
        }
        return bestFit(alphas: alphas, error: { errors[$0] }, level: { levels[$0] })
    }

    /// The first alpha with the least error, as trying them in order keeps it (both fits' rule;
    /// nil when no error is finite).
    @inline(__always)
    private static func bestFit(alphas: [Double], error: (Int) -> Double, level: (Int) -> Double) -> Fit? {
        var best: Int?
        var bestError = Double.infinity
        for index in alphas.indices where error(index) < bestError {
            best = index
            bestError = error(index)
        }
        return best.map { Fit(alpha: alphas[$0], level: level($0)) }
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
