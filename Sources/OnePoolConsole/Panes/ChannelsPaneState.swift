import OnePoolCore

/// The channels pane: one row per channel in serving order. `e` (or Enter) edits the selected
/// channel's rule, in a form whose effect is previewed before it is applied; `v` shows its live
/// sync in full.
public struct ChannelsPaneState: Sendable {
    public var cursor = ListCursor()
    /// Channel names in serving order (priority, then name).
    public private(set) var order: [ChannelName] = []

    public var selected: ChannelName? { order[safe: cursor.selected] }

    mutating func update(_ command: Command, _ context: PaneContext) -> [Effect] {
        if cursor.apply(command, count: order.count, rows: context.rows) { return [] }
        switch command {
        case .open, .editRule:
            if let name = selected { return [.follow(.openRuleForm(channel: name))] }
        case .viewWhole:
            guard let name = selected, let summary = context.data.channels.sync[name] else { break }
            let text = ChannelSyncView.wholeText(
                name, summary, now: context.data.wallClock, offset: context.data.history.utcOffsetSeconds,
                lastReadPull: context.data.syncReadPulls[name])
            return [.follow(.openFullText(title: "\(name): live sync", text: text))]
        default:
            break
        }
        return []
    }

    mutating func rebuild(_ context: PaneContext) {
        let board = context.data.channels
        let old = order
        let keep = selected
        order = board.names.sorted {
            ((board.settings[$0]?.rule ?? .unconfigured).priority, $0) < (
                (board.settings[$1]?.rule ?? .unconfigured).priority, $1
            )
        }
        cursor.follow(keep, from: old, to: order, rows: context.rows, identity: { $0 })
    }
}
