/// A moment in time as milliseconds since 1970-01-01T00:00:00Z.
///
/// Core never reads a clock: every timestamp is passed in by the caller, so tests pin time.
public struct Timestamp: Hashable, Comparable, Sendable {
    public var millisecondsSince1970: Int64

    public init(millisecondsSince1970: Int64) { self.millisecondsSince1970 = millisecondsSince1970 }

    public init(secondsSince1970: Int64) { self.millisecondsSince1970 = secondsSince1970 * 1000 }

    public static let millisecondsPerDay: Int64 = 86_400_000

    /// Days since 1970-01-01 in UTC shifted by `offsetSeconds` (the store's time zone offset).
    public func day(offsetSeconds: Int = 0) -> Int {
        let shifted = millisecondsSince1970 + Int64(offsetSeconds) * 1000
        return Int(
            shifted >= 0
                ? shifted / Self.millisecondsPerDay : (shifted - Self.millisecondsPerDay + 1) / Self.millisecondsPerDay)
    }

    public func adding(days: Int) -> Timestamp {
        Timestamp(millisecondsSince1970: millisecondsSince1970 + Int64(days) * Self.millisecondsPerDay)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSince1970 < rhs.millisecondsSince1970
    }
}
