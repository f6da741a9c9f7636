/// A 128-bit digest of an idempotency key. Two independent 64-bit hashes over the key's UTF-8
/// bytes: a collision among a few million keys is about as likely as a disk flipping a bit
/// unnoticed by its checksum, and 16 bytes per key keep a million keys in 16 MB.
public struct IdempotencyDigest: Hashable, Comparable, Sendable {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Stable across runs and machines (unlike Swift's seeded `Hasher`): it is stored on disk.
    public init(key: String) {
        var copy = key
        self = copy.withUTF8 { Self(utf8: UnsafeRawBufferPointer($0)) }
    }

    /// The digest of a key given as its UTF-8 bytes (as the journal stores it), without making a
    /// `String` first: the same value as `init(key:)` for the same bytes.
    public init(utf8 bytes: UnsafeRawBufferPointer) {
        var fnv: UInt64 = 0xcbf2_9ce4_8422_2325
        var mix: UInt64 = 0x9e37_79b9_7f4a_7c15
        for byte in bytes {
            fnv = (fnv ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            mix = (mix &+ UInt64(byte)) &* 0xff51_afd7_ed55_8ccd
            mix ^= mix >> 29
        }
        high = Self.finalize(fnv ^ UInt64(bytes.count))
        low = Self.finalize(mix &+ 0x632b_e59b_d9b4_e019)
    }

    private static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }
}

/// An open-addressing hash set of digests. The digests are already uniformly mixed 64-bit
/// values, so the low word is the hash: no SipHash per lookup. Linear probing, load ≤ 1/2,
/// (0, 0) marks an empty slot (a real all-zero digest is kept in a flag).
public struct DigestSet: Sendable {
    private var slots: [UInt64] = []   // pairs: high, low
    private var mask = 0
    public private(set) var count = 0
    private var hasZero = false

    public init() {}

    public func contains(_ digest: IdempotencyDigest) -> Bool {
        if digest.high == 0 && digest.low == 0 { return hasZero }
        guard mask != 0 else { return false }
        return slots.withUnsafeBufferPointer { buffer in
            var index = Int(truncatingIfNeeded: digest.low) & mask
            while true {
                let high = buffer[2 * index], low = buffer[2 * index + 1]
                if high == digest.high && low == digest.low { return true }
                if high == 0 && low == 0 { return false }
                index = (index + 1) & mask
            }
        }
    }

    /// Reads the slot a lookup of `digest` starts at and returns a value to discard. With a
    /// million keys the table is far larger than the cache, so each lookup misses it; touching
    /// the slots of many keys in a row lets those misses overlap instead of coming one by one.
    public func touch(_ digest: IdempotencyDigest) -> UInt64 {
        guard mask != 0 else { return 0 }
        return slots.withUnsafeBufferPointer { $0[2 * (Int(truncatingIfNeeded: digest.low) & mask)] }
    }

    /// Returns false if the digest was already present.
    @discardableResult
    public mutating func insert(_ digest: IdempotencyDigest) -> Bool {
        if digest.high == 0 && digest.low == 0 {
            if hasZero { return false }
            hasZero = true
            count += 1
            return true
        }
        if (count + 1) * 2 > mask + 1 { grow() }
        let inserted = slots.withUnsafeMutableBufferPointer { buffer in
            var index = Int(truncatingIfNeeded: digest.low) & mask
            while true {
                let high = buffer[2 * index], low = buffer[2 * index + 1]
                if high == digest.high && low == digest.low { return false }
                if high == 0 && low == 0 {
                    buffer[2 * index] = digest.high
                    buffer[2 * index + 1] = digest.low
                    return true
                }
                index = (index + 1) & mask
            }
        }
        if inserted { count += 1 }
        return inserted
    }

    public mutating func reserveCapacity(_ wanted: Int) {
        var capacity = max(16, mask + 1)
        while wanted * 2 > capacity { capacity *= 2 }
        if capacity != mask + 1 { rehash(capacity) }
    }

    private mutating func grow() { rehash(max(16, (mask + 1) * 2)) }

    private mutating func rehash(_ capacity: Int) {
        let old = slots
        slots = [UInt64](repeating: 0, count: 2 * capacity)
        mask = capacity - 1
        slots.withUnsafeMutableBufferPointer { buffer in
            for pair in 0..<(old.count / 2) {
                let high = old[2 * pair], low = old[2 * pair + 1]
                if high == 0 && low == 0 { continue }
                var index = Int(truncatingIfNeeded: low) & mask
                while buffer[2 * index] != 0 || buffer[2 * index + 1] != 0 { index = (index + 1) & mask }
                buffer[2 * index] = high
                buffer[2 * index + 1] = low
            }
        }
    }

