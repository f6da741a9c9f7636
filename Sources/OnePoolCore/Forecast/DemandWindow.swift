/// A demand history as the forecasting methods see it: one value per period, some periods censored.
///
/// A censored period (the SKU was out of stock, the store was closed) has an unknown demand,
/// not a zero one: methods skip it when they update and when they average, and a backtest
/// never scores against it. Only periods before `end` exist for a method, so a rolling-origin
/// backtest can move the origin without copying the history.
/// Invariant: `values.count == observed.count` and `0 ≤ end ≤ values.count`.
public struct DemandWindow: Sendable {
    public let values: [Double]
    public let observed: [Bool]
    /// Periods `0..<end` are history; later ones are not visible.
    public let end: Int

    /// A history with every period observed.
    public init(_ values: [Double]) {
        self.values = values
        observed = Array(repeating: true, count: values.count)
        end = values.count
    }

    /// A history with a censoring mask: `censored[t] == true` means period `t` was not observed.
    public init(_ values: [Double], censored: [Bool]) {
        precondition(values.count == censored.count, "one censoring flag per period")
        self.values = values
        observed = censored.map { !$0 }
        end = values.count
    }

    private init(values: [Double], observed: [Bool], end: Int) {
        self.values = values
        self.observed = observed
        self.end = end
    }

    /// The same history cut at `origin`: what was known when a forecast was made there.
    public func cut(at origin: Int) -> DemandWindow {
        DemandWindow(values: values, observed: observed, end: min(max(0, origin), end))
    }

    public var count: Int { end }

    /// Observed periods in `start..<end`.
    public func observedCount(from start: Int = 0) -> Int {
        var count = 0
        for t in max(0, start)..<end where observed[t] { count += 1 }
        return count
    }

    /// Mean of the observed values in `start..<end` (nil when none is observed).
    public func observedMean(from start: Int = 0) -> Double? {
        var sum = 0.0
        var count = 0
        for t in max(0, start)..<end where observed[t] {
            sum += values[t]
            count += 1
        }
        return count > 0 ? sum / Double(count) : nil
    }

    /// The last `count` observed values in time order (fewer when the history is shorter).
    public func lastObserved(_ count: Int) -> [Double] {
        var picked: [Double] = []
        picked.reserveCapacity(count)
        var t = end - 1
        while t >= 0 && picked.count < count {
            if observed[t] { picked.append(values[t]) }
            t -= 1
        }
        return picked.reversed()
    }

    /// Whether any observed period has demand.
    public var hasDemand: Bool {
        for t in 0..<end where observed[t] && values[t] > 0 { return true }
        return false
    }
}
