import CNcurses
import OnePoolConsole

/// The ncurses backend: the only code that touches the real terminal. It copies a `Screen` to
/// the terminal (ncurses diffs it against what is shown and sends only the changes), reads
/// characters and the keys ncurses' keypad decodes, and reports signals the C shim caught.
public final class NcursesTerminal: Terminal {
    private var theme: Theme
    private let wantColor: Bool
    private let environment: [String: String]
    private var colors = 0
    public private(set) var charset: Charset = .unicode
    /// What choosing the locale had to say (an uninstalled locale replaced by C.UTF-8).
    public private(set) var notice: String?
    private var styleCache: [Role: (attributes: UInt32, pair: Int16)] = [:]
    private var pairs: [PairKey: Int16] = [:]
    private var keyCodes: [Int32: Key] = [:]
    private var started = false

    private struct PairKey: Hashable {
        var foreground: Int
        var background: Int
    }

    public init(theme: Theme, wantColor: Bool, environment: [String: String]) {
        self.theme = theme
        self.wantColor = wantColor
        self.environment = environment
    }

    /// Why this process's terminal cannot hold the console (TERM unset, unknown to terminfo,
    /// or unable to move its cursor like `dumb`), or nil when it can.
    public static func problem() -> String? {
        var reason = [CChar](repeating: 0, count: 256)
        guard op_terminal_problem(&reason, Int32(reason.count)) != 0 else { return nil }
        return String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public func start() throws(TerminalError) {
        if let problem = Self.problem() { throw TerminalError(reason: problem) }
        let choice = LocaleChoice.apply(
            environment: environment, setLocale: { op_set_locale($0) }, isUTF8: { op_locale_is_utf8() })
        charset = choice.charset
        notice = choice.notice
        guard op_start(wantColor) else {
            throw TerminalError(reason: "ncurses could not open the terminal (TERM=\(environment["TERM"] ?? "unset"))")
        }
        started = true
        op_capture_stderr()
        op_install_signal_handlers()
        colors = wantColor && op_has_colors() ? Int(op_colors()) : 0
        let named: [(String, Key)] = [
            ("up", .up), ("down", .down), ("left", .left), ("right", .right), ("ppage", .pageUp), ("npage", .pageDown),
            ("home", .home), ("end", .end), ("find", .home), ("select", .end), ("backspace", .backspace),
            ("dc", .delete),
            ("btab", .backTab), ("enter", .enter), ("beg", .begin),
            // The keypad's centre where terminfo's kb2 is not ESC O u (linux: ESC[G); where it is,
            // the keypad loop below makes it the 5 it types.
            ("b2", .begin),
        ]
        for (name, key) in named {
            let code = op_key_code(name)
            if code >= 0 { keyCodes[code] = key }
        }
        // The numeric keypad in application keypad mode (PuTTY with NumLock on; tmux passes it
        // on) sends ESC O p–y for 0–9 and ESC O j–o for its signs. Where terminfo names those
        // sequences (xterm: kb1=\EOt; vt100: ka1=\EOq — the names say where a key sits, the
        // sequence which key it is), ncurses decodes them to key codes: they are the characters
        // on the keys, so a quantity typed on the keypad is typed.
        for capability in Self.keypadCapabilities {
            var final: Int32 = 0
            let code = op_key_code_for_capability(capability, &final)
            if code >= 0, let character = KeyDecoder.keypadCharacters[UInt32(final)] {
                keyCodes[code] = .character(character)
            }
        }
        let f0 = op_key_code("f0")
        for number in 1...12 { keyCodes[f0 + Int32(number)] = .function(number) }
    }

    public func stop() {
        guard started else { return }
        started = false
        op_stop()
        op_release_stderr()
    }

    public var size: (width: Int, height: Int) { (Int(op_cols()), Int(op_lines())) }

    public var colorCount: Int { colors }

    public func use(_ theme: Theme) {
        self.theme = theme
        styleCache = [:]
    }

    public func invalidate() { op_invalidate() }

    public func suspend() {
        op_suspend()
        styleCache = [:]
    }

    // MARK: - Drawing

    public func draw(_ screen: Screen) {
        op_erase()
        var buffer: [wchar_t] = []
        buffer.reserveCapacity(screen.width * 2)
        for y in 0..<screen.height {
            // A run of same-role cells is one style change and one write.
            screen.forEachRun(inRow: y) { start, role, scalars in
                guard !scalars.isEmpty else { return }
                buffer.removeAll(keepingCapacity: true)
                for scalar in scalars { buffer.append(wchar_t(bitPattern: scalar.value)) }
                let style = cursesStyle(for: role)
                buffer.withUnsafeBufferPointer { pointer in
                    op_put(
                        Int32(y), Int32(start), pointer.baseAddress, Int32(pointer.count), style.attributes, style.pair)
                }
            }
        }
        op_present()
    }

    private func cursesStyle(for role: Role) -> (attributes: UInt32, pair: Int16) {
        if let cached = styleCache[role] { return cached }
        let style = theme.style(for: role).resolved(colors: colors)
        var attributes: UInt32 = 0
        if style.bold { attributes |= op_attr_bold() }
        if style.underline { attributes |= op_attr_underline() }
        if style.reverse { attributes |= op_attr_reverse() }
        if style.dim { attributes |= op_attr_dim() }
        var pair: Int16 = 0
        if colors > 0, style.foreground != -1 || style.background != -1 {
            let key = PairKey(foreground: style.foreground, background: style.background)
            if let known = pairs[key] {
                pair = known
            } else if pairs.count + 1 < Int(op_color_pairs()) {
                let next = Int16(pairs.count + 1)
                if op_init_pair(next, Int16(key.foreground), Int16(key.background)) {
                    pairs[key] = next
                    pair = next
                }
            }
        }
        styleCache[role] = (attributes, pair)
        return (attributes, pair)
    }

    // MARK: - Input

    /// The terminfo names of the keypad's keys (standard and xterm's extended ones).
    static let keypadCapabilities = [
        "ka1", "ka2", "ka3", "kb1", "kb2", "kb3", "kc1", "kc2", "kc3", "kpZRO", "kpADD", "kpSUB", "kpMUL", "kpDIV",
        "kpDOT", "kpCMA",
    ]

    public func read(timeoutMilliseconds: Int) -> TerminalInput {
        let pending = op_take_signal()
        if pending != 0 { return .signal(pending) }
        var value: Int32 = 0
        switch op_read(Int32(timeoutMilliseconds), &value) {
        case 1: return .input(.character(UInt32(bitPattern: value)))
        case 2: return keyCodes[value].map { .input(.key($0)) } ?? .timeout  // a key the console does not use
        case 3: return .resized
        default:
            let signal = op_take_signal()
            return signal != 0 ? .signal(signal) : .timeout
        }
    }
}
