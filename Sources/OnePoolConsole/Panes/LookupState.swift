/// The SKU lookup: narrows on every keystroke by code, title words and barcode, best matches first.
///
/// When the query grows by a character, only the previous matches are searched again (they are
/// the only rows that can still match), so typing stays fast on 100,000 SKUs.
public struct LookupState: Sendable {
    /// What has been typed, with its cursor.
    public private(set) var field = TextField()
    public var query: String { field.text }
    public var cursor = ListCursor()
    /// Best matches first, at most `shown`.
    public private(set) var results: [Match] = []
    public private(set) var matchCount = 0
    /// Every row that matches the query, ascending; nil while the query is empty (every row).
    private var matches: [Int32]? = nil
    private var searchedQuery: String? = nil
    private var searchedRevision = -1

    public static let shown = 200

    public struct Match: Hashable, Sendable {
        public var row: Int
        public var score: Int
        /// Where in the code the query matched (for highlighting), if it did.
        public var codeRange: Range<Int>?
    }

    public init() {}

    public mutating func type(_ character: Character) { _ = field.edit(.character(character)) }

    public mutating func deleteBackward() { _ = field.edit(.backspace) }

    /// An editing key on the query; nil when `key` does not edit text.
    mutating func edit(_ key: Key) -> TextField.Edit? { field.edit(key) }

    public var selectedRow: Int? { results.indices.contains(cursor.selected) ? results[cursor.selected].row : nil }

    mutating func search(in data: ConsoleData) {
        if query == searchedQuery && searchedRevision == data.searchRevision { return }
        if searchedRevision != data.searchRevision { earlier = [] }
        if let previous = searchedQuery, previous.hasPrefix(query), !query.isEmpty,
            restoreEarlier(revision: data.searchRevision)
        {
            return
        }
        // Typed one more character (or several): only the previous matches can still match.
        var candidates: [Int32]? = nil
        if let previous = searchedQuery, searchedRevision == data.searchRevision, !previous.isEmpty,
            query.hasPrefix(previous)
        {
            candidates = matches
        }
        searchedQuery = query
        searchedRevision = data.searchRevision
        cursor = ListCursor()
        let words = query.lowercased().split(separator: " ").map { Array($0.utf8) }
        guard !words.isEmpty else {
            matches = nil
            matchCount = data.rows.count
            results = (0..<min(Self.shown, data.rows.count)).map { Match(row: $0, score: 0, codeRange: nil) }
            return
        }
        let found = data.search.search(candidates, words: words, limit: Self.shown)
        matches = found.rows
        matchCount = found.rows.count
        results = found.best.map { Match(row: $0.row, score: $0.score, codeRange: $0.codeRange) }
        remember()
    }

    /// Searches already done for shorter forms of the query (same revision), innermost last, so
    /// Backspace restores them instead of searching again.
    private var earlier: [(query: String, matches: [Int32]?, results: [Match])] = []

    private mutating func remember() {
        while let last = earlier.last, !query.hasPrefix(last.query) || last.query == query { earlier.removeLast() }
        earlier.append((query, matches, results))
    }

    private mutating func restoreEarlier(revision: Int) -> Bool {
        while let last = earlier.last, last.query.count > query.count || !query.hasPrefix(last.query) {
            earlier.removeLast()
        }
        guard let last = earlier.last, last.query == query, searchedRevision == revision else { return false }
        matches = last.matches
        matchCount = last.matches?.count ?? 0
        results = last.results
        searchedQuery = query
        cursor = ListCursor()
        return true
    }
}
