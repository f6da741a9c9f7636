/// Days that ran out of stock part-way: their sales are a floor on demand, not demand.
///
/// A day the SKU was out of stock at some moment is censored: what sold is what there was, and
/// the demand was at least that. Dropping the whole day would bias the history low — the days
/// that run out are the busy ones — so a censored day that still sold `b > 0` units is taken as
/// E[demand | demand ≥ b]: demand on such a day is a negative binomial at the mean of the
/// nearby in-stock days (up to `reach` days either side, on the same weekday where a season is
/// given and at least 4 such days exist), with their variance-to-mean ratio (at least 1). A
/// censored day that sold nothing says nothing and stays censored; so does a partial day with no
/// in-stock day near it.
public enum PartialDays {
    public static let reach = 56

    public static func window(_ values: [Double], censored: [Bool], season: Int = 1) -> DemandWindow {
        let (filled, stillCensored) = fill(values, censored: censored, season: season, emptyDays: false)
        return DemandWindow(filled, censored: stillCensored)
    }

    /// Every censored day's probable demand, a day that sold nothing too (the mean of the nearby
    /// in-stock days: what a backtest of the policy's cycles counts as wanted that day, where a
    /// forecaster would rather skip it); a day with no in-stock day near it keeps its sales.
    public static func wanted(_ values: [Double], censored: [Bool], season: Int = 1) -> [Double] {
        fill(values, censored: censored, season: season, emptyDays: true).values
    }

    private static func fill(_ values: [Double], censored: [Bool], season: Int, emptyDays: Bool)
        -> (values: [Double], censored: [Bool])
    {
        precondition(values.count == censored.count, "one censoring flag per period")
        var filled = values
        var stillCensored = censored
        let period = max(1, season)
        for t in values.indices where censored[t] && (values[t] > 0 || emptyDays) {
            let low = max(0, t - reach)
            let high = min(values.count, t + reach + 1)
            var sameWeekday: [Double] = []
            var nearby: [Double] = []
            for u in low..<high where !censored[u] {
                nearby.append(values[u])
                if (u - t) % period == 0 { sameWeekday.append(values[u]) }
            }
            let sample = sameWeekday.count >= 4 ? sameWeekday : nearby
            guard !sample.isEmpty else { continue }
            let mean = sample.reduce(0, +) / Double(sample.count)
            let variance = sample.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(sample.count)
            let ratio = mean > 0 ? max(1, variance / mean) : 1
            let demand = HorizonDistribution(mean: max(mean, 1e-6), variance: max(mean, 1e-6) * ratio)
            filled[t] = max(values[t], demand.mean(atLeast: values[t]))
            stillCensored[t] = false
        }
        return (filled, stillCensored)
    }
}
