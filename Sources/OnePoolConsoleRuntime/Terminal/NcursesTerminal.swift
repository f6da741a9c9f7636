import CNcurses
import OnePoolConsole

/// What the terminal said: a key, a new size, or nothing before the timeout.
enum TerminalInput {
    case key(Key)
    case resized
    case timeout
}

/// The ncurses backend: the only code that touches the terminal. It copies a `Screen` to the
/// terminal (ncurses diffs it against what is shown and sends only the changes) and reads keys.
final class NcursesTerminal {
    private var theme: Theme
    private let wantColor: Bool
    private var hasColor = false
    private var colors = 0
    private var styleCache: [Role: (attributes: UInt32, pair: Int16)] = [:]
    private var pairs: [PairKey: Int16] = [:]
    private var keyCodes: [Int32: Key] = [:]

    private struct PairKey: Hashable {
        var foreground: Int
        var background: Int
    }

    init(theme: Theme, wantColor: Bool) {
        self.theme = theme
        self.wantColor = wantColor
    }

    func start() -> Bool {
        guard op_start(wantColor) else { return false }
        op_install_signal_handlers()
        hasColor = wantColor && op_has_colors()
        colors = hasColor ? Int(op_colors()) : 0
        let named: [(String, Key)] = [
            ("up", .up), ("down", .down), ("left", .left), ("right", .right), ("ppage", .pageUp), ("npage", .pageDown),
            ("home", .home), ("end", .end), ("backspace", .backspace), ("dc", .delete), ("btab", .backTab), ("enter", .enter),
        ]
        for (name, key) in named {
            let code = op_key_code(name)
            if code >= 0 { keyCodes[code] = key }
        }
        let f0 = op_key_code("f0")
        for number in 1...12 { keyCodes[f0 + Int32(number)] = .function(number) }
        return true
    }

    func stop() { op_stop() }

    var size: (width: Int, height: Int) { (Int(op_cols()), Int(op_lines())) }

    var colorCount: Int { colors }

    func use(_ theme: Theme) {
        self.theme = hasColor ? theme : theme.withoutColor()
        styleCache = [:]
    }

    func pendingSignal() -> Int32 { op_take_signal() }

    // MARK: - Drawing

    func draw(_ screen: Screen) {
        op_erase()
        var buffer: [wchar_t] = []
        buffer.reserveCapacity(screen.width * 2)
        for y in 0..<screen.height {
            var x = 0
            while x < screen.width {
                let role = screen[x, y].role
                let start = x
                buffer.removeAll(keepingCapacity: true)
                while x < screen.width && screen[x, y].role == role {
                    for scalar in screen[x, y].text.unicodeScalars { buffer.append(wchar_t(bitPattern: scalar.value)) }
                    x += 1
                }
                guard !buffer.isEmpty else { continue }
                let style = cursesStyle(for: role)
                buffer.withUnsafeBufferPointer { pointer in
                    op_put(Int32(y), Int32(start), pointer.baseAddress, Int32(pointer.count), style.attributes, style.pair)
                }
            }
        }
        op_present()
    }

    private func cursesStyle(for role: Role) -> (attributes: UInt32, pair: Int16) {
        if let cached = styleCache[role] { return cached }
        let style = theme.style(for: role)
        var attributes: UInt32 = 0
        if style.bold { attributes |= op_attr_bold() }
        if style.underline { attributes |= op_attr_underline() }
        if style.reverse { attributes |= op_attr_reverse() }
        if style.dim { attributes |= op_attr_dim() }
        var pair: Int16 = 0
        if hasColor {
            let key = PairKey(foreground: style.foreground.cursesNumber(colors: colors), background: style.background.cursesNumber(colors: colors))
            if key.foreground != -1 || key.background != -1 {
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
        }
        styleCache[role] = (attributes, pair)
        return (attributes, pair)
    }

    // MARK: - Input

    func read(timeoutMilliseconds: Int) -> TerminalInput {
        var value: Int32 = 0
        switch op_read(Int32(timeoutMilliseconds), &value) {
        case 1: return .key(Self.key(forCharacter: value))
        case 2: return keyCodes[value].map { .key($0) } ?? .timeout
        case 3: return .resized
        default: return .timeout
        }
    }

    static func key(forCharacter value: Int32) -> Key {
        switch value {
        case 27: return .escape
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 1...26: return .control(Character(UnicodeScalar(UInt8(value) + 96)))
        default:
            guard let scalar = UnicodeScalar(UInt32(bitPattern: value)) else { return .escape }
            return .character(Character(scalar))
        }
    }
}
