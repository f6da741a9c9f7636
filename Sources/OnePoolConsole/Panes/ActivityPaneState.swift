/// The activity pane: the journal as it grows, newest first, optionally one kind only.
public struct ActivityPaneState: Sendable {
    public var cursor = ListCursor()
    /// nil shows every kind.
    public var kind: String? = nil
    public private(set) var items: [ActivityItem] = []
    public private(set) var kinds: [String] = []
    private var builtFor: (sequence: UInt64, kind: String?, loaded: Bool)? = nil

    public init() {}

    mutating func rebuild(data: ConsoleData, visibleRows: Int) {
        let key = (data.lastSequence, kind, data.historyLoaded)
        if builtFor == nil || builtFor!.sequence != key.0 || builtFor!.kind != key.1 || builtFor!.loaded != key.2 {
            items = kind.map { wanted in data.activity.filter { $0.kind == wanted } } ?? data.activity
            kinds = Array(Set(data.activity.map(\.kind))).sorted()
            builtFor = key
        }
        cursor.clamp(count: items.count, visibleRows: visibleRows)
    }

    /// All → first kind → … → last kind → all.
    mutating func cycleKind() {
        guard !kinds.isEmpty else { return kind = nil }
        if let kind, let index = kinds.firstIndex(of: kind) {
            self.kind = index + 1 < kinds.count ? kinds[index + 1] : nil
        } else {
            kind = kinds[0]
        }
        cursor = ListCursor()
    }

    public var selected: ActivityItem? { items.indices.contains(cursor.selected) ? items[cursor.selected] : nil }
}
