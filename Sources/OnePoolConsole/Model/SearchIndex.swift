import OnePoolCore

/// The lower-cased searchable text of every SKU — code, title, then its keys (the barcode, and
/// later other identifiers such as channel listing ids) — in one contiguous buffer, so a lookup
/// keystroke scans memory in order instead of chasing a few small arrays per row. Built once per
/// catalogue change.
///
/// Invariant: with `stride = 2 + keysPerRow`, for row `r`, `offsets[stride*r] ..< offsets[stride*r+1]`
/// is its code, `..< offsets[stride*r+2]` its title, then one range per key (empty when the row has
/// none); the next row's code starts where its last key ends.
public struct SearchIndex: Sendable {
    private var bytes: [UInt8] = []
    private var offsets: [Int32] = [0]
    /// Keys per row: 1 (the barcode). A key matches like a barcode: 95 when the word is the
    /// whole key, 70 when it starts it. More keys (listing ids) widen every row by one range.
    public private(set) var keysPerRow = 1
    private var stride: Int { 2 + keysPerRow }
    /// Per row, which of a–z, 0–9 (and "anything else") occur anywhere in its text, keys
    /// included: the one-character pass answers from these alone.
    private var masks: [UInt64] = []
    /// Per row, the same over the code and title only, and a 256-bit Bloom filter of the adjacent
    /// byte pairs in them (four words a row): a word lacking one of these cannot be in the code or
    /// title, and only a key prefix is left to check — and only if `keyMasks` allows it.
    private var textMasks: [UInt64] = []
    private var textPairs: [UInt64] = []
    /// Per row, the characters of its keys (as `masks`).
    private var keyMasks: [UInt64] = []
    /// Per row, the length of its code in UTF-8 (capped at 65,535): ties in score go to the
    /// shorter code, then the earlier row.
    private var codeLengths: [UInt16] = []

    public init() {}

    /// `extraKeys[code]`: more identifiers of a SKU (its channel listing ids), matched like a
    /// barcode. Rows keep `1 + the most extra keys of any row` key ranges (at most 4).
    public init(rows: [SKURow], extraKeys: [SKUCode: [String]] = [:]) {
        keysPerRow = 1 + min(3, extraKeys.values.map(\.count).max() ?? 0)
        bytes.reserveCapacity(rows.count * 48)
        offsets.reserveCapacity(rows.count * 3 + 1)
        masks.reserveCapacity(rows.count)
        textMasks.reserveCapacity(rows.count)
        textPairs.reserveCapacity(rows.count * 4)
        keyMasks.reserveCapacity(rows.count)
        codeLengths.reserveCapacity(rows.count)
        for row in rows {
            let start = bytes.count
            Self.appendLowercased(row.code.rawValue, to: &bytes)
            let titleStart = bytes.count
            offsets.append(Int32(bytes.count))
            Self.appendLowercased(row.title, to: &bytes)
            let keysStart = bytes.count
            offsets.append(Int32(bytes.count))
            bytes.append(contentsOf: (row.barcode ?? "").utf8)
            offsets.append(Int32(bytes.count))
            if keysPerRow > 1 {
                let extra = extraKeys[row.code] ?? []
                for slot in 0..<(keysPerRow - 1) {
                    if slot < extra.count { Self.appendLowercased(extra[slot], to: &bytes) }
                    offsets.append(Int32(bytes.count))
                }
            }
            var textMask: UInt64 = 0
            var pairs: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            for index in start..<keysStart {
                textMask |= Self.bit(bytes[index])
                if index + 1 < keysStart && index + 1 != titleStart {
                    Self.addPair(bytes[index], bytes[index + 1], to: &pairs)
                }
            }
            var keyMask: UInt64 = 0
            for index in keysStart..<bytes.count { keyMask |= Self.bit(bytes[index]) }
            masks.append(textMask | keyMask)
            textMasks.append(textMask)
            keyMasks.append(keyMask)
            textPairs.append(pairs.0)
            textPairs.append(pairs.1)
            textPairs.append(pairs.2)
            textPairs.append(pairs.3)
            codeLengths.append(UInt16(min(row.code.rawValue.utf8.count, Int(UInt16.max))))
        }
        // So that `nextByte` can read eight bytes at a time up to the last field's end.
        bytes.append(contentsOf: repeatElement(0, count: 8))
    }

