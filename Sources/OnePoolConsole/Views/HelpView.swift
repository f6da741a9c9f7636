/// Every key of every scope, generated from the key map: headings, then each command's keys and
/// what it does, the description wrapped to the column. As many columns as the width holds;
/// ↑↓ scroll when even those are not enough.
enum HelpView {
    private enum Line {
        case heading(String)
        case entry(keys: String, help: String)
        /// The rest of a wrapped description.
        case more(String)
        case blank
    }

    /// The narrowest column that still reads well; wider terminals get more columns.
    static let minimumColumnWidth = 56
    /// The keys' column: wide enough for "PgDn Space" and the like.
    static let keysWidth = 14

    /// The whole screen but the header and footer (no slices of the pane beside it).
    private static func box(_ state: ConsoleState) -> Rect {
        Rect(x: 0, y: 1, width: state.width, height: state.height - 2)
    }

    /// Columns a description may take beside its keys, with a space before the border.
    private static func helpWidth(_ columnWidth: Int) -> Int { max(10, columnWidth - keysWidth - 5) }

    private static func layout(_ state: ConsoleState) -> (columns: Int, rows: Int, width: Int) {
        let box = box(state)
        let columns = max(1, (box.width - 2) / minimumColumnWidth)
        return (columns, max(1, box.height - 2), (box.width - 2) / columns)
    }

    private static func lines(_ state: ConsoleState, columnWidth: Int) -> [Line] {
        var lines: [Line] = []
        for scope in KeyScope.allCases {
            let entries = state.keyMap.keys(in: scope)
            guard !entries.isEmpty else { continue }
            if !lines.isEmpty { lines.append(.blank) }
            lines.append(.heading(scope.title))
            for (command, keys) in entries {
                let wrapped = TextWidth.wrap(state.keyMap.help(for: command, in: scope), to: helpWidth(columnWidth))
                lines.append(.entry(keys: keys.map(\.description).joined(separator: " "), help: wrapped.first ?? ""))
                for rest in wrapped.dropFirst() { lines.append(.more(rest)) }
            }
        }
        return lines
    }

    static func maxScroll(_ state: ConsoleState) -> Int {
        let (columns, rows, width) = layout(state)
        return max(0, lines(state, columnWidth: width).count - columns * rows)
    }

    static func draw(scroll: Int, _ state: ConsoleState, into screen: inout Screen) {
        let box = box(state)
        let (columns, rows, columnWidth) = layout(state)
        let all = lines(state, columnWidth: columnWidth)
        screen.fill(box, role: .overlay)
        screen.frame(box, role: .overlayBorder, title: "Keys — Esc or ? to close", titleRole: .overlayTitle)
        let start = min(scroll, maxScroll(state))
        let shown = all.dropFirst(start).prefix(columns * rows)
        for (index, line) in shown.enumerated() {
            let x = box.x + 2 + (index / rows) * columnWidth
            let y = box.y + 1 + index % rows
            let helpX = x + keysWidth + 2
            switch line {
            case .heading(let title):
                screen.put(TextWidth.truncate(title, to: columnWidth - 2), x: x, y: y, role: .overlayTitle)
            case .entry(let keys, let help):
                screen.put(TextWidth.fit(keys, to: keysWidth), x: x + 1, y: y, role: .footerKey)
                screen.put(help, x: helpX, y: y, role: .overlay, limit: helpWidth(columnWidth))
            case .more(let help):
                screen.put(help, x: helpX, y: y, role: .overlay, limit: helpWidth(columnWidth))
            case .blank:
                break
            }
        }
        if start + shown.count < all.count || start > 0 {
            let more = "\(start > 0 ? "↑ " : "")\(start + shown.count < all.count ? "↓ more" : "")"
            screen.put(more, x: box.maxX - TextWidth.of(more) - 2, y: box.maxY - 1, role: .overlayBorder)
        }
    }
}
