import OnePoolCore

/// The line on which each of many names was first seen in a file, kept as a 64-bit digest of
/// the name and a 32-bit line — 12 bytes a slot, in one array (a lookup touches one place in
/// memory), at most three quarters of the slots used: what a file streamed row by row remembers
/// to refuse an order or a line that comes twice, without keeping the names themselves. Two
/// different names share a digest about once in 10^19 pairs.
struct FirstLines {
    /// Slot `i` is words `3i` (the digest's low half), `3i + 1` (its high half), `3i + 2` (the
    /// line). An all-zero digest marks an empty slot.
    private var words: [UInt32] = []
    private var mask = 0
    private(set) var count = 0

    /// The digest of a name, as its UTF-8 bytes hash (0 is kept for empty slots).
    static func digest(_ name: String) -> UInt64 {
        let digest = IdempotencyDigest(key: name).high
        return digest == 0 ? 1 : digest
    }

    /// Records `line` for `digest` unless it was seen: then returns the line it was first seen on.
    mutating func firstLine(of digest: UInt64, recording line: Int) -> Int? {
        if (count + 1) * 4 > (mask + 1) * 3 { grow() }
        let mask = mask
        let found: Int? = words.withUnsafeMutableBufferPointer { words in
            var index = Int(truncatingIfNeeded: digest) & mask
            while true {
                let slot = Self.digest(at: index, in: UnsafeBufferPointer(words))
                if slot == digest { return Int(words[3 * index + 2]) }
                if slot == 0 { break }
                index = (index + 1) & mask
            }
            words[3 * index] = UInt32(truncatingIfNeeded: digest)
            words[3 * index + 1] = UInt32(truncatingIfNeeded: digest >> 32)
            words[3 * index + 2] = UInt32(clamping: line)
            return nil
        }
        if found == nil { count += 1 }
        return found
    }

    /// Whether `digest` was seen, and on which line first.
    func firstLine(of digest: UInt64) -> Int? {
        guard mask != 0 else { return nil }
        return words.withUnsafeBufferPointer { words in
            var index = Int(truncatingIfNeeded: digest) & mask
            while true {
                let slot = Self.digest(at: index, in: words)
                if slot == digest { return Int(words[3 * index + 2]) }
                if slot == 0 { return nil }
                index = (index + 1) & mask
            }
        }
    }

    /// Bytes held (for the benchmarks' memory accounting).
    var bytes: Int { words.count * 4 }

    private static func digest(at index: Int, in words: UnsafeBufferPointer<UInt32>) -> UInt64 {
        UInt64(words[3 * index + 1]) << 32 | UInt64(words[3 * index])
    }

    private mutating func grow() {
        let capacity = max(1024, (mask + 1) * 2)
        let old = words
        let oldSlots = mask == 0 ? 0 : mask + 1
        words = [UInt32](repeating: 0, count: capacity * 3)
        mask = capacity - 1
        let mask = mask
        old.withUnsafeBufferPointer { old in
            words.withUnsafeMutableBufferPointer { words in
                for slot in 0..<oldSlots {
                    let digest = Self.digest(at: slot, in: old)
                    guard digest != 0 else { continue }
                    var index = Int(truncatingIfNeeded: digest) & mask
                    while words[3 * index] != 0 || words[3 * index + 1] != 0 { index = (index + 1) & mask }
                    words[3 * index] = old[3 * slot]
                    words[3 * index + 1] = old[3 * slot + 1]
                    words[3 * index + 2] = old[3 * slot + 2]
                }
            }
        }
    }
}
