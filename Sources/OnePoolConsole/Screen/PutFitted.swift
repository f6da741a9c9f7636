/// A table cell's text fitted to its column and drawn, without making the fitted string: most
/// of a table row is ASCII that fits (codes, numbers, titles), and padding it with
/// `TextWidth.fit` made two strings per cell (the spaces, then text and spaces together).
extension Screen {
    /// What `put(TextWidth.fit(text, to: columns, rightAligned:), x:y:role:)` draws and returns
    /// (`TextWidth.fitMiddle` with `cutInMiddle`). Printable ASCII that fits is drawn as the text
    /// and a fill of spaces; anything else is fitted first, as before.
    @discardableResult
    mutating func putFitted(
        _ text: String, x: Int, y: Int, role: Role, columns: Int, rightAligned: Bool = false, cutInMiddle: Bool = false
    ) -> Int {
        guard y >= 0, y < height else { return 0 }
        let count = text.utf8.count
        guard count <= columns, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            let fitted =
                cutInMiddle
                ? TextWidth.fitMiddle(text, to: columns, rightAligned: rightAligned)
                : TextWidth.fit(text, to: columns, rightAligned: rightAligned)
            return put(fitted, x: x, y: y, role: role)
        }
        // Fitting would change nothing but add `padding` spaces (cutting in the middle too: the
        // text fits), so the cells are the text's and the spaces', clipped as `put` clips them.
        let padding = columns - count
        fill(Rect(x: rightAligned ? x : x + count, y: y, width: padding, height: 1), role: role)
        put(text, x: rightAligned ? x + padding : x, y: y, role: role)
        return max(0, min(x + columns, width) - x)
    }
}
