import OnePoolCore

/// An explanation as `--explain` prints it and the console shows it: the one layout of
/// `onepool briefing --explain ID`, `onepool reorder --explain SKU` and the briefing pane's
/// explain key. (Here, not in Core: aligning the columns needs the terminal's character widths.)
public enum ExplanationText {
    /// One line of an explanation: a name, its value, and how the value was found.
    public struct Row: Sendable {
        public var name: String
        public var value: String
        public var how: String

        public init(name: String, value: String, how: String) {
            self.name = name
            self.value = value
            self.how = how
        }

        public init(_ line: BriefingLine) { self.init(name: line.name, value: line.value, how: line.how) }
    }

    /// A titled block of rows: names and values aligned, then how each was found. No rows print
    /// nothing.
    public static func block(_ title: String, _ rows: [Row]) -> [String] {
        guard !rows.isEmpty else { return [] }
        let nameWidth = rows.map { TerminalText.width($0.name) }.max() ?? 0
        let valueWidth = rows.map { TerminalText.width($0.value) }.max() ?? 0
        return ["", title]
            + rows.map { row in
                let name = TerminalText.padded(row.name, to: nameWidth)
                let value = TerminalText.padded(row.value, to: valueWidth, rightAligned: true)
                return "  \(name)  \(value)  \(TerminalText.escaped(row.how))"
            }
    }

    /// A briefing item's money explained: what it is, the rule and the store settings it used,
    /// its inputs and steps, and the capital shown beside it.
    public static func briefing(_ item: BriefingItem, settings: StoreSettings) -> [String] {
        var lines = [
            TerminalText.escaped("\(item.kind.title): \(item.subject) — \(NumberText.money(item.money))"),
            TerminalText.escaped("id \(item.id) · \(item.why) [\(item.action.text)]"),
            "", "Rule", "  \(item.effect.rule)", "  settings: \(settings.text)",
        ]
        lines += block("Inputs", item.effect.inputs.map(Row.init))
        lines += block("Steps", item.effect.steps.map(Row.init))
        lines += block(
            "Capital (shown beside the item, not its rank)",
            item.effect.capital.map { Row(name: $0.name, value: "\($0.money)", how: $0.how) })
        return lines
    }
}
