/// The roles the views draw with, numbered by their place in a fixed list, so a screen cell can
/// hold its role as a small number instead of a `String`. A role outside the list still works
/// (the screen keeps it in a table of its own); the list is an immutable constant, so it is
/// safe to read from any thread and no number depends on which role was used first.
enum KnownRoles {
    /// Every role of `Role.all`, in its order (a test checks they agree).
    static let names: [String] = [
        "base", "header", "header.title", "footer", "footer.key", "tab.active", "tab.inactive", "table.header",
        "table.row", "table.row.selected", "stock.out", "stock.oversold", "stock.low", "stock.held", "sparkline",
        "chart.bar", "chart.axis", "chart.forecast", "chart.band", "alert.critical", "alert.warning", "alert.info",
        "text.muted", "text.emphasis", "text.label", "text.money", "overlay", "overlay.border", "overlay.title",
        "input.field", "input.error", "match.highlight", "status", "status.error",
    ]

    /// The number a role outside the list has until a screen gives it one.
    static let unknown = UInt16.max

    static var count: Int { names.count }

    private static let numbers: [String: UInt16] = Dictionary(
        uniqueKeysWithValues: names.enumerated().map { ($0.element, UInt16($0.offset)) })

    /// `name`'s place in the list, or `unknown`.
    static func number(of name: String) -> UInt16 { numbers[name] ?? unknown }

    /// The role with number `number` (below `count`).
    static func role(_ number: UInt16) -> Role { roles[Int(number)] }

    private static let roles: [Role] = names.map { Role($0) }
}
