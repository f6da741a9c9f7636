/// A one-line message in the footer: what just happened, or why something did not. It goes at
/// the next key, or when the clock passes `until`.
public struct StatusLine: Hashable, Sendable {
    public var text: String
    public var isError: Bool
    /// The runtime clock's time after which it is cleared.
    public var until: Double

    public init(text: String, isError: Bool, until: Double = .infinity) {
        self.text = text
        self.isError = isError
        self.until = until
    }

    /// How long a message stays without a key: long enough to read a refusal.
    static func lifetime(isError: Bool) -> Double { isError ? 10 : 5 }
}

extension ConsoleState {
    /// Shows a message in the footer for a few seconds (or until the next key).
    mutating func show(_ text: String, isError: Bool = false) {
        let line = StatusLine(text: text, isError: isError, until: clock + StatusLine.lifetime(isError: isError))
        status = line
        messages.insert(line, at: 0)
        if messages.count > Self.messagesKept { messages.removeLast(messages.count - Self.messagesKept) }
    }

    static let messagesKept = 30
}
