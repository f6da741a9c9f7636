/// Every key, by where it applies, generated from the key map. Flows into as many columns as
/// the terminal holds and scrolls (↑↓) when even those are not enough.
enum HelpView {
    private enum Line {
        case heading(String)
        case entry(keys: String, help: String)
    }

    /// The narrowest column that still reads well; wider terminals get more columns.
    static let minimumColumnWidth = 36

    private static func lines(_ state: ConsoleState) -> [Line] {
        let scopes: [(KeyScope, String)] = [
            (.global, "Everywhere"), (.list, "Lists"), (.stock, "Stock pool"), (.activity, "Activity"), (.channels, "Channels"),
            (.detail, "SKU detail"), (.form, "Forms"), (.confirm, "Confirmations"), (.lookup, "Lookup"), (.help, "This help"),
        ]
        var lines: [Line] = []
        for (scope, title) in scopes {
            let entries = state.keyMap.keys(in: scope)
            guard !entries.isEmpty else { continue }
            lines.append(.heading(title))
            for (command, keys) in entries {
                lines.append(.entry(keys: keys.map(\.description).joined(separator: " "), help: command.help))
            }
        }
        return lines
    }

    private static func box(_ state: ConsoleState) -> Rect {
        Rect(x: 2, y: 1, width: state.width - 4, height: state.height - 2)
    }

    private static func capacity(_ state: ConsoleState) -> (columns: Int, rows: Int) {
        let box = box(state)
        return (max(1, (box.width - 2) / minimumColumnWidth), max(1, box.height - 3))
    }

    static func maxScroll(_ state: ConsoleState) -> Int {
        let (columns, rows) = capacity(state)
        return max(0, lines(state).count - columns * rows)
    }

    static func draw(_ state: ConsoleState, into screen: inout Screen) {
        let box = box(state)
        screen.fill(box, role: .overlay)
        screen.frame(box, role: .overlayBorder, title: "Keys — Esc or ? to close", titleRole: .overlayTitle)
        let all = lines(state)
        let (columns, rows) = capacity(state)
        let columnWidth = (box.width - 2) / columns
        let start = min(state.helpScroll, maxScroll(state))
        let shown = all.dropFirst(start).prefix(columns * rows)
        for (index, line) in shown.enumerated() {
            let x = box.x + 2 + (index / rows) * columnWidth
            let y = box.y + 1 + index % rows
            switch line {
            case .heading(let title):
                screen.put(title, x: x, y: y, role: .overlayTitle)
            case .entry(let keys, let help):
                screen.put(TextWidth.fit(keys, to: 11), x: x + 1, y: y, role: .footerKey)
                screen.put(help, x: x + 13, y: y, role: .overlay, limit: columnWidth - 14)
            }
        }
        if start + shown.count < all.count || start > 0 {
            let more = "\(start > 0 ? "↑ " : "")\(start + shown.count < all.count ? "↓ more" : "")"
            screen.put(more, x: box.maxX - TextWidth.of(more) - 2, y: box.maxY - 1, role: .overlayBorder)
        }
    }
}
