/// Civil dates for the demo, computed from day numbers (days since 1970-01-01) without
/// Foundation's calendars, so that the generator stays a pure function of its inputs.
/// (Howard Hinnant's `civil_from_days` / `days_from_civil`, proleptic Gregorian.)
struct DemoDate: Hashable, Sendable, CustomStringConvertible {
    var year: Int
    var month: Int
    var day: Int

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    init(dayNumber: Int) {
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

    var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    static func weekday(_ dayNumber: Int) -> Int { ((dayNumber + 3) % 7 + 7) % 7 }

    /// 0-based day of the year.
    var dayOfYear: Int { dayNumber - DemoDate(year: year, month: 1, day: 1).dayNumber }

    /// The Friday after the fourth Thursday of November: the year's biggest sale.
    static func blackFriday(year: Int) -> Int {
        let first = DemoDate(year: year, month: 11, day: 1).dayNumber
        let firstThursday = first + (3 - weekday(first) + 7) % 7
        return firstThursday + 21 + 1
    }

    var description: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))"
    }
}
