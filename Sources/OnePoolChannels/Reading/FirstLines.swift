import OnePoolCore

/// The line on which each of many names was first seen in a file, kept as a 64-bit digest of
/// the name and a 32-bit line (12 bytes a slot, at most half the slots used): what a file
/// streamed row by row remembers to refuse an order or a line that comes twice, without keeping
/// the names themselves. Two different names share a digest about once in 10^19 pairs.
struct FirstLines {
    private var digests: [UInt64] = []
    private var lines: [UInt32] = []
    private var mask = 0
    private(set) var count = 0

    /// The digest of a name, as its UTF-8 bytes hash (0 is kept for empty slots).
    static func digest(_ name: String) -> UInt64 {
        let digest = IdempotencyDigest(key: name).high
        return digest == 0 ? 1 : digest
    }

    /// Records `line` for `digest` unless it was seen: then returns the line it was first seen on.
    mutating func firstLine(of digest: UInt64, recording line: Int) -> Int? {
        if (count + 1) * 2 > mask + 1 { grow() }
        var index = Int(truncatingIfNeeded: digest) & mask
        while digests[index] != 0 {
            if digests[index] == digest { return Int(lines[index]) }
            index = (index + 1) & mask
        }
        digests[index] = digest
        lines[index] = UInt32(clamping: line)
        count += 1
        return nil
    }

    /// Whether `digest` was seen, and on which line first.
    func firstLine(of digest: UInt64) -> Int? {
        guard mask != 0 else { return nil }
        var index = Int(truncatingIfNeeded: digest) & mask
        while digests[index] != 0 {
            if digests[index] == digest { return Int(lines[index]) }
            index = (index + 1) & mask
        }
        return nil
    }

    /// Bytes held (for the benchmarks' memory accounting).
    var bytes: Int { digests.count * 12 }

    private mutating func grow() {
        let capacity = max(1024, (mask + 1) * 2)
        let oldDigests = digests
        let oldLines = lines
        digests = [UInt64](repeating: 0, count: capacity)
        lines = [UInt32](repeating: 0, count: capacity)
        mask = capacity - 1
        for (slot, digest) in oldDigests.enumerated() where digest != 0 {
            var index = Int(truncatingIfNeeded: digest) & mask
            while digests[index] != 0 { index = (index + 1) & mask }
            digests[index] = digest
            lines[index] = oldLines[slot]
        }
    }
}
