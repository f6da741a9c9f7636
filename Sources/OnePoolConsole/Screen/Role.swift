/// What a cell *means* — "a selected table row", "an oversold quantity" — not how it looks.
/// A theme maps roles to colours once; golden screens record roles, so they hold under every theme.
///
/// Names are dotted from general to specific; a theme that lacks `table.row.selected` falls
/// back to `table.row`, then `table`, then `base`.
public struct Role: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let name: String
    /// The role's place in `KnownRoles` (or `KnownRoles.unknown`), found once when it is made: a
    /// screen stores it in each cell, and two known roles compare by it alone.
    let number: UInt16

    public init(_ name: String) {
        self.name = name
        number = KnownRoles.number(of: name)
    }

    public init(stringLiteral value: String) { self.init(value) }

    public var description: String { name }

    public static func == (lhs: Role, rhs: Role) -> Bool {
        lhs.number == rhs.number && (lhs.number != KnownRoles.unknown || lhs.name == rhs.name)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// This role and its fallbacks, most specific first, ending with `base`.
    public var fallbackChain: [Role] {
        var chain: [Role] = [self]
        var current = name
        while let dot = current.lastIndex(of: ".") {
            current = String(current[..<dot])
            chain.append(Role(current))
        }
        if name != "base" && chain.last?.name != "base" { chain.append(.base) }
        return chain
    }

    public static let base: Role = "base"
    public static let header: Role = "header"
    public static let headerTitle: Role = "header.title"
    public static let footer: Role = "footer"
    public static let footerKey: Role = "footer.key"
    public static let tabActive: Role = "tab.active"
    public static let tabInactive: Role = "tab.inactive"
    public static let tableHeader: Role = "table.header"
    public static let tableRow: Role = "table.row"
    public static let tableRowSelected: Role = "table.row.selected"
    public static let stockOut: Role = "stock.out"
    public static let stockOversold: Role = "stock.oversold"
    public static let stockLow: Role = "stock.low"
    public static let stockHeld: Role = "stock.held"
    public static let sparkline: Role = "sparkline"
    public static let chartBar: Role = "chart.bar"
    public static let chartAxis: Role = "chart.axis"
    public static let chartForecast: Role = "chart.forecast"
    public static let chartBand: Role = "chart.band"
    public static let alertCritical: Role = "alert.critical"
    public static let alertWarning: Role = "alert.warning"
    public static let alertInfo: Role = "alert.info"
    public static let muted: Role = "text.muted"
    public static let emphasis: Role = "text.emphasis"
    public static let label: Role = "text.label"
    public static let money: Role = "text.money"
    public static let overlay: Role = "overlay"
    public static let overlayBorder: Role = "overlay.border"
    public static let overlayTitle: Role = "overlay.title"
    public static let inputField: Role = "input.field"
    public static let inputError: Role = "input.error"
    public static let matchHighlight: Role = "match.highlight"
    public static let status: Role = "status"
    public static let statusError: Role = "status.error"

    /// Every role the views use: each theme must resolve all of them (a test checks).
    public static let all: [Role] = [
        base, header, headerTitle, footer, footerKey, tabActive, tabInactive, tableHeader, tableRow, tableRowSelected,
        stockOut, stockOversold, stockLow, stockHeld, sparkline, chartBar, chartAxis, chartForecast, chartBand,
        alertCritical, alertWarning,
        alertInfo, muted, emphasis, label, money, overlay, overlayBorder, overlayTitle, inputField, inputError,
        matchHighlight, status, statusError,
    ]
}
