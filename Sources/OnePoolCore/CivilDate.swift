/// A calendar date from a day number (days since 1970-01-01), without Foundation: Howard
/// Hinnant's civil-from-days algorithm, exact for the proleptic Gregorian calendar.
public struct CivilDate: Hashable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Days since 1970-01-01 (days-from-civil, the inverse of `init(dayNumber:)`).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// 0 = Monday … 6 = Sunday.
    public static func weekday(ofDay dayNumber: Int) -> Int { ((dayNumber % 7) + 7 + 3) % 7 }

    /// "2026-11-27".
    public var description: String { "\(year)-\(Self.two(month))-\(Self.two(day))" }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// "2026-11-27 14:05" for a moment, in a zone `offsetSeconds` from UTC.
    public static func text(_ time: Timestamp, offsetSeconds: Int, seconds: Bool = false) -> String {
        let day = time.day(offsetSeconds: offsetSeconds)
        let shifted = time.millisecondsSince1970 + Int64(offsetSeconds) * 1000
        let millisecondsOfDay = Int(shifted - Int64(day) * Timestamp.millisecondsPerDay)
        let totalSeconds = millisecondsOfDay / 1000
        let clock =
            "\(two(totalSeconds / 3600)):\(two(totalSeconds / 60 % 60))" + (seconds ? ":\(two(totalSeconds % 60))" : "")
        return "\(CivilDate(dayNumber: day)) \(clock)"
    }
}
