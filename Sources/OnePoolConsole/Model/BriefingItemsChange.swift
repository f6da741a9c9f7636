import OnePoolCore

/// How a set of briefing items changed: the items that left or changed (as they were) and the
/// items that came or changed (as they are). The background loader works it out from the whole
/// forecast item list off the UI thread, so the console moves only these items into place
/// instead of merging tens of thousands again.
public struct BriefingItemsChange: Sendable, Equatable {
    public var gone: [BriefingItem]
    public var come: [BriefingItem]

    public init(gone: [BriefingItem] = [], come: [BriefingItem] = []) {
        self.gone = gone
        self.come = come
    }

    /// From `old` to `new`, both by id; an item whose content changed is both gone and come.
    public init(from old: [String: BriefingItem], to new: [String: BriefingItem]) {
        gone = []
        come = []
        for (id, item) in old where new[id] != item { gone.append(item) }
        for (id, item) in new where old[id] != item { come.append(item) }
        // In rank order: the same change reads the same whatever the dictionaries' order.
        gone = Briefing.rank(gone)
        come = Briefing.rank(come)
    }

    public var isEmpty: Bool { gone.isEmpty && come.isEmpty }

    /// The items by id, as the loader keeps what it last posted.
    public static func byID(_ items: [BriefingItem]) -> [String: BriefingItem] {
        Dictionary(items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
