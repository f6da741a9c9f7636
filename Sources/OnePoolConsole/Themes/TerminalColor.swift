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

    /// The curses colour number on a terminal with `colors` colours (-1: the terminal default;
    /// nil: a grey the terminal has no colour for). Colours the terminal lacks become the
    /// nearest it has — by hue on 8 and 16 colours, so an orange warning stays yellow and a red
    /// stays red, and a mid grey never becomes a colour at all.
    public func cursesNumber(colors: Int) -> Int? {
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

    /// Whether the colour is a grey (or black or white): no hue of its own.
    public var isGrey: Bool {
        switch self {
        case .terminalDefault: return false
        case .indexed(let index) where index < 16: return [0, 7, 8, 15].contains(index)
        case .indexed(let index):
            let (r, g, b) = Self.rgbOfIndex(index)
            return Self.saturation(red: r, green: g, blue: b) < 0.2
        case .rgb(let red, let green, let blue): return Self.saturation(red: red, green: green, blue: blue) < 0.2
        }
    }

    /// The basic 16 colours as xterm draws them.
    private static let basic: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255),
        (255, 255, 255),
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

    static func nearest(red: Int, green: Int, blue: Int, colors: Int) -> Int? {
        if colors >= 256 {
            var best = 0
            var bestDistance = Int.max
            for index in 0..<256 {
                let (r, g, b) = rgbOfIndex(index)
                let distance = (r - red) * (r - red) * 3 + (g - green) * (g - green) * 4 + (b - blue) * (b - blue) * 2
                if distance < bestDistance {
                    bestDistance = distance
                    best = index
                }
            }
            return best
        }
        return basic(red: red, green: green, blue: blue, bright: colors >= 16)
    }

    /// One of the 8 (or 16) basic colours, chosen by hue: the family first (red, yellow, green,
    /// cyan, blue, magenta), then its bright form for a light colour. Greys go by lightness;
    /// with 8 colours a mid grey has none (nil).
    static func basic(red: Int, green: Int, blue: Int, bright: Bool) -> Int? {
        let top = max(red, green, blue)
        let bottom = min(red, green, blue)
        let lightness = Double(top + bottom) / 510
        if saturation(red: red, green: green, blue: blue) < 0.2 {
            if bright {
                return lightness < 0.2 ? 0 : lightness < 0.6 ? 8 : lightness < 0.85 ? 7 : 15
            }
            return lightness < 0.3 ? 0 : lightness > 0.7 ? 7 : nil
        }
        let range = Double(top - bottom)
        var hue: Double
        if top == red {
            hue = 60 * (Double(green - blue) / range)
        } else if top == green {
            hue = 60 * (2 + Double(blue - red) / range)
        } else {
            hue = 60 * (4 + Double(red - green) / range)
        }
        if hue < 0 { hue += 360 }
        let family: Int
        switch hue {
        case 20..<75: family = 3  // yellow (and orange)
        case 75..<160: family = 2  // green
        case 160..<210: family = 6  // cyan
        case 210..<270: family = 4  // blue
        case 270..<330: family = 5  // magenta
        default: family = 1  // red
        }
        return bright && lightness > 0.6 ? family + 8 : family
    }

    static func saturation(red: Int, green: Int, blue: Int) -> Double {
        let top = max(red, green, blue)
        let bottom = min(red, green, blue)
        guard top != bottom else { return 0 }
        let lightness = Double(top + bottom) / 510
        let chroma = Double(top - bottom) / 255
        return chroma / (1 - abs(2 * lightness - 1))
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

/// A style as one terminal draws it: curses colour numbers (-1 the terminal's own) and
/// attributes, for its number of colours.
public struct ResolvedStyle: Hashable, Sendable, CustomStringConvertible {
    public var foreground: Int
    public var background: Int
    public var bold = false
    public var underline = false
    public var reverse = false
    public var dim = false

    public init(
        foreground: Int, background: Int, bold: Bool = false, underline: Bool = false, reverse: Bool = false,
        dim: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
        self.dim = dim
    }

    public var description: String {
        var parts = ["fg \(Self.name(foreground))", "bg \(Self.name(background))"]
        if bold { parts.append("bold") }
        if underline { parts.append("underline") }
        if reverse { parts.append("reverse") }
        if dim { parts.append("dim") }
        return parts.joined(separator: " ")
    }

    static func name(_ number: Int) -> String {
        let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
        switch number {
        case -1: return "default"
        case 0..<8: return names[number]
        case 8..<16: return "bright-" + names[number - 8]
        default: return "\(number)"
        }
    }
}

extension Style {
    /// How this style looks on a terminal with `colors` colours (0: none). Without colour,
    /// attributes carry the meaning and reverse video stands in for a background. A grey the
    /// terminal cannot show is drawn in the terminal's own colour: dimmed as a foreground (a
    /// muted text stays quiet, never the warning colour), plain as a background.
    public func resolved(colors: Int) -> ResolvedStyle {
        var style = ResolvedStyle(
            foreground: -1, background: -1, bold: bold, underline: underline, reverse: reverse, dim: dim)
        guard colors > 0 else {
            if background != .terminalDefault && !reverse { style.reverse = true }
            return style
        }
        if let number = foreground.cursesNumber(colors: colors) {
            style.foreground = number
        } else {
            style.dim = true
        }
        style.background = background.cursesNumber(colors: colors) ?? -1
        return style
    }
}
