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
        var fnv: UInt64 = 0xcbf2_9ce4_8422_2325
        var mix: UInt64 = 0x9e37_79b9_7f4a_7c15
        for byte in key.utf8 {
            fnv = (fnv ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            mix = (mix &+ UInt64(byte)) &* 0xff51_afd7_ed55_8ccd
            mix ^= mix >> 29
        }
        high = Self.finalize(fnv ^ UInt64(key.utf8.count))
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

/// The set of idempotency keys a store has seen.
///
/// Keys loaded from a snapshot stay in one sorted array (loading is a copy, not a million
/// hash insertions); keys seen since go into a hash set. Invariant: `sorted` is strictly ascending.
public struct IdempotencyIndex: Sendable {
    public private(set) var sorted: [IdempotencyDigest]
    private var recent: Set<IdempotencyDigest>

    public init(sorted: [IdempotencyDigest] = []) {
        self.sorted = sorted
        self.recent = []
    }

    public var count: Int { sorted.count + recent.count }

    public func contains(_ digest: IdempotencyDigest) -> Bool {
        recent.contains(digest) || sortedContains(digest)
    }

    public func contains(key: String) -> Bool { contains(IdempotencyDigest(key: key)) }

    /// Returns false if the digest was already present.
    @discardableResult
    public mutating func insert(_ digest: IdempotencyDigest) -> Bool {
        if sortedContains(digest) { return false }
        return recent.insert(digest).inserted
    }

    /// All digests in ascending order (what a snapshot stores).
    public func allSorted() -> [IdempotencyDigest] {
        if recent.isEmpty { return sorted }
        let fresh = recent.sorted()
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
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            let value = sorted[middle]
            if value == digest { return true }
            if value < digest { low = middle + 1 } else { high = middle }
        }
        return false
    }
}
