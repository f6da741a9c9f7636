/// The SKU lookup: narrows on every keystroke by code, title words and barcode, best matches first.
///
/// When the query grows by a character, only the previous matches are searched again (they are
/// the only rows that can still match), so typing stays fast on 100,000 SKUs.
public struct LookupState: Sendable {
    public private(set) var query = ""
    public var cursor = ListCursor()
    /// Best matches first, at most `shown`.
    public private(set) var results: [Match] = []
    public private(set) var matchCount = 0
    private var matches: [Int] = []
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

    public mutating func type(_ character: Character) { query.append(character) }

    public mutating func deleteBackward() { if !query.isEmpty { query.removeLast() } }

    public var selectedRow: Int? { results.indices.contains(cursor.selected) ? results[cursor.selected].row : nil }

    mutating func search(in data: ConsoleData) {
        let words = query.lowercased().split(separator: " ").map { Array($0.utf8) }
        if query == searchedQuery && searchedRevision == data.revision { return }
        if searchedRevision != data.revision { earlier = [] }
        if let previous = searchedQuery, previous.hasPrefix(query), !query.isEmpty, restoreEarlier(revision: data.revision) { return }
        let candidates: [Int]
        if let previous = searchedQuery, searchedRevision == data.revision, !previous.isEmpty, query.hasPrefix(previous) {
            candidates = matches
        } else {
            candidates = Array(data.rows.indices)
        }
        searchedQuery = query
        searchedRevision = data.revision
        guard !words.isEmpty else {
            matches = candidates.count == data.rows.count ? candidates : Array(data.rows.indices)
            matchCount = matches.count
            results = matches.prefix(Self.shown).map { Match(row: $0, score: 0, codeRange: nil) }
            cursor = ListCursor()
            return
        }
        // Only the best `shown` are kept, in order, as matches arrive: a bounded insertion (most
        // matches lose to the current worst in one comparison) instead of sorting every match.
        let rows = data.rows
        func better(_ lhs: Match, _ rhs: Match) -> Bool {
            if lhs.score != rhs.score { return lhs.score > rhs.score }
            let a = rows[lhs.row].code.utf8.count, b = rows[rhs.row].code.utf8.count
            if a != b { return a < b }
            return lhs.row < rhs.row
        }
        var kept: [Int] = []
        kept.reserveCapacity(min(candidates.count, 4096))
        var best: [Match] = []
        best.reserveCapacity(Self.shown)
        data.search.score(candidates, words: words) { scored in
            kept.append(scored.row)
            let match = Match(row: scored.row, score: scored.score, codeRange: scored.codeRange)
            if best.count == Self.shown {
                guard better(match, best[best.count - 1]) else { return }
                best.removeLast()
            }
            var low = 0, high = best.count
            while low < high {
                let middle = (low + high) / 2
                if better(best[middle], match) { low = middle + 1 } else { high = middle }
            }
            best.insert(match, at: low)
        }
        matches = kept
        matchCount = kept.count
        results = best
        cursor = ListCursor()
        remember()
    }

    /// Searches already done for shorter forms of the query (same revision), so Backspace
    /// restores them instead of searching every row again.
    private var earlier: [(query: String, matches: [Int], results: [Match])] = []

    private mutating func remember() {
        while let last = earlier.last, !query.hasPrefix(last.query) || last.query == query { earlier.removeLast() }
        earlier.append((query, matches, results))
    }

    private mutating func restoreEarlier(revision: Int) -> Bool {
        while let last = earlier.last, last.query.count > query.count || !query.hasPrefix(last.query) { earlier.removeLast() }
        guard let last = earlier.last, last.query == query, searchedRevision == revision else { return false }
        matches = last.matches
        matchCount = last.matches.count
        results = last.results
        searchedQuery = query
        cursor = ListCursor()
        return true
    }
}
