/// The activity pane: the journal as it grows, newest first, optionally one kind only.
public struct ActivityPaneState: Sendable {
    public var cursor = ListCursor()
    /// nil shows every kind.
    public var kind: String? = nil
    public private(set) var items: [ActivityItem] = []
    public private(set) var kinds: [String] = []
    private var builtFor: (sequence: UInt64, kind: String?, loaded: Bool)? = nil

    public init() {}

    public var selected: ActivityItem? { items[safe: cursor.selected] }

    mutating func update(_ command: Command, _ context: PaneContext) -> [Effect] {
        if cursor.apply(command, count: items.count, rows: context.rows) { return [] }
        switch command {
        case .open:
            if let sku = selected?.sku { return [.follow(.openSKU(sku))] }
        case .cycleKind:
            cycleKind()
            rebuild(context)
        case .viewWhole:
            if let item = selected {
                return [
                    .follow(
                        .openFullText(title: "#\(item.sequence) · \(item.kind)", text: "\(item.actor)\n\n\(item.text)"))
                ]
            }
        default:
            break
        }
        return []
    }

    mutating func rebuild(_ context: PaneContext) {
        let data = context.data
        let key = (data.lastSequence, kind, data.historyLoaded)
        let old = items
        // On the newest event, the pane follows the journal (as `tail -f`); elsewhere it keeps
        // the selected event in place while news arrives above it.
        let keep = cursor.selected == 0 ? nil : selected?.sequence
        if builtFor == nil || builtFor!.sequence != key.0 || builtFor!.kind != key.1 || builtFor!.loaded != key.2 {
            items = kind.map { wanted in data.activity.filter { $0.kind == wanted } } ?? data.activity
            kinds = Array(Set(data.activity.map(\.kind))).sorted()
            builtFor = key
        }
        cursor.follow(keep, from: old, to: items, rows: context.rows, identity: \.sequence)
    }

    /// All → first kind → … → last kind → all.
    mutating func cycleKind() {
        guard !kinds.isEmpty else {
            kind = nil
            return
        }
        if let kind, let index = kinds.firstIndex(of: kind) {
            self.kind = index + 1 < kinds.count ? kinds[index + 1] : nil
        } else {
            kind = kinds[0]
        }
        cursor = ListCursor()
    }
}
