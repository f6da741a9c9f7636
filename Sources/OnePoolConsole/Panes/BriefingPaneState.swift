import OnePoolCore

/// The briefing pane: ranked items; Enter carries out the selected item's action, `e` explains
/// its money.
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
        case .explain:
            // The explanation `onepool briefing --explain ID` prints, from the same layout.
            let lines = ExplanationText.briefing(item, settings: context.data.settings)
            return [.follow(.openFullText(title: "Explain · \(item.id)", text: lines.joined(separator: "\n")))]
        default:
            return []
        }
    }

    mutating func rebuild(_ context: PaneContext) {
        var old = items
        var keep = selected.map(Self.identity)
        if let released {
            // After `letGo`: the list as it was, if the selected item left it (else not needed).
            keep = released
            old = context.data.briefingBeforeNews ?? []
            self.released = nil
        }
        items = context.data.briefing
        cursor.follow(keep, from: old, to: items, rows: Self.rows(context), identity: Self.identity)
    }

    /// The selected item's identity while the pane has let go of its list (`letGo`).
    private var released: String?? = nil

    /// Lets go of the list before `data` moves items in its briefing: held, the list would make
    /// every move copy every item (tens of thousands once forecasts are in). `data` keeps the
    /// list as it was only if the selected item leaves it, for `rebuild` to find a neighbour.
    mutating func letGo(watching data: inout ConsoleData) {
        let keep = selected.map(Self.identity)
        data.watchBriefing(keep)
        released = .some(keep)
        items = []
    }

    /// An item is the same item while it is of the same kind about the same subject.
    static func identity(_ item: BriefingItem) -> String { "\(item.kind.rawValue) \(item.subject)" }
}
