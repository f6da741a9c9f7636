/// The lower-cased searchable text of every SKU — code, title, barcode — in one contiguous
/// buffer, so a lookup keystroke scans memory in order instead of chasing a few small arrays
/// per row. Built once per catalogue change.
///
/// Invariant: for row `r`, `offsets[3r] ..< offsets[3r+1]` is its code, `..< offsets[3r+2]` its
/// title, `..< offsets[3r+3]` its barcode (the next row's code starts there).
public struct SearchIndex: Sendable {
    private var bytes: [UInt8] = []
    private var offsets: [Int32] = [0]
    /// Per row, which of a–z, 0–9 (and "anything else") occur in its text: a row lacking one of
    /// a word's characters is skipped without looking at its bytes.
    private var masks: [UInt64] = []
    /// Per row, a 128-bit Bloom filter of the adjacent byte pairs in its fields: a word whose
    /// pairs are not all present cannot occur, so most rows are skipped after two keystrokes.
    private var pairs: [UInt64] = []

    public init() {}

    public init(rows: [SKURow]) {
        bytes.reserveCapacity(rows.count * 48)
        offsets.reserveCapacity(rows.count * 3 + 1)
        masks.reserveCapacity(rows.count)
        pairs.reserveCapacity(rows.count * 2)
        for row in rows {
            let start = bytes.count
            Self.appendLowercased(row.code, to: &bytes)
            let titleStart = bytes.count
            offsets.append(Int32(bytes.count))
            Self.appendLowercased(row.title, to: &bytes)
            let barcodeStart = bytes.count
            offsets.append(Int32(bytes.count))
            bytes.append(contentsOf: (row.barcode ?? "").utf8)
            offsets.append(Int32(bytes.count))
            var mask: UInt64 = 0
            var low: UInt64 = 0, high: UInt64 = 0
            for index in start..<bytes.count {
                mask |= Self.bit(bytes[index])
                if index + 1 < bytes.count && index + 1 != titleStart && index + 1 != barcodeStart {
                    let slot = Self.pairSlot(bytes[index], bytes[index + 1])
                    if slot < 64 { low |= 1 << UInt64(slot) } else { high |= 1 << UInt64(slot - 64) }
                }
            }
            masks.append(mask)
            pairs.append(low)
            pairs.append(high)
        }
    }

    @inline(__always)
    static func pairSlot(_ first: UInt8, _ second: UInt8) -> Int {
        Int((UInt32(first) &* 31 &+ UInt32(second)) &* 2_654_435_761 >> 25)
    }

    @inline(__always)
    static func bit(_ byte: UInt8) -> UInt64 {
        if byte >= 97 && byte <= 122 { return 1 << UInt64(byte - 97) }
        if byte >= 48 && byte <= 57 { return 1 << UInt64(byte - 48 + 26) }
        return 1 << 36
    }

    public var rowCount: Int { (offsets.count - 1) / 3 }

