import Foundation
import OnePoolCore

/// Dates as operators type and read them: `2026-11-27`, `2026-11-27 14:05`, ISO 8601.
///
/// The one reader of a typed date or time (`briefing --date`, `stock --at`, `allocation --at`,
/// `log --since`, `import --as-of`): a text with a zone or offset (`…Z`, `…+02:00`) means what it
/// says; one without is in the store's time zone — the zone its days, its briefing and its log are
/// in — so the same text names the same moment in every verb.
enum DateText {
    /// What a date typed without a time names.
    enum DateOnly {
        /// Its first moment, 00:00 (`log --since`: everything recorded on or after it).
        case startOfDay
        /// Its last millisecond (`--at`, `briefing --date`: the store as the day ended, everything
        /// recorded on it included).
        case endOfDay
    }

    /// `text` as an instant; a date alone is the start or end of that day in `zone`.
    static func instant(_ text: String, zone: TimeZone, dateOnly: DateOnly = .startOfDay) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let iso = ISO8601DateFormatter()
        if let date = iso.date(from: trimmed) { return date }
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = iso.date(from: trimmed) { return date }
        for pattern in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm"] {
            if let date = formatter(pattern, zone).date(from: trimmed) { return date }
        }
        guard let day = formatter("yyyy-MM-dd", zone).date(from: trimmed) else { return nil }
        switch dateOnly {
        case .startOfDay: return day
        case .endOfDay:
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            // The next day's 00:00 less a millisecond: right on a day that is 23 or 25 hours long.
            return calendar.date(byAdding: .day, value: 1, to: day).map { $0.addingTimeInterval(-0.001) }
        }
    }

    /// `instant` in the store's zone, or a refusal naming the option and what it expects.
    static func instant(
        _ text: String, option: String, storeZone: String, dateOnly: DateOnly = .startOfDay
    ) throws -> Timestamp {
        guard let date = instant(text, zone: timeZone(of: storeZone), dateOnly: dateOnly) else {
            throw CLIError(
                "\(option) '\(text)' is not a date or time: expected YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] "
                    + "(in the store's time zone, \(storeZone)) or ISO 8601 with a zone, e.g. 2026-11-27T14:02:00Z")
        }
        return Timestamp(date)
    }

    private static func formatter(_ pattern: String, _ zone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = pattern
        formatter.isLenient = false
        return formatter
    }

    static func format(_ timestamp: Timestamp, timeZone: TimeZone, withTime: Bool = true) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = withTime ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd"
        return formatter.string(from: timestamp.date)
    }

    static func timeZone(of store: String) -> TimeZone {
        TimeZone(identifier: store) ?? TimeZone(identifier: "UTC") ?? .current
    }

    static let utc = TimeZone(identifier: "UTC") ?? .current
}
