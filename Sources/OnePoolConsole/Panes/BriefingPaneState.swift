import OnePoolCore

/// The briefing pane: ranked items; Enter carries out the selected item's action.
public struct BriefingPaneState: Sendable {
    public var cursor = ListCursor()

    mutating func rebuild(data: ConsoleData, visibleRows: Int) {
        cursor.clamp(count: data.briefing.count, visibleRows: max(1, visibleRows / 2))
    }

    public func selected(in data: ConsoleData) -> BriefingItem? {
        data.briefing.indices.contains(cursor.selected) ? data.briefing[cursor.selected] : nil
    }
}