    /// Which of 256 bits stands for the byte pair.
    @inline(__always)
    static func pairSlot(_ first: UInt8, _ second: UInt8) -> Int {
        Int((UInt32(first) &* 31 &+ UInt32(second)) &* 2_654_435_761 >> 24)
    }

    @inline(__always)
    static func addPair(_ first: UInt8, _ second: UInt8, to pairs: inout (UInt64, UInt64, UInt64, UInt64)) {
        let slot = pairSlot(first, second)
        let bit: UInt64 = 1 << UInt64(slot & 63)
        switch slot >> 6 {
        case 0: pairs.0 |= bit
        case 1: pairs.1 |= bit
        case 2: pairs.2 |= bit
        default: pairs.3 |= bit
        }
    }

    @inline(__always)
    static func bit(_ byte: UInt8) -> UInt64 {
        if byte >= 97 && byte <= 122 { return 1 << UInt64(byte - 97) }
        if byte >= 48 && byte <= 57 { return 1 << UInt64(byte - 48 + 26) }
        return 1 << 36
    }

    public var rowCount: Int { codeLengths.count }

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

    /// What a search found: every matching row (ascending), and the best `limit` of them, best
    /// first (higher score, then shorter code, then earlier row).
    public struct Found: Sendable {
        public var rows: [Int32]
        public var best: [Scored]
    }

    /// Searches `candidates` (ascending row numbers; nil for every row) for the query words.
    /// Only the best `limit` are ranked: a bounded insertion on one integer key per match, which
    /// most matches fail in one comparison, instead of sorting every match.
    public func search(_ candidates: [Int32]?, words: [[UInt8]], limit: Int) -> Found {
        var found = Found(rows: [], best: [])
        found.rows.reserveCapacity(candidates?.count ?? rowCount)
        var top = TopRows(limit: limit)
        if words.count == 1, words[0].count == 1 {
            searchOneCharacter(candidates, words[0][0], into: &found.rows, &top)
        } else if !words.isEmpty {
            searchWords(candidates, words, into: &found.rows, &top)
        }
        found.best = top.entries
        return found
    }

    /// The best rows so far, best first, at most `limit`; `keys` orders them (smaller is better).
    private struct TopRows {
        let limit: Int
        var keys: [UInt64] = []
        var entries: [Scored] = []
        var worst = UInt64.max  // the key to beat once full

        init(limit: Int) {
            self.limit = limit
            keys.reserveCapacity(limit + 1)
            entries.reserveCapacity(limit + 1)
        }

        /// Higher score first, then shorter code, then earlier row, as one integer.
        @inline(__always)
        static func key(score: Int, codeLength: UInt16, row: Int) -> UInt64 {
            UInt64(0xFFFF - min(score, 0xFFFF)) << 48 | UInt64(codeLength) << 32
                | UInt64(UInt32(truncatingIfNeeded: row))
        }

        @inline(__always)
        mutating func offer(_ key: UInt64, _ entry: @autoclosure () -> Scored) {
            guard key < worst, limit > 0 else { return }
            if keys.count == limit {
                keys.removeLast()
                entries.removeLast()
            }
            var low = 0
            var high = keys.count
            while low < high {
                let middle = (low + high) / 2
                if keys[middle] < key { low = middle + 1 } else { high = middle }
            }
            keys.insert(key, at: low)
            entries.insert(entry(), at: low)
            if keys.count == limit { worst = keys[limit - 1] }
        }
    }

    /// Calls `body` for every candidate row, in order.
    @inline(__always)
    private func forEachCandidate(_ candidates: [Int32]?, _ body: (Int) -> Void) {
        if let candidates {
            candidates.withUnsafeBufferPointer { list in for row in list { body(Int(row)) } }
        } else {
            for row in 0..<rowCount { body(row) }
        }
    }