    public func sortedElements() -> [IdempotencyDigest] {
        var result: [IdempotencyDigest] = []
        result.reserveCapacity(count)
        if hasZero { result.append(IdempotencyDigest(high: 0, low: 0)) }
        for pair in 0..<(slots.count / 2) where slots[2 * pair] != 0 || slots[2 * pair + 1] != 0 {
            result.append(IdempotencyDigest(high: slots[2 * pair], low: slots[2 * pair + 1]))
        }
        result.sort()
        return result
    }

    public var isEmpty: Bool { count == 0 }
}

/// The set of idempotency keys a store has seen.
///
/// Keys loaded from a snapshot stay in one sorted array (loading is a copy, not a million
/// hash insertions); keys seen since go into a hash set. Invariant: `sorted` is strictly ascending.
public struct IdempotencyIndex: Sendable {
    public private(set) var sorted: [IdempotencyDigest] {
        didSet { runs = SortedRuns(sorted) }
    }
    /// Where to look in `sorted`, so a lookup is not a binary search of the whole array.
    private var runs: SortedRuns
    private var recent: DigestSet

    public init(sorted: [IdempotencyDigest] = []) {
        self.sorted = sorted
        self.runs = SortedRuns(sorted)
        self.recent = DigestSet()
    }

    public var count: Int { sorted.count + recent.count }

    public func contains(_ digest: IdempotencyDigest) -> Bool {
        recent.contains(digest) || sortedContains(digest)
    }

    public func contains(key: String) -> Bool { contains(IdempotencyDigest(key: key)) }

    /// See `DigestSet.touch`: warms the cache for a coming `insert` of `digest`.
    public func touch(_ digest: IdempotencyDigest) -> UInt64 { recent.touch(digest) }

    /// Returns false if the digest was already present.
    @discardableResult
    public mutating func insert(_ digest: IdempotencyDigest) -> Bool {
        if sortedContains(digest) { return false }
        return recent.insert(digest)
    }

    /// Moves the recent keys into the sorted run (after a snapshot has sorted them anyway).
    public mutating func compact(sorted all: [IdempotencyDigest]) {
        sorted = all
        recent = DigestSet()
    }

    /// All digests in ascending order (what a snapshot stores).
    public func allSorted() -> [IdempotencyDigest] {
        if recent.isEmpty { return sorted }
        let fresh = recent.sortedElements()
        var merged: [IdempotencyDigest] = []
        merged.reserveCapacity(sorted.count + fresh.count)
        var i = 0, j = 0
        while i < sorted.count && j < fresh.count {
            if sorted[i] < fresh[j] { merged.append(sorted[i]); i += 1 } else { merged.append(fresh[j]); j += 1 }
        }
        merged.append(contentsOf: sorted[i...])
        merged.append(contentsOf: fresh[j...])
        return merged
    }

    private func sortedContains(_ digest: IdempotencyDigest) -> Bool {
        guard !sorted.isEmpty else { return false }
        var (low, high) = runs.range(of: digest)
        while low < high {
            let middle = (low + high) / 2
            let value = sorted[middle]
            if value == digest { return true }
            if value < digest { low = middle + 1 } else { high = middle }
        }
        return false
    }
}

/// The runs of a sorted digest array that share the leading bits of `high`, about eight digests
/// each. Digests are uniformly spread, so finding a run is arithmetic and searching it touches a
/// cache line or two: with a million keys loaded from a snapshot, a binary search of the whole
/// array cost some twenty cache misses on every commit and every replayed event.
struct SortedRuns: Sendable {
    /// `starts[r]` is the first index whose digest's run is `r` or later; one extra at the end.
    private let starts: [Int]
    private let shift: UInt64

    init(_ sorted: [IdempotencyDigest]) {
        var bits = 0
        while bits < 40 && (1 << (bits + 3)) < sorted.count { bits += 1 }
        shift = UInt64(64 - bits)
        var starts = [Int](repeating: 0, count: (1 << bits) + 1)
        var index = 0
        for run in starts.indices {
            while index < sorted.count && Int(sorted[index].high >> shift) < run { index += 1 }
            starts[run] = index
        }
        self.starts = starts
    }

    /// The index range of `sorted` where `digest` would be.
    func range(of digest: IdempotencyDigest) -> (Int, Int) {
        let run = Int(digest.high >> shift)
        return (starts[run], starts[run + 1])
    }
}
