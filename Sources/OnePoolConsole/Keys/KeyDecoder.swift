/// What a terminal library hands over before it is a key: a character code, or a key it
/// already decoded (ncurses' keypad knows the sequences in the terminal's terminfo entry).
public enum RawInput: Hashable, Sendable {
    case character(UInt32)
    case key(Key)
}

/// Turns raw input into keys. The terminal library decodes what the terminfo entry lists; this
/// decodes the common sequences it does not (`ESC[1~` and `ESC[4~` for Home and End under tmux
/// or PuTTY with TERM=xterm, the linux console's `ESC[[A` for F1 and `ESC[G` for the keypad's
/// centre, modified arrows) and
/// swallows any other escape sequence whole, so no part of it ever becomes a keystroke.
///
/// An Escape on its own is told from the start of a sequence by time: the runtime calls
/// `flush()` when nothing followed within the escape delay.
public struct KeyDecoder: Sendable {
    private var pending: [UInt32] = []

    /// The longest sequence kept before it is given up as noise.
    static let longest = 32

    public init() {}

    /// Whether an Escape is waiting to see what follows it.
    public var isPending: Bool { !pending.isEmpty }

    public mutating func feed(_ input: RawInput) -> [Key] {
        switch input {
        case .key(let key):
            // A decoded key ends whatever was pending: an Escape before it was a key of its own.
            let before = flush()
            return before + [key]
        case .character(let code):
            guard !pending.isEmpty else {
                if code == 27 {
                    pending = [27]
                    return []
                }
                return Self.key(forCharacter: code).map { [$0] } ?? []
            }
            pending.append(code)
            return advance()
        }
    }

    /// Nothing more came: a lone Escape is the Escape key (and Escape then `[` or `O` is those
    /// two keys); a longer unfinished sequence is dropped.
    public mutating func flush() -> [Key] {
        defer { pending = [] }
        switch pending.count {
        case 1: return [.escape]
        case 2: return [.escape] + (Self.key(forCharacter: pending[1]).map { [$0] } ?? [])
        default: return []
        }
    }

    private mutating func advance() -> [Key] {
        let second = pending[1]
        if pending.count == 2 {
            switch second {
            case 0x5B, 0x4F: return []  // ESC [ (CSI) or ESC O (SS3): wait for the rest
            case 27:
                // Escape pressed twice: the first was a key.
                pending = [27]
                return [.escape]
            default:
                // Escape, then a key that came quickly after it (or in the same packet over a slow
                // link): two keys. (Alt and a key sends the same; the console binds no Alt keys.)
                pending = []
                return [.escape] + (Self.key(forCharacter: second).map { [$0] } ?? [])
            }
        }
        let last = pending[pending.count - 1]
        if last == 27 {
            // A new Escape cut the sequence short: drop it, and wait on the new one.
            pending = [27]
            return []
        }
        if pending.count > Self.longest || last < 0x20 || last > 0x7E {
            // Not a sequence after all (or noise): drop what was pending; a control character
            // that interrupted it still counts.
            pending = []
            return last < 0x20 ? (Self.key(forCharacter: last).map { [$0] } ?? []) : []
        }
        if second == 0x4F {
            defer { pending = [] }
            return Self.ss3(last).map { [$0] } ?? []
        }
        // CSI: parameters and intermediates (0x20–0x3F), then one final byte (0x40–0x7E). The
        // linux console's F1–F5 are ESC [ [ A–E.
        if pending.count == 3 && last == 0x5B { return [] }
        if pending.count == 4 && pending[2] == 0x5B {
            defer { pending = [] }
            return (0x41...0x45).contains(last) ? [.function(Int(last) - 0x40)] : []
        }
        guard (0x40...0x7E).contains(last) else { return [] }
        defer { pending = [] }
        let parameters = String(
            decoding: pending[2..<(pending.count - 1)].map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
        return Self.csi(parameters: parameters, final: last).map { [$0] } ?? []
    }

    /// ESC O x: arrows, Home/End and F1–F4 in application mode; the numeric keypad's digits
    /// and operators in application keypad mode (PuTTY with NumLock on sends ESC O p–y for
    /// 0–9), typed as the characters on their keys.
    static func ss3(_ final: UInt32) -> Key? {
        if let character = keypadCharacters[final] { return .character(character) }
        return switch final {
        case 0x41: .up
        case 0x42: .down
        case 0x43: .right
        case 0x44: .left
        case 0x48: .home
        case 0x46: .end
        case 0x4D: .enter
        case 0x45: .begin  // the keypad's centre (xterm, NumLock off)
        case 0x50...0x53: .function(Int(final) - 0x4F)
        default: nil
        }
    }

    /// ESC O p–y are 0–9; j * k + l , m - n . o / and X =.
    public static let keypadCharacters: [UInt32: Character] = {
        var table: [UInt32: Character] = [0x6A: "*", 0x6B: "+", 0x6C: ",", 0x6D: "-", 0x6E: ".", 0x6F: "/", 0x58: "="]
        for digit in 0...9 { table[0x70 + UInt32(digit)] = Character("\(digit)") }
        return table
    }()

    /// ESC [ parameters final.
    static func csi(parameters: String, final: UInt32) -> Key? {
        let numbers = parameters.split(separator: ";").map { Int($0) }
        // A modifier (Shift, Ctrl, Alt as ";2", ";5"…) does not change which key it is.
        switch final {
        case 0x41: return .up
        case 0x42: return .down
        case 0x43: return .right
        case 0x44: return .left
        case 0x48: return .home
        case 0x46: return .end
        case 0x5A: return .backTab
        case 0x47, 0x45: return .begin  // the keypad's centre: the linux console's ESC[G, xterm's ESC[E
        case 0x50...0x53 where parameters.isEmpty || numbers.first == 1: return .function(Int(final) - 0x4F)
        case 0x7E:
            switch numbers.first ?? nil {
            case 1?, 7?: return .home
            case 4?, 8?: return .end
            case 3?: return .delete
            case 5?: return .pageUp
            case 6?: return .pageDown
            case let number? where (11...15).contains(number): return .function(number - 10)
            case let number? where (17...21).contains(number): return .function(number - 11)
            case 23?: return .function(11)
            case 24?: return .function(12)
            default: return nil  // Insert, bracketed paste markers, anything else: swallowed
            }
        default:
            return nil
        }
    }

    /// A single character: Tab, Enter, Backspace and control keys by name, printable text as
    /// itself; NUL and the other separators are not keys.
    public static func key(forCharacter code: UInt32) -> Key? {
        switch code {
        case 27: return .escape
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(code) + 96)))
        case 0, 28...31, 0x80...0x9F: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .character(Character(scalar))
        }
    }
}
