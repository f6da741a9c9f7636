/// A key the operator pressed, independent of the terminal library that read it.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    case character(Character)
    case control(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, backspace, delete, tab, backTab
    case function(Int)
    /// The numeric keypad's centre with NumLock off (the linux console's ESC[G, xterm's ESC[E or
    /// ESC O E, terminfo's kb2 or kbeg): decoded as itself so that it is never taken for part of
    /// another key, and bound to nothing, so pressing it does nothing anywhere.
    case begin

    public static func char(_ text: String) -> Key { .character(Character(text)) }

    /// How the key is written in the footer and help.
    public var description: String {
        switch self {
        case .character(" "): "Space"
        case .character(let character): String(character)
        case .control(let character): "Ctrl-\(character.uppercased())"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Bksp"
        case .delete: "Del"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .function(let number): "F\(number)"
        case .begin: "Begin"
        }
    }

    /// A printable character typed into a text field, if this key is one.
    public var typedCharacter: Character? {
        if case .character(let character) = self { return character }
        return nil
    }
}
