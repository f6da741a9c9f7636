import DequeModule

/// The activity pane: the journal as it grows, newest first, optionally one kind only.
public struct ActivityPaneState: Sendable {
    public var cursor = ListCursor()
    /// nil shows every kind.
    public var kind: String? = nil
    /// The shown items, newest first: the data's activity of the chosen kind. Kept as the data's
    /// is (news in at the front, the oldest out at the back), not copied from it on each event.
    public private(set) var items: Deque<ActivityItem> = []
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
        // On the newest event, the pane follows the journal (as `tail -f`); elsewhere it keeps
        // the selected event in place while news arrives above it.
        let keep = cursor.selected == 0 ? nil : selected?.sequence
        kinds = data.activityKinds
        guard let built = builtFor, built.kind == kind, built.loaded == data.historyLoaded else {
            let old = items
            items = Deque(kind.map { wanted in data.activity.filter { $0.kind == wanted } } ?? Array(data.activity))
            builtFor = (data.lastSequence, kind, data.historyLoaded)
            return cursor.follow(keep, from: old, to: items, rows: context.rows, identity: \.sequence)
        }
        guard built.sequence != data.lastSequence else {
            return cursor.follow(keep, from: items, to: items, rows: context.rows, identity: \.sequence)
        }
        // News: the data's newer items come in at the front, the ones it let go leave at the back.
        let oldest = data.activity.last?.sequence ?? .max
        // The old list is held only when the selected item leaves (the cursor then looks for a
        // neighbour in it): held otherwise, the edits below would copy every item.
        let old: Deque<ActivityItem> = (keep.map { $0 < oldest } ?? false) ? items : []
        for item in data.activity.prefix(while: { $0.sequence > built.sequence }).reversed()
        where kind == nil || item.kind == kind {
            items.prepend(item)
        }
        while let last = items.last, last.sequence < oldest { items.removeLast() }
        builtFor = (data.lastSequence, kind, data.historyLoaded)
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
