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
        var scored: [Match] = []
        scored.reserveCapacity(min(candidates.count, 4096))
        var kept: [Int] = []
        kept.reserveCapacity(min(candidates.count, 4096))
        for index in candidates {
            if let match = Self.score(data.rows[index], row: index, words: words) {
                kept.append(index)
                scored.append(match)
            }
        }
        matches = kept
        matchCount = kept.count
        // Only the best `shown` are ordered: a partial selection would do, but sorting the
        // matches (usually few after two keystrokes) is simpler and fast enough.
        scored.sort { lhs, rhs in
            if lhs.score != rhs.score { return lhs.score > rhs.score }
            let a = data.rows[lhs.row].code, b = data.rows[rhs.row].code
            if a.utf8.count != b.utf8.count { return a.utf8.count < b.utf8.count }
            return lhs.row < rhs.row
        }
        results = Array(scored.prefix(Self.shown))
        cursor = ListCursor()
    }

    /// How well a row matches every word of the query (nil: it does not).
    static func score(_ row: SKURow, row index: Int, words: [[UInt8]]) -> Match? {
        var total = 0
        var codeRange: Range<Int>? = nil
        for word in words {
            var best = 0
            if row.searchCode == word {
                best = 100
            } else if ByteSearch.hasPrefix(row.searchCode, word) {
                best = 90
            }
            if best > 0 { codeRange = 0..<word.count }
            if !row.searchBarcode.isEmpty {
                if row.searchBarcode == word { best = max(best, 95) } else if ByteSearch.hasPrefix(row.searchBarcode, word) { best = max(best, 70) }
            }
            if best < 60, row.searchTitleWords.contains(where: { ByteSearch.hasPrefix($0, word) }) { best = 60 }
            if best < 50, let at = ByteSearch.firstIndex(row.searchCode, word) {
                best = 50
                codeRange = at..<(at + word.count)
            }
            if best < 40, row.searchTitleWords.contains(where: { ByteSearch.contains($0, word) }) { best = 40 }
            if best == 0 { return nil }
            total += best
        }
        return Match(row: index, score: total, codeRange: codeRange)
    }
}