    private static func appendLowercased(_ text: String, to bytes: inout [UInt8]) {
        let utf8 = text.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            for byte in utf8 { bytes.append(byte >= 65 && byte <= 90 ? byte + 32 : byte) }
        } else {
            bytes.append(contentsOf: text.lowercased().utf8)
        }
    }

    /// A match's score: 100 exact code, 95 exact barcode, 90 code prefix, 70 barcode prefix,
    /// 60 title word prefix, 50 inside the code, 40 inside the title; summed over the query's
    /// words (every word must match). `codeRange` is where the code matched, for highlighting.
    public struct Scored: Sendable {
        public var row: Int
        public var score: Int
        public var codeRange: Range<Int>?
    }

    /// Scores `candidates` (row numbers) against the query words, calling `found` for each match.
    public func score(_ candidates: some Sequence<Int>, words: [[UInt8]], found: (Scored) -> Void) {
        var needed: UInt64 = 0
        var neededLow: UInt64 = 0, neededHigh: UInt64 = 0
        for word in words {
            for (index, byte) in word.enumerated() {
                needed |= Self.bit(byte)
                if index + 1 < word.count {
                    let slot = Self.pairSlot(byte, word[index + 1])
                    if slot < 64 { neededLow |= 1 << UInt64(slot) } else { neededHigh |= 1 << UInt64(slot - 64) }
                }
            }
        }
        if words.count == 1, words[0].count == 1 {
            return scoreOneCharacter(candidates, words[0][0], found: found)
        }
        bytes.withUnsafeBufferPointer { text in
            masks.withUnsafeBufferPointer { masks in
            pairs.withUnsafeBufferPointer { pairs in
            offsets.withUnsafeBufferPointer { offsets in
                for row in candidates
                where masks[row] & needed == needed && pairs[2 * row] & neededLow == neededLow
                    && pairs[2 * row + 1] & neededHigh == neededHigh
                {
                    let code = Int(offsets[3 * row])..<Int(offsets[3 * row + 1])
                    let title = code.upperBound..<Int(offsets[3 * row + 2])
                    let barcode = title.upperBound..<Int(offsets[3 * row + 3])
                    var total = 0
                    var codeRange: Range<Int>? = nil
                    var matched = true
                    for word in words {
                        var best = 0
                        if Self.hasPrefix(text, code, word) {
                            best = code.count == word.count ? 100 : 90
                            codeRange = 0..<word.count
                        }
                        if !barcode.isEmpty && best < 95 && Self.hasPrefix(text, barcode, word) {
                            best = max(best, barcode.count == word.count ? 95 : 70)
                        }
                        if best < 60 {
                            // One pass over the title: any occurrence scores 40, one at a word start 60.
                            best = max(best, Self.titleScore(text, title, word))
                        }
                        if best < 50, let at = Self.find(text, code, word, atWordStart: false) {
                            best = 50
                            codeRange = (at - code.lowerBound)..<(at - code.lowerBound + word.count)
                        }
                        if best == 0 {
                            matched = false
                            break
                        }
                        total += best
                    }
                    if matched { found(Scored(row: row, score: total, codeRange: codeRange)) }
                }
            }
            }
            }
        }
    }

    /// A one-character query, typed first on every lookup, would match almost every row; it is
    /// answered from the character masks alone: code prefix 90 (exact 100), barcode prefix 70,
    /// anywhere else 40. The rows kept are a superset of what the full scorer keeps, so the next
    /// keystroke still narrows correctly from them.
    private func scoreOneCharacter(_ candidates: some Sequence<Int>, _ character: UInt8, found: (Scored) -> Void) {
        let needed = Self.bit(character)
        bytes.withUnsafeBufferPointer { text in
            masks.withUnsafeBufferPointer { masks in
                offsets.withUnsafeBufferPointer { offsets in
                    for row in candidates where masks[row] & needed == needed {
                        let code = Int(offsets[3 * row]), title = Int(offsets[3 * row + 1])
                        let barcode = Int(offsets[3 * row + 2]), end = Int(offsets[3 * row + 3])
                        if needed == 1 << 36 {
                            // Not a letter or digit: check the bytes, the mask only says "something else".
                            guard (code..<end).contains(where: { text[$0] == character }) else { continue }
                        }
                        var score = 40
                        var range: Range<Int>? = nil
                        if title > code && text[code] == character {
                            score = title - code == 1 ? 100 : 90
                            range = 0..<1
                        } else if end > barcode && text[barcode] == character {
                            score = 70
                        }
                        found(Scored(row: row, score: score, codeRange: range))
                    }
                }
            }
        }
    }

    /// 60 if `word` starts a word of the title, 40 if it only occurs inside one, else 0.
    @inline(__always)
    private static func titleScore(_ text: UnsafeBufferPointer<UInt8>, _ field: Range<Int>, _ word: [UInt8]) -> Int {
        guard let first = word.first, word.count <= field.count else { return 0 }
        var best = 0
        var position = field.lowerBound
        let last = field.upperBound - word.count
        while position <= last {
            if text[position] == first {
                var offset = 1
                while offset < word.count && text[position + offset] == word[offset] { offset += 1 }
                if offset == word.count {
                    if position == field.lowerBound || !isWordByte(text[position - 1]) { return 60 }
                    best = 40
                }
            }
            position += 1
        }
        return best
    }

    /// The stock pane's text filter: the needle inside the code or title, or starting the barcode.
    public func filterMatches(row: Int, needle: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { text in
            let code = Int(offsets[3 * row])..<Int(offsets[3 * row + 1])
            let title = code.upperBound..<Int(offsets[3 * row + 2])
            let barcode = title.upperBound..<Int(offsets[3 * row + 3])
            return Self.find(text, code, needle, atWordStart: false) != nil
                || Self.find(text, title, needle, atWordStart: false) != nil
                || Self.hasPrefix(text, barcode, needle)
        }
    }

    /// Orders two rows by lower-cased title (byte order).
    public func titleLess(_ lhs: Int, _ rhs: Int) -> Bool? {
        bytes.withUnsafeBufferPointer { text in
            let a = Int(offsets[3 * lhs + 1])..<Int(offsets[3 * lhs + 2])
            let b = Int(offsets[3 * rhs + 1])..<Int(offsets[3 * rhs + 2])
            let count = min(a.count, b.count)
            for offset in 0..<count where text[a.lowerBound + offset] != text[b.lowerBound + offset] {
                return text[a.lowerBound + offset] < text[b.lowerBound + offset]
            }
            return a.count == b.count ? nil : a.count < b.count
        }
    }

    // MARK: - Byte matching

    @inline(__always)
    private static func hasPrefix(_ text: UnsafeBufferPointer<UInt8>, _ field: Range<Int>, _ word: [UInt8]) -> Bool {
        guard word.count <= field.count else { return false }
        for (offset, byte) in word.enumerated() where text[field.lowerBound + offset] != byte { return false }
        return true
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte >= 0x80
    }

    /// Where `word` occurs in the field (at a word start if asked), or nil.
    @inline(__always)
    private static func find(_ text: UnsafeBufferPointer<UInt8>, _ field: Range<Int>, _ word: [UInt8], atWordStart: Bool) -> Int? {
        guard let first = word.first, word.count <= field.count else { return nil }
        var position = field.lowerBound
        let last = field.upperBound - word.count
        while position <= last {
            if text[position] == first && (!atWordStart || position == field.lowerBound || !isWordByte(text[position - 1])) {
                var offset = 1
                while offset < word.count && text[position + offset] == word[offset] { offset += 1 }
                if offset == word.count { return position }
            }
            position += 1
        }
        return nil
    }
}
