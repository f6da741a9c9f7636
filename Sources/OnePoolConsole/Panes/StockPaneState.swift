import OnePoolCore

/// The columns of the stock pool table, in order.
public enum StockColumn: Int, CaseIterable, Sendable {
    case sku, title, onHand, committed, held, unsellable, available, incoming, sold30

    public var heading: String {
        switch self {
        case .sku: "SKU"
        case .title: "Title"
        case .onHand: "On hand"
        case .committed: "Commit"
        case .held: "Held"
        case .unsellable: "Unsell"
        case .available: "Avail"
        case .incoming: "Incom"
        case .sold30: "30 days"
        }
    }
}

/// Which rows the stock pool shows.
public enum StockFilter: Int, CaseIterable, Sendable {
    case all, oversold, outOfStock, held

    public var label: String {
        switch self {
        case .all: "all"
        case .oversold: "oversold"
        case .outOfStock: "out of stock"
        case .held: "held"
        }
    }

    public func admits(_ row: SKURow) -> Bool {
        switch self {
        case .all: true
        case .oversold: row.bundle == nil && row.stock.isOversold
        case .outOfStock: row.bundle.map { $0.available <= 0 } ?? row.stock.isOutOfStock
        case .held: row.stock.held > 0
        }
    }
}

/// The stock pool pane: sort, filter and position over every SKU.
///
/// `visible` (row indices into `ConsoleData.rows`, sorted and filtered) is rebuilt only when the
/// data, sort or filter change — never while drawing — so a frame stays cheap at 100,000 SKUs.
public struct StockPaneState: Sendable {
    public var sort: StockColumn = .sku
    public var descending = false
    public var filter: StockFilter = .all
    /// The text filter (typed through the `filter` modal).
    public var text = ""
    public var cursor = ListCursor()
    public private(set) var visible: [Int] = []
    private var builtFor: BuildKey? = nil
    /// Each row's place in title order (equal titles share one), for the catalogue it was made from.
    private var titleRanks: (catalogueRevision: Int, ranks: [Int32])? = nil

    /// Each row's sort key for `builtFor`'s sort (so a changed row can be put back in place).
    private var sortKeys: [Int] = []

    private struct BuildKey: Equatable, Sendable {
        var revision: Int, rowCount: Int, sort: StockColumn, descending: Bool, filter: StockFilter, text: String
        var historyLoaded: Bool, today: Int, catalogueRevision: Int

        /// The same list except for data revision `next`.
        func differsOnlyInRevision(from other: BuildKey, next: Int) -> Bool {
            var moved = other
            moved.revision = next
            return moved == self
        }
    }

    public init() {}

    /// The SKU under the cursor.
    public func selectedCode(in data: ConsoleData) -> SKUCode? {
        visible.indices.contains(cursor.selected) ? data.rows[visible[cursor.selected]].code : nil
    }

    /// Whether the list has been built once (it is built when the pane is first shown).
    var isBuilt: Bool { builtFor != nil }

    /// What the title shows: the filters and sort in force.
    public var isFiltered: Bool { filter != .all || !text.isEmpty }

    mutating func update(_ command: Command, _ context: PaneContext) -> [Effect] {
        if cursor.apply(command, count: visible.count, rows: context.rows) { return [] }
        switch command {
        case .open:
            return selectedCode(in: context.data).map { [.follow(.openSKU($0))] } ?? []
        case .sortNext:
            let next = StockColumn(rawValue: (sort.rawValue + 1) % StockColumn.allCases.count) ?? .sku
            sort = next
            // Quantities read best largest first; names A to Z.
            descending = !(next == .sku || next == .title)
            rebuild(context)
            return [.follow(.status("Sorted by \(next.heading)\(descending ? ", largest first" : "")", isError: false))]
        case .sortReverse:
            descending.toggle()
            rebuild(context)
        case .filterText:
            return [.follow(.openFilter)]
        case .cycleFilter:
            filter = StockFilter(rawValue: (filter.rawValue + 1) % StockFilter.allCases.count) ?? .all
            cursor = ListCursor()
            rebuild(context)
        case .clearFilter:
            text = ""
            filter = .all
            rebuild(context)
        default:
            break
        }
        return []
    }

    /// Sets the text filter as it is typed: the list narrows on every keystroke.
    mutating func setText(_ newText: String, _ context: PaneContext) {
        guard newText != text else { return }
        text = newText
        cursor = ListCursor()
        rebuild(context)
    }

