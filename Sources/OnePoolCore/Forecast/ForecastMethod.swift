/// One way of forecasting a demand history: the pool the backtest chooses from.
///
/// Every method fits its own parameters to the history it is given (nothing is fixed across
/// series) and returns the expected demand for each of the next `horizon` periods, or nil when
/// the history cannot support it (too short, no demand observed, no full season).
public enum ForecastMethod: Hashable, Sendable, CustomStringConvertible {
    case simpleExponentialSmoothing
    case dampedTrend
    case seasonalExponentialSmoothing
    case seasonalNaive
    case seasonalAverage
    case crostonSBA
    case tsb
    case adida
    case imapa
    case movingAverage(window: Int)
    case historicAverage
    /// The same weeks (months) a year before, scaled by how the recent level compares with a year before.
    case yearAgo(year: Int)

    public var description: String {
        switch self {
        case .simpleExponentialSmoothing: "SES"
        case .dampedTrend: "damped trend"
        case .seasonalExponentialSmoothing: "seasonal ES"
        case .seasonalNaive: "seasonal naive"
        case .seasonalAverage: "seasonal average"
        case .crostonSBA: "Croston SBA"
        case .tsb: "TSB"
        case .adida: "ADIDA"
        case .imapa: "IMAPA"
        case .movingAverage(let window): "MA(\(window))"
        case .historicAverage: "historic average"
        case .yearAgo: "year ago, scaled"
        }
    }

    /// The pool for a history of `historyLength` periods; seasonal methods only with a season, and
    /// the year-ago method only with a year (periods per year) and more than a year of history.
    public static func candidates(historyLength: Int, horizon: Int, season: Int, year: Int = 0) -> [ForecastMethod] {
        var pool: [ForecastMethod] = [.simpleExponentialSmoothing, .dampedTrend, .crostonSBA, .tsb, .adida, .imapa]
        if season > 1 { pool += [.seasonalExponentialSmoothing, .seasonalNaive, .seasonalAverage] }
        pool += Averages.windows(historyLength: historyLength, horizon: horizon, season: season).map {
            .movingAverage(window: $0)
        }
        pool.append(.historicAverage)
        if year > horizon && historyLength >= year + YearAgo.recentPeriods(horizon: horizon, season: season) + season {
            pool.append(.yearAgo(year: year))
        }
        return pool
    }

    /// Expected demand for each of the next `horizon` periods after `history`.
    public func forecast(_ history: DemandWindow, horizon: Int, season: Int) -> [Double]? {
        func flat(_ rate: Double?) -> [Double]? { rate.map { filledArray(max(0, $0), count: horizon) } }
        switch self {
        case .simpleExponentialSmoothing: return flat(SimpleExponentialSmoothing.fit(history)?.level)
        case .dampedTrend: return DampedTrend.fit(history)?.path(horizon: horizon)
        case .seasonalExponentialSmoothing:
            return SeasonalMethods.exponentialSmoothing(history, period: season, horizon: horizon)
        case .seasonalNaive: return SeasonalMethods.naive(history, period: season, horizon: horizon)
        case .seasonalAverage: return SeasonalMethods.average(history, period: season, seasons: 8, horizon: horizon)
        case .crostonSBA: return flat(Croston.fit(history)?.rate)
        case .tsb: return flat(TSB.fit(history)?.rate)
        case .adida: return flat(TemporalAggregation.adida(history))
        case .imapa: return flat(TemporalAggregation.imapa(history))
        case .movingAverage(let window): return flat(Averages.moving(history, window: window))
        case .historicAverage: return flat(Averages.historic(history))
        case .yearAgo(let year): return YearAgo.forecast(history, year: year, horizon: horizon, season: season)
        }
    }

    /// `forecast(history.cut(at: origin), …)` for every origin (ascending, each ≤ history.end), in
    /// one pass over the history where the method allows (`RollingForecasts`).
    public func forecasts(_ history: DemandWindow, horizon: Int, season: Int, at origins: [Int]) -> [[Double]?] {
        forecasts(history, horizon: horizon, season: season, at: origins, prefix: nil)
    }

    /// The same with the history's running sums built once by the caller for every method.
    func forecasts(
        _ history: DemandWindow, horizon: Int, season: Int, at origins: [Int], prefix given: RollingForecasts.Prefix?
    ) -> [[Double]?] {
        func flat(_ rates: [Double?]) -> [[Double]?] {
            var paths: [[Double]?] = []
            paths.reserveCapacity(rates.count)
            for rate in rates { paths.append(rate.map { filledArray(max(0, $0), count: horizon) }) }
            return paths
        }
        switch self {
        case .simpleExponentialSmoothing:
            return flat(RollingForecasts.sesLevels(history, at: origins, alphas: SimpleExponentialSmoothing.alphaGrid))
        case .dampedTrend:
            return RollingForecasts.dampedPaths(history, at: origins, horizon: horizon)
        case .crostonSBA:
            return flat(RollingForecasts.crostonRates(history, at: origins))
        case .tsb:
            return flat(RollingForecasts.tsbRates(history, at: origins))
        case .movingAverage(let window):
            let prefix = given ?? RollingForecasts.Prefix(history)
            return flat(origins.map { prefix.moving(before: $0, window: window) })
        case .historicAverage:
            let prefix = given ?? RollingForecasts.Prefix(history)
            return flat(origins.map { prefix.historic(before: $0) })
        case .adida, .imapa:
            let both = Self.aggregationForecasts(history, horizon: horizon, at: origins, prefix: given)
            return self == .imapa ? both.imapa : both.adida
        default:
            return origins.map { forecast(history.cut(at: $0), horizon: horizon, season: season) }
        }
    }

    /// ADIDA's and IMAPA's paths at `origins` together: they share the mean interval, the level-1
    /// smoothing and every aggregated level up to ADIDA's, so the selector asks once for both.
    static func aggregationForecasts(
        _ history: DemandWindow, horizon: Int, at origins: [Int], prefix given: RollingForecasts.Prefix?
    ) -> (adida: [[Double]?], imapa: [[Double]?]) {
        let smoothed = RollingForecasts.sesLevels(history, at: origins, alphas: TemporalAggregation.alphaGrid)
        let prefix = given ?? RollingForecasts.Prefix(history)
        let intervals = RollingForecasts.meanIntervals(history, at: origins)
        // Every origin's buckets are read from the same running sums (a cut keeps the history's arrays),
        // and origins whose buckets line up are smoothed in one pass (`aggregatedLevels`).
        let sums = TemporalAggregation.BucketSums(history)
        let tops = intervals.map { $0.map(TemporalAggregation.topLevel) ?? 0 }
        let levels = TemporalAggregation.aggregatedLevels(history, origins: origins, tops: tops, sums: sums)
        var adida: [[Double]?] = []
        var imapa: [[Double]?] = []
        adida.reserveCapacity(origins.count)
        imapa.reserveCapacity(origins.count)
        for index in origins.indices {
            let rates = TemporalAggregation.rates(
                history.cut(at: origins[index]), meanInterval: intervals[index], levelOne: smoothed[index],
                historic: prefix.historic(before: origins[index]), sums: sums, levels: levels[index])
            adida.append(rates.adida.map { filledArray(max(0, $0), count: horizon) })
            imapa.append(rates.imapa.map { filledArray(max(0, $0), count: horizon) })
        }
        return (adida, imapa)
    }
}
