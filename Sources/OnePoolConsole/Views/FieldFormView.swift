/// A form as an overlay box: each field's label and input (its hint while empty, the caret in
/// the focused one), then the error, or `footer` when there is none.
enum FieldFormView {
    static func draw(_ form: some FieldForm, title: String, footer: String, in area: Rect, into screen: inout Screen) {
        let width = min(64, area.width - 4)
        let height = form.fields.count * 2 + 5
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + max(1, (area.height - height) / 2), width: width, height: height)
        screen.fill(box, role: .overlay)
        screen.frame(box, role: .overlayBorder, title: title, titleRole: .overlayTitle)
        let labelWidth = 11
        let inputWidth = box.width - labelWidth - 5
        var y = box.y + 2
        for (index, field) in form.fields.enumerated() {
            let focused = index == form.focus
            screen.put(TextWidth.fit(field.label, to: labelWidth), x: box.x + 2, y: y, role: .label)
            screen.fill(Rect(x: box.x + 3 + labelWidth, y: y, width: inputWidth, height: 1), role: .inputField)
            if field.value.isEmpty {
                screen.put((focused ? "▏" : "") + field.hint, x: box.x + 3 + labelWidth, y: y, role: focused ? .inputField : .muted, limit: inputWidth)
            } else {
                screen.put(field.value + (focused ? "▏" : ""), x: box.x + 3 + labelWidth, y: y, role: .inputField, limit: inputWidth)
            }
            y += 2
        }
        screen.put(form.error ?? footer, x: box.x + 2, y: box.maxY - 2, role: form.error == nil ? .muted : .inputError, limit: box.width - 4)
    }
}
