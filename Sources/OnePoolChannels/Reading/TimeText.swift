import OnePoolCore

/// Reads the timestamps channels write: `2024-05-01 10:00:03 -0400` (Shopify),
/// `2024-05-01T15:02:11+00:00` (Amazon), ISO 8601 with `Z`, and a bare date (midnight UTC).
/// A time without a zone is taken as UTC. Fixed layouts only: a date parser that guesses
/// (is 03/04 March or April?) would import orders on the wrong day.
public enum TimeText {
    public static func parse(_ text: String) -> Timestamp? {
        var copy = text
        return copy.withUTF8 { parse(utf8: $0) }
    }

    /// `parse` of text given as its UTF-8 bytes: an import reads each time cell from the file's
    /// own bytes, without making a `String` or an array of it first.
    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        var scanner = Scanner(bytes)
        guard let year = scanner.number(digits: 4), scanner.take("-"), let month = scanner.number(digits: 2),
            scanner.take("-"),
            let day = scanner.number(digits: 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let date = CivilDate(year: year, month: month, day: day)
        guard CivilDate(dayNumber: date.dayNumber) == date else { return nil }  // 2024-02-30
        var seconds = Int64(date.dayNumber) * 86_400
        if scanner.atEnd { return Timestamp(secondsSince1970: seconds) }
        guard scanner.take("T") || scanner.take(" "), let hour = scanner.number(digits: 2), scanner.take(":"),
            let minute = scanner.number(digits: 2), hour < 24, minute < 60
        else { return nil }
        var second = 0
        var milliseconds = 0
        if scanner.take(":") {
            guard let value = scanner.number(digits: 2), value < 61 else { return nil }
            second = value
            if scanner.take(".") {
                guard let fraction = scanner.fraction() else { return nil }
                milliseconds = fraction
            }
        }
        seconds += Int64(hour * 3600 + minute * 60 + second)
        _ = scanner.take(" ")
        if !scanner.atEnd {
            if scanner.take("Z") {
                // UTC
            } else {
                let sign: Int64
                if scanner.take("+") { sign = 1 } else if scanner.take("-") { sign = -1 } else { return nil }
                guard let hours = scanner.number(digits: 2) else { return nil }
                _ = scanner.take(":")
                guard let minutes = scanner.number(digits: 2), hours < 24, minutes < 60 else { return nil }
                seconds -= sign * Int64(hours * 3600 + minutes * 60)
            }
        }
        guard scanner.atEnd else { return nil }
        return Timestamp(millisecondsSince1970: seconds * 1000 + Int64(milliseconds))
    }

    /// "2024-05-01T14:00:03Z": how OnePool writes times into files.
    public static func iso(_ time: Timestamp) -> String {
        CivilDate.text(time, offsetSeconds: 0, seconds: true).replacingSpaceWithT() + "Z"
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func take(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(character.value) else { return false }
            index += 1
            return true
        }

        mutating func number(digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<digits {
                let byte = bytes[index + offset]
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += digits
            return value
        }

        /// Fractional seconds to milliseconds (extra digits dropped).
        mutating func fraction() -> Int? {
            var value = 0
            var count = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if count < 3 { value = value * 10 + Int(bytes[index] - 48) }
                count += 1
                index += 1
            }
            guard count > 0 else { return nil }
            while count < 3 {
                value *= 10
                count += 1
            }
            return value
        }
    }
}

extension String {
    fileprivate func replacingSpaceWithT() -> String {
        guard let space = firstIndex(of: " ") else { return self }
        var copy = self
        copy.replaceSubrange(space...space, with: "T")
        return copy
    }
}
