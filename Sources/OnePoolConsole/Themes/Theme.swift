/// Maps roles to styles. A role the theme does not name falls back along its dotted prefix
/// (`table.row.selected` → `table.row` → `table` → `base`), then to the compiled-in default,
/// so a console always starts — even with no Themes/ directory at all.
public struct Theme: Sendable {
    public var name: String
    public var description: String
    public var styles: [Role: Style]

    public init(name: String, description: String = "", styles: [Role: Style]) {
        self.name = name
        self.description = description
        self.styles = styles
    }

    public func style(for role: Role) -> Style {
        for candidate in role.fallbackChain {
            if let style = styles[candidate] { return style }
        }
        for candidate in role.fallbackChain {
            if let style = Theme.builtIn.styles[candidate] { return style }
        }
        return Style()
    }

    /// Whether this theme names the role itself or through a prefix (not only via the built-in).
    public func resolvesOwn(_ role: Role) -> Bool {
        role.fallbackChain.contains { styles[$0] != nil }
    }

    /// The same theme without colours (for NO_COLOR or a monochrome terminal): attributes only,
    /// with reverse video standing in for a coloured background.
    public func withoutColor() -> Theme {
        var plain = self
        plain.styles = styles.mapValues { style in
            var copy = Style(bold: style.bold, underline: style.underline, reverse: style.reverse, dim: style.dim)
            if style.background != .terminalDefault && !style.reverse { copy.reverse = true }
            return copy
        }
        return plain
    }

    /// The dark default, compiled in: the last fallback for every role.
    public static let builtIn = Theme(
        name: "built-in", description: "compiled-in default",
        styles: [
            .base: Style(),
            .header: Style(foreground: .indexed(0), background: .indexed(6)),
            .headerTitle: Style(foreground: .indexed(0), background: .indexed(6), bold: true),
            .footer: Style(foreground: .indexed(7), background: .indexed(8)),
            .footerKey: Style(foreground: .indexed(11), background: .indexed(8), bold: true),
            .tabActive: Style(foreground: .indexed(0), background: .indexed(7), bold: true),
            .tabInactive: Style(foreground: .indexed(7)),
            .tableHeader: Style(bold: true, underline: true),
            .tableRowSelected: Style(reverse: true),
            .stockOut: Style(foreground: .indexed(3)),
            .stockOversold: Style(foreground: .indexed(1), bold: true),
            .stockHeld: Style(foreground: .indexed(5)),
            .sparkline: Style(foreground: .indexed(6)),
            .chartBar: Style(foreground: .indexed(6)),
            .chartAxis: Style(dim: true),
            .alertCritical: Style(foreground: .indexed(1), bold: true),
            .alertWarning: Style(foreground: .indexed(3), bold: true),
            .muted: Style(dim: true),
            .emphasis: Style(bold: true),
            .label: Style(foreground: .indexed(6)),
            .overlay: Style(),
            .overlayBorder: Style(foreground: .indexed(6)),
            .overlayTitle: Style(foreground: .indexed(6), bold: true),
            .inputField: Style(underline: true),
            .inputError: Style(foreground: .indexed(1), bold: true),
            .matchHighlight: Style(foreground: .indexed(3), bold: true),
            .statusError: Style(foreground: .indexed(1), bold: true),
        ])
}
