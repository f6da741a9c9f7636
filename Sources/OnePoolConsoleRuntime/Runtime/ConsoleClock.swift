import Foundation

/// The clocks the runtime reads: a monotonic one for intervals (polls, message lifetimes, a
/// terminal that answers every read at once), the wall clock for the header's date.
public protocol ConsoleClock: AnyObject {
    /// Seconds since an arbitrary start; never goes back.
    var monotonic: Double { get }
    var now: Date { get }
}

/// The system's clocks.
public final class SystemClock: ConsoleClock {
    public init() {}
    public var monotonic: Double { ProcessInfo.processInfo.systemUptime }
    public var now: Date { Date() }
}
