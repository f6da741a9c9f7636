/// Store-closed days inferred from a set of daily series' own history, with no calendar given.
///
/// A day is inferred closed when the whole set sold nothing on it although the set is large and
/// its expected total that day is high, so zero cannot be chance:
/// 1. at least `minimumSeries` of the set's series have a value on the day;
/// 2. their demand sums to exactly zero;
/// 3. the same weekday in each of the `weeksBack` weeks before lies in the set's data, and the
///    set's mean total over those days is at least `minimumExpectedTotal` units (under Poisson,
///    P(0) ≤ e^−20 ≈ 2·10⁻⁹). The same weekday, not the plain 28 days: a store shut every Sunday
///    has a mean of 0 there, so its Sundays are never inferred and stay zeros in the weekly season.
///
/// Each day's verdict uses only data up to that day, so censoring it is known at any later origin.
/// Ahead, a day is expected closed when the same month and day one year earlier was inferred
/// closed (a shop closed last Christmas is closed this Christmas); 29 February has no such day.
/// A single intermittent series has many zero days, so small sets infer nothing; an online
/// catalogue never has a day on which every SKU sold nothing, so nothing changes there.
public struct InferredClosedDays: Sendable, Equatable {
    public static let minimumSeries = 20
    public static let minimumExpectedTotal = 20.0
    public static let weeksBack = 4

    /// Day numbers (days since 1970-01-01) inferred closed, ascending.
    public let days: [Int]
    private let closedDays: Set<Int>

    /// `series`: each series' first day number and its demand on consecutive days from it.
    public init(series: [(first: Int, values: [Double])]) {
        let present = series.filter { !$0.values.isEmpty }
        guard present.count >= Self.minimumSeries, let start = present.map(\.first).min(),
            let end = present.map({ $0.first + $0.values.count }).max()
        else {
            self.init(first: 0, totals: [], counts: [])
            return
        }
        var totals = Array(repeating: 0.0, count: end - start)
        var counts = Array(repeating: 0, count: end - start)
        for (first, values) in present {
            for (offset, value) in values.enumerated() {
                totals[first - start + offset] += value
                counts[first - start + offset] += 1
            }
        }
        self.init(first: start, totals: totals, counts: counts)
    }

    /// The rule on per-day figures from day `first`: `totals[i]`, the set's demand on day
    /// `first + i`; `counts[i]`, how many of its series have a value that day. A store's history
    /// gives these in one pass over its series (`ReplenishmentHistory.inferClosedDays`), without
    /// making a series of each SKU.
    public init(first: Int, totals: [Double], counts: [Int]) {
        precondition(totals.count == counts.count, "one count per day")
        var found: [Int] = []
        let lookback = 7 * Self.weeksBack
        for index in lookback..<max(lookback, totals.count)
        where counts[index] >= Self.minimumSeries && totals[index] == 0 {
            let expected = (1...Self.weeksBack).reduce(0.0) { $0 + totals[index - 7 * $1] } / Double(Self.weeksBack)
            if expected >= Self.minimumExpectedTotal { found.append(first + index) }
        }
        days = found
        closedDays = Set(found)
    }

    public func isClosed(_ day: Int) -> Bool { closedDays.contains(day) }

    /// One flag per day from `first`: inferred closed, to censor in the series' history.
    public func history(first: Int, count: Int) -> [Bool] {
        (0..<max(0, count)).map { isClosed(first + $0) }
    }

    /// One flag per day from `first`: expected closed, to forecast zero when the day is ahead.
    /// Only a year-earlier day at least `horizon` days back counts, so at any origin whose
    /// horizon holds the day, the day it rests on was already history.
    public func ahead(first: Int, count: Int, horizon: Int) -> [Bool] {
        (0..<max(0, count)).map { offset in
            let day = first + offset
            guard let earlier = Self.yearEarlier(day), day - earlier >= horizon else { return false }
            return isClosed(earlier)
        }
    }

    /// The same month and day one year earlier (nil for 29 February).
    public static func yearEarlier(_ day: Int) -> Int? {
        let date = CivilDate(dayNumber: day)
        if date.month == 2 && date.day == 29 { return nil }
        return CivilDate(year: date.year - 1, month: date.month, day: date.day).dayNumber
    }
}