    /// Every word must match; a word's score is the best of its fields (see `Scored`).
    private func searchWords(_ candidates: [Int32]?, _ words: [[UInt8]], into kept: inout [Int32], _ top: inout TopRows)
    {
        struct Word {
            var bytes: [UInt8]
            var mask: UInt64 = 0
            var pairs: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        }
        var needed: UInt64 = 0
        let prepared = words.map { bytes in
            var word = Word(bytes: bytes)
            for (index, byte) in bytes.enumerated() {
                word.mask |= Self.bit(byte)
                if index + 1 < bytes.count { Self.addPair(byte, bytes[index + 1], to: &word.pairs) }
            }
            needed |= word.mask
            return word
        }
        let stride = stride
        let keysPerRow = keysPerRow
        bytes.withUnsafeBufferPointer { text in
            masks.withUnsafeBufferPointer { masks in
                textMasks.withUnsafeBufferPointer { textMasks in
                    textPairs.withUnsafeBufferPointer { textPairs in
                        keyMasks.withUnsafeBufferPointer { keyMasks in
                            offsets.withUnsafeBufferPointer { offsets in
                                codeLengths.withUnsafeBufferPointer { codeLengths in
                                    forEachCandidate(candidates) { row in
                                        guard masks[row] & needed == needed else { return }
                                        let textMask = textMasks[row]
                                        let keyMask = keyMasks[row]
                                        let pairs = (
                                            textPairs[4 * row], textPairs[4 * row + 1], textPairs[4 * row + 2],
                                            textPairs[4 * row + 3]
                                        )
                                        let base = stride * row
                                        let code = Int(offsets[base])..<Int(offsets[base + 1])
                                        var total = 0
                                        var codeRange: Range<Int>? = nil
                                        for word in prepared {
                                            // Only where the Bloom filter lets it through can the word be in the code or title.
                                            let inText =
                                                textMask & word.mask == word.mask
                                                && pairs.0 & word.pairs.0 == word.pairs.0
                                                && pairs.1 & word.pairs.1 == word.pairs.1
                                                && pairs.2 & word.pairs.2 == word.pairs.2
                                                && pairs.3 & word.pairs.3 == word.pairs.3
                                            var best = 0
                                            if inText && Self.hasPrefix(text, code, word.bytes) {
                                                best = code.count == word.bytes.count ? 100 : 90
                                                codeRange = 0..<word.bytes.count
                                            }
                                            var key = 0
                                            while best < 95 && key < keysPerRow && keyMask & word.mask == word.mask {
                                                let field = Int(offsets[base + 2 + key])..<Int(offsets[base + 3 + key])
                                                if !field.isEmpty && Self.hasPrefix(text, field, word.bytes) {
                                                    best = max(best, field.count == word.bytes.count ? 95 : 70)
                                                }
                                                key += 1
                                            }
                                            if inText && best < 60 {
                                                // One pass over the title: any occurrence scores 40, one at a word start 60.
                                                let title = code.upperBound..<Int(offsets[base + 2])
                                                best = max(best, Self.titleScore(text, title, word.bytes))
                                            }
                                            if inText && best < 50,
                                                let at = Self.find(text, code, word.bytes, atWordStart: false)
                                            {
                                                best = 50
                                                codeRange =
                                                    (at - code.lowerBound)..<(at - code.lowerBound + word.bytes.count)
                                            }
                                            if best == 0 { return }
                                            total += best
                                        }
                                        kept.append(Int32(truncatingIfNeeded: row))
                                        top.offer(
                                            TopRows.key(score: total, codeLength: codeLengths[row], row: row),
                                            Scored(row: row, score: total, codeRange: codeRange))
                                    }
                                }
                            }
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
    private func searchOneCharacter(
        _ candidates: [Int32]?, _ character: UInt8, into kept: inout [Int32], _ top: inout TopRows
    ) {
        let needed = Self.bit(character)
        let stride = stride
        bytes.withUnsafeBufferPointer { text in
            masks.withUnsafeBufferPointer { masks in
                offsets.withUnsafeBufferPointer { offsets in
                    codeLengths.withUnsafeBufferPointer { codeLengths in
                        forEachCandidate(candidates) { row in
                            guard masks[row] & needed == needed else { return }
                            let base = stride * row
                            let code = Int(offsets[base])
                            let title = Int(offsets[base + 1])
                            let barcode = Int(offsets[base + 2])
                            let barcodeEnd = Int(offsets[base + 3])
                            let end = Int(offsets[base + stride])
                            if needed == 1 << 36 {
                                // Not a letter or digit: check the bytes, the mask only says "something else".
                                var position = code
                                while position < end && text[position] != character { position += 1 }
                                if position == end { return }
                            }
                            var score = 40
                            var range: Range<Int>? = nil
                            if title > code && text[code] == character {
                                score = title - code == 1 ? 100 : 90
                                range = 0..<1
                            } else if barcodeEnd > barcode && text[barcode] == character {
                                score = 70
                            }
                            kept.append(Int32(truncatingIfNeeded: row))
                            top.offer(
                                TopRows.key(score: score, codeLength: codeLengths[row], row: row),
                                Scored(row: row, score: score, codeRange: range))
                        }
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
        while true {
            position = nextByte(text, first, from: position, through: last)
            guard position <= last else { return best }
            var offset = 1
            while offset < word.count && text[position + offset] == word[offset] { offset += 1 }
            if offset == word.count {
                if position == field.lowerBound || !isWordByte(text[position - 1]) { return 60 }
                best = 40
            }
            position += 1
        }
    }

    /// The first position from `start` through `last` holding `byte`, or `last + 1`: eight bytes
    /// at a time (a zero byte of `chunk ^ byte×8`; the lowest flag is exact) while eight can be read.
    @inline(__always)
    private static func nextByte(_ text: UnsafeBufferPointer<UInt8>, _ byte: UInt8, from start: Int, through last: Int)
        -> Int
    {
        var position = start
        if let base = text.baseAddress {
            let pattern = UInt64(byte) &* 0x0101_0101_0101_0101
            let raw = UnsafeRawPointer(base)
            while position <= last && position + 8 <= text.count {
                let chunk = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt64.self)) ^ pattern
                let zero = (chunk &- 0x0101_0101_0101_0101) & ~chunk & 0x8080_8080_8080_8080
                if zero != 0 { return min(position + zero.trailingZeroBitCount >> 3, last + 1) }
                position += 8
            }
        }
        while position <= last && text[position] != byte { position += 1 }
        return min(position, last + 1)
    }

    /// The stock pane's text filter: the needle inside the code or title, or starting the barcode.
    public func filterMatches(row: Int, needle: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { text in
            let base = stride * row
            let code = Int(offsets[base])..<Int(offsets[base + 1])
            let title = code.upperBound..<Int(offsets[base + 2])
            let barcode = title.upperBound..<Int(offsets[base + 3])
            return Self.find(text, code, needle, atWordStart: false) != nil
                || Self.find(text, title, needle, atWordStart: false) != nil
                || Self.hasPrefix(text, barcode, needle)
        }
    }

    /// Orders two rows by lower-cased title (byte order).
    public func titleLess(_ lhs: Int, _ rhs: Int) -> Bool? {
        bytes.withUnsafeBufferPointer { text in
            let a = Int(offsets[stride * lhs + 1])..<Int(offsets[stride * lhs + 2])
            let b = Int(offsets[stride * rhs + 1])..<Int(offsets[stride * rhs + 2])
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
    private static func find(
        _ text: UnsafeBufferPointer<UInt8>, _ field: Range<Int>, _ word: [UInt8], atWordStart: Bool
    ) -> Int? {
        guard let first = word.first, word.count <= field.count else { return nil }
        var position = field.lowerBound
        let last = field.upperBound - word.count
        while true {
            position = nextByte(text, first, from: position, through: last)
            guard position <= last else { return nil }
            if !atWordStart || position == field.lowerBound || !isWordByte(text[position - 1]) {
                var offset = 1
                while offset < word.count && text[position + offset] == word[offset] { offset += 1 }
                if offset == word.count { return position }
            }
            position += 1
        }
    }
}
