/// A colour as a theme names it, before the terminal says how many colours it has.
public enum TerminalColor: Hashable, Sendable {
    /// The terminal's own foreground or background.
    case terminalDefault
    /// 0–7 the basic colours, 8–15 their bright forms, 16–255 the xterm cube and greys.
    case indexed(Int)
    case rgb(red: Int, green: Int, blue: Int)

    static let basicNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Reads "default", "red", "bright-red", "#5fafff", or "0"–"255".
    public init?(name: String) {
        let text = name.lowercased()
        if text == "default" || text == "none" {
            self = .terminalDefault
        } else if let index = Self.basicNames.firstIndex(of: text) {
            self = .indexed(index)
        } else if text.hasPrefix("bright-"), let index = Self.basicNames.firstIndex(of: String(text.dropFirst(7))) {
            self = .indexed(index + 8)
        } else if text.hasPrefix("#"), text.count == 7, let value = Int(text.dropFirst(), radix: 16) {
            self = .rgb(red: value >> 16, green: (value >> 8) & 0xFF, blue: value & 0xFF)
        } else if let index = Int(text), (0...255).contains(index) {
            self = .indexed(index)
        } else {
            return nil
        }
    }

    /// The curses colour number on a terminal with `colors` colours (-1: the terminal default).
    /// Colours the terminal lacks fall back to the nearest it has, so one theme works on 8, 16
    /// and 256-colour terminals.
    public func cursesNumber(colors: Int) -> Int {
        switch self {
        case .terminalDefault:
            return -1
        case .indexed(let index):
            if index < colors { return index }
            let (r, g, b) = Self.rgbOfIndex(index)
            return Self.nearest(red: r, green: g, blue: b, colors: colors)
        case .rgb(let red, let green, let blue):
            return Self.nearest(red: red, green: green, blue: blue, colors: colors)
        }
    }

    /// The basic 16 colours as xterm draws them.
    private static let basic: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static func rgbOfIndex(_ index: Int) -> (Int, Int, Int) {
        if index < 16 { return basic[index] }
        if index < 232 {
            let cube = index - 16
            let levels = [0, 95, 135, 175, 215, 255]
            return (levels[cube / 36], levels[(cube / 6) % 6], levels[cube % 6])
        }
        let grey = 8 + (index - 232) * 10
        return (grey, grey, grey)
    }

    static func nearest(red: Int, green: Int, blue: Int, colors: Int) -> Int {
        let count = colors >= 256 ? 256 : colors >= 16 ? 16 : 8
        var best = 0
        var bestDistance = Int.max
        for index in 0..<count {
            let (r, g, b) = rgbOfIndex(index)
            let distance = (r - red) * (r - red) * 3 + (g - green) * (g - green) * 4 + (b - blue) * (b - blue) * 2
            if distance < bestDistance {
                bestDistance = distance
                best = index
            }
        }
        return best
    }
}

/// How one role looks.
public struct Style: Hashable, Sendable {
    public var foreground: TerminalColor = .terminalDefault
    public var background: TerminalColor = .terminalDefault
    public var bold = false
    public var underline = false
    public var reverse = false
    public var dim = false

    public init(
        foreground: TerminalColor = .terminalDefault, background: TerminalColor = .terminalDefault, bold: Bool = false,
        underline: Bool = false, reverse: Bool = false, dim: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
        self.dim = dim
    }
}
