import OnePoolCore

/// The briefing's order (`Briefing.rank`: most money first, then the kinds in their declared
/// order, then subject; id last, so no two items tie), for moving one item within a ranked
/// briefing by binary search instead of sorting the whole list again.
enum BriefingOrder {
    private static let kindOrder = Dictionary(
        uniqueKeysWithValues: BriefingItem.Kind.allCases.enumerated().map { ($1, $0) })

    static func ranksBefore(_ lhs: BriefingItem, _ rhs: BriefingItem) -> Bool {
        if lhs.money != rhs.money { return lhs.money > rhs.money }
        if lhs.kind != rhs.kind { return (kindOrder[lhs.kind] ?? 0) < (kindOrder[rhs.kind] ?? 0) }
        if lhs.subject != rhs.subject { return lhs.subject < rhs.subject }
        return lhs.id < rhs.id
    }

    /// Where `item` goes in the ranked `items`: after every item that ranks before it.
    static func insertionPoint(for item: BriefingItem, in items: [BriefingItem]) -> Int {
        var low = 0
        var high = items.count
        while low < high {
            let middle = (low + high) / 2
            if ranksBefore(items[middle], item) { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The position of `item` (same id) in the ranked `items`, if it is there.
    static func position(of item: BriefingItem, in items: [BriefingItem]) -> Int? {
        let start = insertionPoint(for: item, in: items)
        if start < items.count, items[start].id == item.id { return start }
        // Not where its rank says (a tie `Briefing.rank` broke otherwise): look for it.
        return items.firstIndex { $0.id == item.id }
    }

    static func isRanked(_ items: [BriefingItem]) -> Bool {
        zip(items, items.dropFirst()).allSatisfy { !ranksBefore($1, $0) }
    }

    /// Two ranked lists as one, as `Briefing.rank` of both would order them (on a tie the first
    /// list's item first, as its stable sort keeps them).
    static func merged(_ first: [BriefingItem], _ second: [BriefingItem]) -> [BriefingItem] {
        var result: [BriefingItem] = []
        result.reserveCapacity(first.count + second.count)
        var (i, j) = (0, 0)
        while i < first.count && j < second.count {
            if ranksBefore(second[j], first[i]) {
                result.append(second[j])
                j += 1
            } else {
                result.append(first[i])
                i += 1
            }
        }
        result += first[i...]
        result += second[j...]
        return result
    }

    /// The ranked `items` with `gone` taken out and `come` put in, still ranked: a few moved
    /// each by binary search, many by one pass that drops the gone and merges the come.
    /// In place: the caller's list is its only copy (the console's forecast items, ~10,000 at
    /// 100,000 SKUs), so a small change moves a few items rather than copying them all.
    static func apply(gone: [BriefingItem], come: [BriefingItem], to items: inout [BriefingItem]) {
        guard gone.count + come.count > 256 else { return replace(gone: gone, come: come, in: &items) }
        var leaving: [String: Int] = [:]
        for item in gone { leaving[item.id, default: 0] += 1 }
        items.removeAll { item in
            guard let count = leaving[item.id], count > 0 else { return false }
            leaving[item.id] = count - 1
            return true
        }
        items = merged(items, Briefing.rank(come))
    }

    /// The ranked `items` after removing each of `gone` then inserting each of `come` by binary
    /// search. An item that comes back in a new version (the same id in both, most of a small
    /// change) is moved from its old place to its new one, shifting only the items between: a
    /// removal and an insertion each shifted the whole tail of the list (~10,000 items of a few
    /// hundred bytes at 100,000 SKUs), most of a forecast update's time.
    static func replace(gone: [BriefingItem], come: [BriefingItem], in items: inout [BriefingItem]) {
        var coming: [String: Int] = [:]
        for (index, item) in come.enumerated() { coming[item.id] = index }
        // Ids repeated within `gone` or `come`: no pairing, each removed then each inserted.
        guard coming.count == come.count, Set(gone.map(\.id)).count == gone.count else {
            for item in gone { if let position = position(of: item, in: items) { items.remove(at: position) } }
            for item in come { items.insert(item, at: insertionPoint(for: item, in: items)) }
            return
        }
        // As before: what leaves for good goes first, so no new version meets an item leaving.
        var moves: [(old: BriefingItem, new: Int)] = []
        for item in gone {
            if let new = coming[item.id] {
                moves.append((item, new))
            } else if let position = position(of: item, in: items) {
                items.remove(at: position)
            }
        }
        var moved = Set<Int>()
        for (old, new) in moves {
            moved.insert(new)
            if let position = position(of: old, in: items) {
                move(from: position, to: come[new], in: &items)
            } else {
                items.insert(come[new], at: insertionPoint(for: come[new], in: items))
            }
        }
        for (index, item) in come.enumerated() where !moved.contains(index) {
            items.insert(item, at: insertionPoint(for: item, in: items))
        }
    }

    /// `items.remove(at: old)` then `items.insert(item, at: insertionPoint(for: item, in: items))`,
    /// shifting only the items between the two places.
    static func move(from old: Int, to item: BriefingItem, in items: inout [BriefingItem]) {
        // `insertionPoint` in the list without the item at `old`: the same search, skipping it.
        var low = 0
        var high = items.count - 1
        while low < high {
            let middle = (low + high) / 2
            if ranksBefore(items[middle < old ? middle : middle + 1], item) { low = middle + 1 } else { high = middle }
        }
        let new = low
        items.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            // Every slot is initialized again before the closure returns: the old item is
            // destroyed, the items between slide one place (a bitwise move), the item goes in.
            (base + old).deinitialize(count: 1)
            if new < old {
                (base + new + 1).moveInitialize(from: base + new, count: old - new)
            } else if new > old {
                (base + old).moveInitialize(from: base + old + 1, count: new - old)
            }
            (base + new).initialize(to: item)
        }
    }
}
