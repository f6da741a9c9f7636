import Foundation
import OnePoolCore

/// Dates as operators type and read them: `2026-11-27`, `2026-11-27 14:05`, ISO 8601.
enum DateText {
    static func parseInstant(_ text: String, timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current) -> Date? {
        let iso = ISO8601DateFormatter()
        if let date = iso.date(from: text) { return date }
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = iso.date(from: text) { return date }
        for pattern in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = timeZone
            formatter.dateFormat = pattern
            if let date = formatter.date(from: text) { return date }
        }
        return nil
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
}
