/// The store as it stood at a moment: the journal folded in sequence order up to the first event
/// recorded later than `time` (that event and every one after it are left out, even one whose
/// time reads earlier — a journal is a sequence, and a state is a prefix of it). What `stock --at`,
/// `allocation --at` and `briefing --date` show, with the last event included to say which.
public struct PointInTime: Sendable {
    public let time: Timestamp
    public private(set) var state = StockState()
    /// The last event folded in: nil when the journal's first event is already later than `time`.
    public private(set) var lastIncluded: (sequence: UInt64, time: Timestamp)?
    /// Set at the first event later than `time`: nothing more is folded.
    public private(set) var isComplete = false

    public init(_ time: Timestamp) { self.time = time }

    /// Folds `event` if the cut has not been reached; returns whether it was folded.
    public mutating func take(_ event: Event) -> Bool {
        guard !isComplete else { return false }
        guard event.time <= time else {
            isComplete = true
            return false
        }
        state.apply(event)
        lastIncluded = (event.sequence, event.time)
        return true
    }

    /// The prefix of `events` (in sequence order) this cut keeps.
    public static func included(_ events: [Event], at time: Timestamp) -> [Event] {
        Array(events.prefix { $0.time <= time })
    }
}
