/// A selection in a scrolling list: which row is selected and which is at the top.
///
/// Invariant (after `clamp`): `0 <= selected < count` (or 0 when empty) and the selected row is
/// within the `visibleRows` shown from `top`.
public struct ListCursor: Hashable, Sendable {
    public var selected = 0
    public var top = 0

    public init() {}

    public mutating func move(by delta: Int, count: Int, visibleRows: Int) {
        selected += delta
        clamp(count: count, visibleRows: visibleRows)
    }

    public mutating func moveTo(_ row: Int, count: Int, visibleRows: Int) {
        selected = row
        clamp(count: count, visibleRows: visibleRows)
    }

    public mutating func clamp(count: Int, visibleRows: Int) {
        let rows = max(1, visibleRows)
        selected = count == 0 ? 0 : min(max(0, selected), count - 1)
        if selected < top { top = selected }
        if selected >= top + rows { top = selected - rows + 1 }
        top = max(0, min(top, max(0, count - rows)))
    }
}

extension Array {
    /// The element at `index`, or nil outside the array.
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
