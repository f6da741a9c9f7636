import OnePoolCore

/// The briefing pane: ranked items; Enter carries out the selected item's action.
public struct BriefingPaneState: Sendable {
    public var cursor = ListCursor()
    /// The items as last ranked (the data's briefing; kept to follow the selection when it re-ranks).
    public private(set) var items: [BriefingItem] = []

    public var selected: BriefingItem? { items[safe: cursor.selected] }

    /// Items take two lines each.
    static func rows(_ context: PaneContext) -> Int { max(1, context.rows / 2) }

    mutating func update(_ command: Command, _ context: PaneContext) -> [Effect] {
        if cursor.apply(command, count: items.count, rows: Self.rows(context)) { return [] }
        guard let item = selected else { return [] }
        switch command {
        case .open:
            switch item.action {
            case .openSKU(let sku): return [.follow(.openSKU(sku))]
            case .openPO(let id): return [.follow(.openPO(id))]
            case .publish(let channel): return [.publish(channel: channel)]
            case .mapListing(let key):
                return [
                    .follow(.showPane(.channels)),
                    .follow(
                        .status("Map it: onepool map \(key.channel) \(key.listing) SKU [--pack N]", isError: false)),
                ]
            case .editChannel(let channel):
                // A starved channel: its rule form, over the channels pane (the preview shows the effect).
                return [.follow(.showPane(.channels)), .follow(.openRuleForm(channel: channel))]
            }
        case .viewWhole:
            return [
                .follow(
                    .openFullText(
                        title: item.kind.title,
                        text:
                            "\(item.subject) · \(Format.money(item.money))\n\n\(item.why)\n\nEnter: \(item.action.text)"
                    ))
            ]
        default:
            return []
        }
    }

    mutating func rebuild(_ context: PaneContext) {
        let old = items
        let keep = selected.map(Self.identity)
        items = context.data.briefing
        cursor.follow(keep, from: old, to: items, rows: Self.rows(context), identity: Self.identity)
    }

    /// An item is the same item while it is of the same kind about the same subject.
    static func identity(_ item: BriefingItem) -> String { "\(item.kind.rawValue) \(item.subject)" }
}
