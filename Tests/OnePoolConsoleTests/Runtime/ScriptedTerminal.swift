import Foundation
import OnePoolConsole
import OnePoolConsoleRuntime

/// A clock that moves only when told: the scripted terminal advances it by each read's timeout,
/// so polls and message lifetimes run as they would, without waiting for them.
final class ManualClock: ConsoleClock, @unchecked Sendable {
    private(set) var monotonic: Double = 1_000
    let start = Date(timeIntervalSince1970: 1_795_816_800)  // 2026-11-27 22:00 UTC, after the fixture's last event

    var now: Date { start.addingTimeInterval(monotonic - 1_000) }

    func advance(milliseconds: Int) { monotonic += Double(milliseconds) / 1000 }
}

/// A terminal that plays a script: characters and escape sequences as ncurses would hand them
/// over, resizes, signals, waits for text to appear, and time passing. It records every frame,
/// so a test reads what the operator would have seen — the runtime loop (key decoding, signals,
/// resize, live refresh, suspend) is tested without tmux.
final class ScriptedTerminal: Terminal {
    enum Step {
        /// Characters as typed, one read each.
        case type(String)
        /// Raw character codes (an escape sequence arrives as ESC, '[', …).
        case codes([UInt32])
        /// A key ncurses' keypad decoded.
        case key(Key)
        case resize(width: Int, height: Int)
        case signal(Int32)
        /// Until the last frame shows `text` (reads time out meanwhile; real time passes too,
        /// for the background loader).
        case waitFor(String, seconds: Double)
        /// Nothing typed for this long.
        case idle(milliseconds: Int)
        /// Something else happens meanwhile (another process appends to the store).
        case run(() -> Void)
        /// From here every read answers at once with nothing, as a closed window's terminal does.
        case goneAway
    }

    private var steps: [Step]
    let clock: ManualClock
    private(set) var width: Int
    private(set) var height: Int
    let charset: Charset
    var colorCount: Int { 8 }
    var notice: String? { nil }
    private(set) var frames: [Screen] = []
    private(set) var started = false
    private(set) var stopped = false
    private(set) var suspensions = 0
    private(set) var invalidations = 0
    private(set) var themes: [String] = []
    /// What went wrong with the script itself (a text that never appeared, steps left over).
    private(set) var failures: [String] = []
    private var deadline: Date? = nil

    init(
        width: Int = 100, height: Int = 30, charset: Charset = .unicode, clock: ManualClock = ManualClock(),
        _ steps: [Step]
    ) {
        self.width = width
        self.height = height
        self.charset = charset
        self.clock = clock
        self.steps = steps
    }

    var lastFrame: Screen? { frames.last }
    var lastText: String { lastFrame?.textDump() ?? "" }
    var isFinished: Bool { steps.isEmpty }

    func start() throws(TerminalError) { started = true }
    func stop() { stopped = true }
    var size: (width: Int, height: Int) { (width, height) }
    func use(_ theme: Theme) { themes.append(theme.name) }

    func draw(_ screen: Screen) {
        frames.append(screen)
        if frames.count > 200 { frames.removeFirst(frames.count - 200) }
    }

    func invalidate() { invalidations += 1 }
    func suspend() { suspensions += 1 }

    func read(timeoutMilliseconds: Int) -> TerminalInput {
        while let step = steps.first {
            switch step {
            case .type(let text):
                guard let first = text.unicodeScalars.first else {
                    steps.removeFirst()
                    continue
                }
                steps[0] = .type(String(text.unicodeScalars.dropFirst()))
                return .input(.character(first.value))
            case .codes(let codes):
                guard let first = codes.first else {
                    steps.removeFirst()
                    continue
                }
                steps[0] = .codes(Array(codes.dropFirst()))
                return .input(.character(first))
            case .key(let key):
                steps.removeFirst()
                return .input(.key(key))
            case .resize(let newWidth, let newHeight):
                steps.removeFirst()
                width = newWidth
                height = newHeight
                return .resized
            case .signal(let number):
                steps.removeFirst()
                return .signal(number)
            case .waitFor(let text, let seconds):
                if lastText.contains(text) {
                    steps.removeFirst()
                    deadline = nil
                    continue
                }
                let limit = deadline ?? Date().addingTimeInterval(seconds)
                deadline = limit
                guard Date() < limit else {
                    failures.append("'\(text)' never appeared; the last frame was:\n\(lastText)")
                    steps = []
                    return .signal(SIGHUP)
                }
                usleep(2_000)
                clock.advance(milliseconds: timeoutMilliseconds)
                return .timeout
            case .idle(let milliseconds):
                let passed = min(milliseconds, timeoutMilliseconds)
                clock.advance(milliseconds: passed)
                if milliseconds - passed <= 0 {
                    steps.removeFirst()
                } else {
                    steps[0] = .idle(milliseconds: milliseconds - passed)
                }
                return .timeout
            case .run(let body):
                steps.removeFirst()
                body()
            case .goneAway:
                return .timeout
            }
        }
        failures.append("the script ran out before the console ended")
        return .signal(SIGHUP)
    }
}

extension ScriptedTerminal.Step {
    static func waitFor(_ text: String) -> Self { .waitFor(text, seconds: 20) }
    /// Escape on its own: ESC, then nothing for longer than the escape delay.
    static var escape: [Self] { [.codes([27]), .idle(milliseconds: 60)] }
    static func sequence(_ text: String) -> Self { .codes([27] + text.unicodeScalars.map(\.value)) }
    static func control(_ letter: Character) -> Self {
        .codes([UInt32(letter.asciiValue ?? 64) - 96])
    }
}
