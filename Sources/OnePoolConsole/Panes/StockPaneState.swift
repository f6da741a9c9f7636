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

    func admits(_ row: SKURow) -> Bool {
        switch self {
        case .all: true
        case .oversold: row.stock.available < 0
        case .outOfStock: row.stock.available <= 0
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
    public var text = ""
    public var editingText = false
    public var cursor = ListCursor()
    public private(set) var visible: [Int] = []
    private var builtFor: BuildKey? = nil

    private struct BuildKey: Equatable, Sendable {
        var revision: Int, rowCount: Int, sort: StockColumn, descending: Bool, filter: StockFilter, text: String
        var historyLoaded: Bool
    }

    public init() {}

    /// The SKU under the cursor.
    public func selectedCode(in data: ConsoleData) -> String? {
        visible.indices.contains(cursor.selected) ? data.rows[visible[cursor.selected]].code : nil
    }

    mutating func rebuild(data: ConsoleData, visibleRows: Int) {
        let key = BuildKey(
            revision: data.revision, rowCount: data.rows.count, sort: sort, descending: descending, filter: filter,
            text: text, historyLoaded: data.historyLoaded)
        if key != builtFor {
            let keep = selectedCode(in: data)
            let needle = Array(text.lowercased().utf8)
            var indices = data.rows.indices.filter { filter.admits(data.rows[$0]) }
            if !needle.isEmpty {
                indices = indices.filter { index in
                    let row = data.rows[index]
                    return ByteSearch.contains(row.searchCode, needle)
                        || row.searchTitleWords.contains { ByteSearch.contains($0, needle) }
                        || ByteSearch.hasPrefix(row.searchBarcode, needle)
                }
            }
            sortIndices(&indices, data: data)
            visible = indices
            builtFor = key
            if let keep, let position = visible.firstIndex(where: { data.rows[$0].code == keep }) {
                cursor.selected = position
            }
        }
        cursor.clamp(count: visible.count, visibleRows: visibleRows)
    }

    private func sortIndices(_ indices: inout [Int], data: ConsoleData) {
        let rows = data.rows
        func key(_ index: Int) -> Int {
            let stock = rows[index].stock
            switch sort {
            case .onHand: return stock.onHand
            case .committed: return stock.committed
            case .held: return stock.held
            case .unsellable: return stock.unsellable
            case .available: return stock.available
            case .incoming: return stock.incoming
            case .sold30: return data.history.window(rows[index].code, days: 30, endingOn: data.today).reduce(0, +)
            case .sku, .title: return 0
            }
        }
        switch sort {
        case .sku:
            // Rows are kept in code order already.
            if descending { indices.reverse() }
        case .title:
            let titles = Dictionary(uniqueKeysWithValues: indices.map { ($0, rows[$0].title.lowercased()) })
            indices.sort { lhs, rhs in
                let a = titles[lhs] ?? "", b = titles[rhs] ?? ""
                if a != b { return descending ? a > b : a < b }
                return lhs < rhs
            }
        default:
            // Compute each key once; ties keep code order (the sort is stable by index).
            let keys = Dictionary(uniqueKeysWithValues: indices.map { ($0, key($0)) })
            indices.sort { lhs, rhs in
                let a = keys[lhs] ?? 0, b = keys[rhs] ?? 0
                if a != b { return descending ? a > b : a < b }
                return lhs < rhs
            }
        }
    }
}

/// Substring search over lower-cased UTF-8 bytes: no String allocation per row.
enum ByteSearch {
    static func hasPrefix(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for index in 0..<needle.count where haystack[index] != needle[index] { return false }
        return true
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        firstIndex(haystack, needle) != nil
    }

    static func firstIndex(_ haystack: [UInt8], _ needle: [UInt8]) -> Int? {
        guard !needle.isEmpty else { return 0 }
        guard needle.count <= haystack.count else { return nil }
        let first = needle[0]
        var start = 0
        while start <= haystack.count - needle.count {
            if haystack[start] == first {
                var matched = true
                var offset = 1
                while offset < needle.count {
                    if haystack[start + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    offset += 1
                }
                if matched { return start }
            }
            start += 1
        }
        return nil
    }
}