    mutating func rebuild(_ context: PaneContext) {
        let data = context.data
        let key = BuildKey(
            revision: data.revision, rowCount: data.rows.count, sort: sort, descending: descending, filter: filter,
            text: text, historyLoaded: data.historyLoaded, today: data.today, catalogueRevision: data.catalogueRevision)
        // The selected row, by its index in `data.rows` (stable unless SKUs were added).
        let keep = builtFor?.rowCount == data.rows.count ? visible[safe: cursor.selected] : nil
        if let built = builtFor, key != built, let change = data.lastChange, change.revision == data.revision,
            key.differsOnlyInRevision(from: built, next: data.revision), change.rows.count <= 512,
            sortKeys.count == data.rows.count
        {
            // Journal news: only the touched rows move.
            place(change.rows, data: data)
            builtFor = key
        } else if key != builtFor {
            let needle = Array(text.lowercased().utf8)
            var indices = data.rows.indices.filter { filter.admits(data.rows[$0]) }
            if !needle.isEmpty {
                indices = indices.filter { data.search.filterMatches(row: $0, needle: needle) }
            }
            sortIndices(&indices, data: data)
            visible = indices
            builtFor = key
        }
        if let keep, visible[safe: cursor.selected] != keep, let position = visible.firstIndex(of: keep) {
            let offset = cursor.selected - cursor.top
            cursor.selected = position
            cursor.top = position - offset
        }
        cursor.clamp(count: visible.count, visibleRows: context.rows)
    }

    /// Titles are sorted once per catalogue change (not per data change or per sort).
    private mutating func ranksByTitle(_ data: ConsoleData) -> [Int32] {
        if let cached = titleRanks, cached.catalogueRevision == data.catalogueRevision,
            cached.ranks.count == data.rows.count
        {
            return cached.ranks
        }
        let rows = data.rows
        var order = Array(rows.indices)
        order.sort { data.search.titleLess($0, $1) ?? ($0 < $1) }
        var ranks = [Int32](repeating: 0, count: rows.count)
        var rank: Int32 = 0
        for position in order.indices {
            if position > 0 && data.search.titleLess(order[position - 1], order[position]) != nil { rank += 1 }
            ranks[order[position]] = rank
        }
        titleRanks = (data.catalogueRevision, ranks)
        return ranks
    }

    /// Takes `changed` rows out of `visible` and puts back those the filter still admits, each at
    /// its place in the current order (by its new key; ties in code order, as a full sort has it).
    private mutating func place(_ changed: [Int], data: ConsoleData) {
        let needle = Array(text.lowercased().utf8)
        if changed.count <= 16 {
            // A few rows (an order line touches one): found by a plain scan, not a hash per row.
            for row in changed { if let at = visible.firstIndex(of: row) { visible.remove(at: at) } }
        } else {
            let changedSet = Set(changed)
            visible.removeAll { changedSet.contains($0) }
        }
        let ranks = sort == .title ? ranksByTitle(data) : []
        for row in changed {
            sortKeys[row] = sortKey(row, data: data, ranks: ranks)
            guard filter.admits(data.rows[row]), needle.isEmpty || data.search.filterMatches(row: row, needle: needle)
            else { continue }
            let key = sortKeys[row]
            let descending = descending
            let sku = sort == .sku
            func before(_ other: Int) -> Bool {  // whether `row` goes before `other`
                let otherKey = sortKeys[other]
                if sku { return descending ? row > other : row < other }
                if key != otherKey { return descending ? key > otherKey : key < otherKey }
                return row < other
            }
            var low = 0
            var high = visible.count
            while low < high {
                let middle = (low + high) / 2
                if before(visible[middle]) { high = middle } else { low = middle + 1 }
            }
            visible.insert(row, at: low)
        }
    }

    private func sortKey(_ index: Int, data: ConsoleData, ranks: [Int32]) -> Int {
        let stock = data.rows[index].stock
        switch sort {
        case .onHand: return stock.onHand
        case .committed: return stock.committed
        case .held: return stock.held
        case .unsellable: return stock.unsellable
        case .available: return data.rows[index].available
        case .incoming: return stock.incoming
        case .sold30: return Self.sold30(data.rows[index].code, data: data)
        case .title: return Int(ranks[index])
        case .sku: return 0
        }
    }

    static func sold30(_ code: SKUCode, data: ConsoleData) -> Int {
        data.history.total(code, days: 30, endingOn: data.today)
    }

    private mutating func sortIndices(_ indices: inout [Int], data: ConsoleData) {
        let rows = data.rows
        let ranks = sort == .title ? ranksByTitle(data) : []
        switch sort {
        case .sku:
            // Rows are kept in code order already.
            sortKeys = Array(repeating: 0, count: rows.count)
            if descending { indices.reverse() }
        default:
            // Compute each key once, next to its row; ties keep code order.
            sortKeys = rows.indices.map { sortKey($0, data: data, ranks: ranks) }
            var keyed = indices.map { (sortKeys[$0], $0) }
            let descending = descending
            keyed.sort { lhs, rhs in
                if lhs.0 != rhs.0 { return descending ? lhs.0 > rhs.0 : lhs.0 < rhs.0 }
                return lhs.1 < rhs.1
            }
            indices = keyed.map(\.1)
        }
    }
}
