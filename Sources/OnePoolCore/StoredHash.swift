/// Hashing for keys that work out their hash once, when they are made: `SKUCode`, `OrderLineID`.
///
/// Every order event the fold applies looks up its SKU's pool and its open line in a dictionary.
/// Swift's default hashing runs a seeded SipHash over the key's text at each lookup; a key that
/// keeps the hash of its text (made with `Hasher`, so still seeded per process) only has to be
/// spread over the table's buckets. `Dictionary` and `Set` ask a key for that through
/// `_rawHashValue(seed:)`, a requirement of `Hashable` that the standard library's own integer
/// types implement the same way: without a `Hasher`. `hash(into:)` still feeds a `Hasher` (the
/// stored hash) for every other use.
///
/// Equality stays on the text: two keys with the same stored hash but different text are
/// different keys (a collision costs a probe, never a merge).
public enum StoredHash {
    /// Swift's hash of `text` in this process (seeded): what a key stores.
    @inlinable public static func of(_ text: String) -> Int {
        var hasher = Hasher()
        hasher.combine(text)
        return hasher.finalize()
    }

    /// A stored hash spread for a table with per-table `seed`: every bit of both reaches the low
    /// bits the table keeps, so tables of different sizes or seeds order their keys differently
    /// (copying one into another never lines keys up into long runs). A bijection of `stored`
    /// for each seed, so distinct stored hashes stay distinct.
    @inlinable @inline(__always)
    public static func raw(_ stored: Int, seed: Int) -> Int {
        var bits = UInt64(truncatingIfNeeded: stored) ^ (UInt64(truncatingIfNeeded: seed) &* 0x9e37_79b9_7f4a_7c15)
        bits = (bits ^ (bits &>> 32)) &* 0xd6e8_feb8_6659_fd93
        bits = (bits ^ (bits &>> 32)) &* 0xd6e8_feb8_6659_fd93
        return Int(truncatingIfNeeded: bits ^ (bits &>> 32))
    }
}
