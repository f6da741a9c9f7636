import OnePoolCore

/// The demo's calendar: Core's `CivilDate` (pure, no Foundation calendars, so the generator
/// stays a function of its inputs) plus the few dates a shop's year turns on.
public typealias DemoDate = CivilDate

extension CivilDate {
    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    static func weekday(_ dayNumber: Int) -> Int { weekday(ofDay: dayNumber) }

    /// 0-based day of the year.
    var dayOfYear: Int { dayNumber - CivilDate(year: year, month: 1, day: 1).dayNumber }

    /// The Friday after the fourth Thursday of November: the year's biggest sale.
    static func blackFriday(year: Int) -> Int {
        let first = CivilDate(year: year, month: 11, day: 1).dayNumber
        let firstThursday = first + (3 - weekday(first) + 7) % 7
        return firstThursday + 21 + 1
    }
}
