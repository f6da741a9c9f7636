/// The store-closed days a set of daily series is read with, chosen by one rule for every front end
/// (`forecast evaluate`, `simulate --data`): a list of closed dates is the truth where one is given;
/// else a daily set infers them from its own history (`InferredClosedDays`), unless told not to;
/// else none. A monthly set never infers: a month in which nothing sold is not a closed store.
public struct StoreClosedDays: Sendable {
    public enum Source: String, Sendable {
        case file, inferred, none
    }

    public let source: Source
    /// The inference, when the days are inferred (its `ahead` needs the year-earlier verdicts).
    public let inferred: InferredClosedDays?
    private let listed: Set<Int>

    /// `listed`: the dates (day numbers) a closed-days file gives, nil when none was given.
    /// `series` is read only when the days are inferred.
    public init(
        listed: Set<Int>?, infer: Bool, daily: Bool, series: @autoclosure () -> [(first: Int, values: [Double])]
    ) {
        if let listed {
            source = .file
            self.listed = listed
            inferred = nil
        } else if infer && daily {
            source = .inferred
            self.listed = []
            inferred = InferredClosedDays(series: series())
        } else {
            source = .none
            self.listed = []
            inferred = nil
        }
    }

    /// Whether `day` is closed. An inferred day's verdict rests only on data up to that day.
    public func isClosed(_ day: Int) -> Bool {
        inferred?.isClosed(day) ?? listed.contains(day)
    }

    /// One flag per day from `first`: closed, to censor in the history.
    public func history(first: Int, count: Int) -> [Bool] {
        (0..<max(0, count)).map { isClosed(first + $0) }
    }

    /// One flag per day from `first`: expected closed when the day is ahead of an origin at most
    /// `horizon` days before it. A listed date is known ahead; an inferred one is not, so a day is
    /// expected closed when its date a year earlier was inferred closed (`InferredClosedDays.ahead`).
    public func ahead(first: Int, count: Int, horizon: Int) -> [Bool] {
        inferred?.ahead(first: first, count: count, horizon: horizon) ?? history(first: first, count: count)
    }

    /// The closed days in `days`, ascending.
    public func days(in days: Range<Int>) -> [Int] {
        if let inferred { return inferred.days.filter(days.contains) }
        return listed.filter(days.contains).sorted()
    }
}
