import OnePoolChannels
import OnePoolCore

/// Times in SP-API queries: ISO 8601 in UTC, with milliseconds when the time has them
/// ("2024-03-01T01:30:00.000Z" is the model's own example for `createdAfter`), so a cursor
/// or window start is sent exactly as it was read. Reading uses OnePool's one parser,
/// `TimeText.parse`.
enum AmazonTime {
    static func iso(_ time: Timestamp) -> String {
        let milliseconds = Int(((time.millisecondsSince1970 % 1000) + 1000) % 1000)
        let whole = Timestamp(millisecondsSince1970: time.millisecondsSince1970 - Int64(milliseconds))
        let seconds = TimeText.iso(whole)
        guard milliseconds != 0 else { return seconds }
        let digits = String(milliseconds)
        return String(seconds.dropLast()) + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }
}
