/// A box over the panes, sized to what it says: as wide as its widest line (within the area),
/// as tall as its lines once wrapped, centred. Every form, prompt, question and preview is one,
/// so none cuts its own text ("y/").
struct Dialog {
    enum Line {
        /// Prose, wrapped between words to the box's width.
        case text(String, Role)
        /// A line kept whole where it fits (a table row), cut with "…" where it does not.
        case row(String, Role)
        case blank
        /// A labelled input: its value with the caret when focused, else its hint.
        case field(FormField, focused: Bool)
        /// An input across the whole width, with the caret.
        case input(TextField)
    }

    var title: String
    var lines: [Line]
    /// Below the lines, wrapped: the keys that answer, or an error.
    var footer: String
    var footerRole: Role = .muted
    /// The least width, for forms whose inputs want room to type.
    var minimumWidth = 30
    var labelWidth = 11

    /// The box the dialog takes in `area`.
    func box(in area: Rect) -> Rect {
        let (width, rendered) = layout(in: area)
        let height = min(area.height, rendered + 4)
        return Rect(
            x: area.x + (area.width - width) / 2, y: area.y + max(0, (area.height - height) / 2), width: width,
            height: height)
    }

    private func naturalWidth(_ line: Line) -> Int {
        switch line {
        case .text(let text, _), .row(let text, _): TextWidth.of(text)
        case .blank: 0
        case .field(let field, _): labelWidth + 1 + max(TextWidth.of(field.value), TextWidth.of(field.hint)) + 2
        case .input(let field): TextWidth.of(field.text) + 2
        }
    }

    /// The box's width and how many lines its content takes once wrapped.
    private func layout(in area: Rect) -> (width: Int, lines: Int) {
        let most = max(10, area.width - 4)
        let natural = lines.map(naturalWidth).max() ?? 0
        let width = min(most, max(minimumWidth, natural + 4, TextWidth.of(title) + 8, TextWidth.of(footer) + 4))
        let inner = width - 4
        var count = 0
        for line in lines {
            if case .text(let text, _) = line { count += TextWidth.wrap(text, to: inner).count } else { count += 1 }
        }
        count += TextWidth.wrap(footer, to: inner).count
        return (width, count)
    }

    @discardableResult
    func draw(in area: Rect, into screen: inout Screen) -> Rect {
        let box = box(in: area)
        let inner = box.width - 4
        screen.fill(box, role: .overlay)
        screen.frame(box, role: .overlayBorder, title: title, titleRole: .overlayTitle)
        var y = box.y + 2
        let bottom = box.maxY - 1
        func put(_ text: String, _ role: Role) {
            guard y < bottom else { return }
            screen.put(text, x: box.x + 2, y: y, role: role, limit: inner)
            y += 1
        }
        for line in lines {
            switch line {
            case .text(let text, let role):
                for part in TextWidth.wrap(text, to: inner) { put(part, role) }
            case .row(let text, let role):
                put(TextWidth.truncate(text, to: inner), role)
            case .blank:
                y += 1
            case .field(let field, let focused):
                guard y < bottom else { break }
                let inputX = box.x + 3 + labelWidth
                let inputWidth = box.maxX - 2 - inputX
                screen.put(TextWidth.fit(field.label, to: labelWidth), x: box.x + 2, y: y, role: .label)
                screen.fill(Rect(x: inputX, y: y, width: inputWidth, height: 1), role: .inputField)
                if field.value.isEmpty {
                    screen.put(
                        (focused ? "▏" : "") + field.hint, x: inputX, y: y, role: focused ? .inputField : .muted,
                        limit: inputWidth)
                } else {
                    screen.put(
                        field.input.shown(width: inputWidth, caret: focused ? "▏" : nil), x: inputX, y: y,
                        role: .inputField)
                }
                y += 1
            case .input(let field):
                guard y < bottom else { break }
                screen.fill(Rect(x: box.x + 2, y: y, width: inner, height: 1), role: .inputField)
                screen.put(field.shown(width: inner), x: box.x + 2, y: y, role: .inputField)
                y += 1
            }
        }
        y = max(y + 1, bottom - TextWidth.wrap(footer, to: inner).count)
        for part in TextWidth.wrap(footer, to: inner) { put(part, footerRole) }
        return box
    }
}

extension FieldForm {
    /// The form's fields as dialog lines, a blank line between them.
    func dialogLines() -> [Dialog.Line] {
        var lines: [Dialog.Line] = []
        for (index, field) in fields.enumerated() {
            if index > 0 { lines.append(.blank) }
            lines.append(.field(field, focused: index == focus))
        }
        return lines
    }
}
