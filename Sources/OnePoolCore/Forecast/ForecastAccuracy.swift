/// Accuracy over many held-out series, with the definitions of ../shared/data/README.md.
///
/// - RMSSE per series: RMS forecast error over the horizon / RMS of one-step naive differences of
///   the training part counted from its first non-zero demand (M5 style); averaged over series.
///   A series with no such difference scale (no demand, or constant demand) has no RMSSE and is
///   counted in `withoutScale`, but still counts in the totals below.
/// - MASE per series: mean absolute error / mean absolute one-step naive difference of the whole
///   training part; averaged over series that have one.
/// - bias: Σ(forecast − actual) / Σ actual over every series and period.
/// - totErr: Σ over series |Σ forecast − Σ actual| / Σ over series Σ actual.
/// - coverage: the share of series whose actual total is at most the forecast 95% quantile.
public struct ForecastAccuracy: Sendable, Equatable {
    public private(set) var series = 0
    public private(set) var withoutScale = 0
    private var rmsseSum = 0.0
    private var rmsseCount = 0
    private var maseSum = 0.0
    private var maseCount = 0
    private var errorSum = 0.0
    private var absoluteTotalErrorSum = 0.0
    private var actualSum = 0.0
    private var covered = 0

    public init() {}

    public mutating func add(training: [Double], actual: [Double], forecast: [Double], upper95: Double) {
        precondition(actual.count == forecast.count, "one forecast per held-out period")
        series += 1
        let squaredError = zip(actual, forecast).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(actual.count)
        let absoluteError = zip(actual, forecast).map { abs($0 - $1) }.reduce(0, +) / Double(actual.count)
        if let scale = Self.squaredScale(training), scale > 0 {
            rmsseSum += (squaredError / scale).squareRoot()
            rmsseCount += 1
        } else {
            withoutScale += 1
        }
        if training.count > 1 {
            let naive =
                zip(training.dropFirst(), training).map { abs($0 - $1) }.reduce(0, +) / Double(training.count - 1)
            if naive > 0 {
                maseSum += absoluteError / naive
                maseCount += 1
            }
        }
        let actualTotal = actual.reduce(0, +)
        let forecastTotal = forecast.reduce(0, +)
        errorSum += forecastTotal - actualTotal
        absoluteTotalErrorSum += abs(forecastTotal - actualTotal)
        actualSum += actualTotal
        if actualTotal <= upper95 { covered += 1 }
    }

    /// Mean squared one-step naive difference from the first non-zero demand; nil without one.
    static func squaredScale(_ training: [Double]) -> Double? {
        guard let first = training.firstIndex(where: { $0 != 0 }), first + 1 < training.count else { return nil }
        var sum = 0.0
        for t in (first + 1)..<training.count {
            let difference = training[t] - training[t - 1]
            sum += difference * difference
        }
        return sum / Double(training.count - first - 1)
    }

    /// Series that have an RMSSE.
    public var scaled: Int { rmsseCount }
    public var rmsse: Double? { rmsseCount > 0 ? rmsseSum / Double(rmsseCount) : nil }
    public var mase: Double? { maseCount > 0 ? maseSum / Double(maseCount) : nil }
    public var bias: Double? { actualSum > 0 ? errorSum / actualSum : nil }
    public var totalError: Double? { actualSum > 0 ? absoluteTotalErrorSum / actualSum : nil }
    public var coverage95: Double? { series > 0 ? Double(covered) / Double(series) : nil }
}
