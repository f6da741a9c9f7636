/// Last year's same periods, scaled to this year's level: the one method that sees a yearly peak.
///
/// Period k ahead is forecast as r × the demand `year` periods before it — for daily data with a
/// weekly season, the mean of that day and the same weekday a week either side, so one odd day
/// does not repeat — where r is the demand of the last `recentPeriods` observed periods over the
/// demand of the same periods a year before, clamped to 0.2…5. Nil without a year of history
/// before the recent periods, or with no demand in them a year before.
public enum YearAgo {
    public static func recentPeriods(horizon: Int, season: Int) -> Int { max(4 * max(1, season), horizon) }

    public static func forecast(_ history: DemandWindow, year: Int, horizon: Int, season: Int) -> [Double]? {
        let recent = recentPeriods(horizon: horizon, season: season)
        let end = history.end
        guard year > horizon, end >= year + recent + max(1, season) else { return nil }
        var now = 0.0
        var before = 0.0
        for t in (end - recent)..<end where history.observed[t] && history.observed[t - year] {
            now += history.values[t]
            before += history.values[t - year]
        }
        guard before > 0 else { return nil }
        let ratio = min(5, max(0.2, now / before))
        let spread = season > 1 ? [-season, 0, season] : [0]
        return (0..<horizon).map { step in
            var sum = 0.0
            var seen = 0
            for offset in spread {
                let t = end - year + step + offset
                guard t >= 0, t < end, history.observed[t] else { continue }
                sum += history.values[t]
                seen += 1
            }
            return seen > 0 ? ratio * sum / Double(seen) : 0
        }
    }
}
