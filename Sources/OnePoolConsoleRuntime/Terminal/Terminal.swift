import OnePoolConsole

/// What the runtime needs of a terminal: the seam between the console's loop and ncurses, so
/// the loop (key decoding, signals, resize, live refresh, suspend) runs the same against a
/// scripted terminal in tests as against the real one.
public protocol Terminal: AnyObject {
    /// Takes the terminal over (alternate screen, raw keys), or says why it cannot.
    func start() throws(TerminalError)
    /// Gives the terminal back as it was. Safe to call twice.
    func stop()
    var size: (width: Int, height: Int) { get }
    /// Which characters reach the screen (decided by the locale when it started).
    var charset: Charset { get }
    /// How many colours it shows (0: none, or colour turned off).
    var colorCount: Int { get }
    /// What the operator should hear about how it was set up (a locale that had to be
    /// replaced), printed after the console ends.
    var notice: String? { get }
    func use(_ theme: Theme)
    /// Shows `screen` (sending only what changed since the last frame).
    func draw(_ screen: Screen)
    /// Paints every cell again at the next draw (Ctrl-L, after a resume).
    func invalidate()
    /// The next input, waiting at most `timeoutMilliseconds`.
    func read(timeoutMilliseconds: Int) -> TerminalInput
    /// Gives the terminal back, stops the process until the shell continues it (fg), and takes
    /// the terminal again.
    func suspend()
}

/// What a terminal said.
public enum TerminalInput: Equatable, Sendable {
    /// A character or a key the terminal library decoded.
    case input(RawInput)
    /// The window changed size.
    case resized
    /// A signal arrived: SIGINT, SIGTERM, SIGHUP, SIGTSTP or SIGCONT.
    case signal(Int32)
    case timeout
}

/// Why the console could not start on this terminal.
public struct TerminalError: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: String

    public init(reason: String) { self.reason = reason }

    public var description: String { reason }
}
