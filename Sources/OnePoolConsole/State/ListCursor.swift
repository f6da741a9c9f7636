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

    /// Carries out a movement command (↑↓, paging, first, last) over `count` rows; false when
    /// `command` is not a movement.
    public mutating func apply(_ command: Command, count: Int, rows: Int) -> Bool {
        switch command {
        case .moveUp: move(by: -1, count: count, visibleRows: rows)
        case .moveDown: move(by: 1, count: count, visibleRows: rows)
        case .pageUp: move(by: -rows, count: count, visibleRows: rows)
        case .pageDown: move(by: rows, count: count, visibleRows: rows)
        case .top: moveTo(0, count: count, visibleRows: rows)
        case .bottom: moveTo(count - 1, count: count, visibleRows: rows)
        default: return false
        }
        return true
    }

    /// Keeps the selection on the same item after its list was rebuilt (re-ranked, filtered,
    /// shortened), at the same place on screen where it can be. When the item is gone, the one
    /// that followed it in the old list (else the one before it) is selected instead, so the
    /// highlight never jumps to an unrelated row.
    public mutating func follow<Item, ID: Hashable, Old: RandomAccessCollection, New: RandomAccessCollection>(
        _ id: ID?, from old: Old, to new: New, rows: Int, identity: (Item) -> ID
    ) where Old.Element == Item, Old.Index == Int, New.Element == Item, New.Index == Int {
        defer { clamp(count: new.count, visibleRows: rows) }
        guard let id else { return }
        let offset = selected - top
        func select(_ index: Int) {
            selected = index
            top = index - offset
        }
        if new.indices.contains(selected), identity(new[selected]) == id { return }
        if let index = new.firstIndex(where: { identity($0) == id }) { return select(index) }
        guard let gone = old.firstIndex(where: { identity($0) == id }) else { return }
        var positions: [ID: Int] = [:]
        for (index, item) in zip(new.indices, new) { positions[identity(item)] = positions[identity(item)] ?? index }
        for candidate in old[(gone + 1)...] {
            if let index = positions[identity(candidate)] { return select(index) }
        }
        for candidate in old[..<gone].reversed() {
            if let index = positions[identity(candidate)] { return select(index) }
        }
    }
}

extension RandomAccessCollection where Index == Int {
    /// The element at `index`, or nil outside the collection.
    subscript(safe index: Int) -> Element? { index >= startIndex && index < endIndex ? self[index] : nil }
}
