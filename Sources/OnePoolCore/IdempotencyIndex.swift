/// A 96-bit digest of an idempotency key: two independent 64-bit hashes over the key's UTF-8
/// bytes, of which the first and the low half of the second are kept. A collision among ten
/// million keys is about as likely as 1 in 10^15; 96 bits leave room in a 16-byte entry for the
/// digest of the key's facts (`FactDigest`), so the index costs what it did before facts.
public struct IdempotencyDigest: Hashable, Comparable, Sendable {
    public var high: UInt64
    public var low: UInt32

    public init(high: UInt64, low: UInt32) {
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
        let hashed = Self.hashing(bytes)
        self.init(hashed, count: bytes.count)
    }

    /// `init(utf8:)` of bytes that are all ASCII; nil if one is not. Replay digests keys from
    /// the journal's bytes only when they are what the key's `String` keeps (ASCII), and this
    /// checks that in the pass that hashes them rather than in a pass of its own.
    public init?(asciiUTF8 bytes: UnsafeRawBufferPointer) {
        let hashed = Self.hashing(bytes)
        guard hashed.seen & 0x80 == 0 else { return nil }
        self.init(hashed, count: bytes.count)
    }

    private init(_ hashed: (fnv: UInt64, mix: UInt64, seen: UInt8), count: Int) {
        high = Self.finalize(hashed.fnv ^ UInt64(count))
        low = UInt32(truncatingIfNeeded: Self.finalize(hashed.mix &+ 0x632b_e59b_d9b4_e019))
    }

    /// The two running hashes over `bytes` (the stored format: FNV-1a, and a multiply-xorshift
    /// mix), and the OR of the bytes. Four bytes a step: the hashes still take one byte at a
    /// time, in order, but the loop's own counting is paid once per four.
    @inline(__always)
    private static func hashing(_ bytes: UnsafeRawBufferPointer) -> (fnv: UInt64, mix: UInt64, seen: UInt8) {
        var fnv: UInt64 = 0xcbf2_9ce4_8422_2325
        var mix: UInt64 = 0x9e37_79b9_7f4a_7c15
        var seen: UInt8 = 0
        guard let start = bytes.baseAddress else { return (fnv, mix, seen) }
        @inline(__always)
        func take(_ byte: UInt8) {
            fnv = (fnv ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            mix = (mix &+ UInt64(byte)) &* 0xff51_afd7_ed55_8ccd
            mix ^= mix >> 29
        }
        let count = bytes.count
        var at = 0
        while count &- at >= 4 {
            let b0 = start.load(fromByteOffset: at, as: UInt8.self)
            let b1 = start.load(fromByteOffset: at &+ 1, as: UInt8.self)
            let b2 = start.load(fromByteOffset: at &+ 2, as: UInt8.self)
            let b3 = start.load(fromByteOffset: at &+ 3, as: UInt8.self)
            seen |= b0 | b1 | b2 | b3
            take(b0)
            take(b1)
            take(b2)
            take(b3)
            at &+= 4
        }
        while at < count {
            let byte = start.load(fromByteOffset: at, as: UInt8.self)
            seen |= byte
            take(byte)
            at &+= 1
        }
        return (fnv, mix, seen)
    }

    /// A digest as snapshots before format 3 stored it (128 bits): its low word's low half is
    /// what `init(key:)` keeps now, so old and new digests of one key are equal.
    public init(high: UInt64, wideLow: UInt64) {
        self.init(high: high, low: UInt32(truncatingIfNeeded: wideLow))
    }

    static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }

    var isZero: Bool { high == 0 && low == 0 }
}

/// A 32-bit digest of what a keyed fact said — for an order line, its SKU, quantity and unit
/// price — kept beside the key, so that the same line reported again with other facts is seen
/// as changed (an amendment) rather than as "already recorded".
///
/// `unknown` (0) is what keys from before fact digests carry (snapshot formats 1 and 2), and
/// what keys whose facts are not compared (cancellations, shipments, counts) carry. A real
/// digest is never 0. Two different versions of a line share a digest once in 4 billion.
public struct FactDigest: Hashable, Sendable, CustomStringConvertible {
    public var value: UInt32

    public init(value: UInt32) { self.value = value }

    public static let unknown = FactDigest(value: 0)

    public var isKnown: Bool { value != 0 }

    /// Hashes the UTF-8 of `text`, then `first` and `second` (FNV-1a, then mixed); never `unknown`.
    public init(text: String, _ first: Int64, _ second: Int64) {
        // The bytes from the string's contiguous storage, where they lie (a short string's from its
        // own words): stepping through `utf8` one element at a time cost several times more, and
        // `withUTF8` needs a mutable copy (retained and released); every order event comes here.
        var hash = text.utf8.withContiguousStorageIfAvailable { bytes in Self.take(bytes, into: Self.basis) }
        if hash == nil {
            var copy = text
            hash = copy.withUTF8 { bytes in Self.take(bytes, into: Self.basis) }
        }
        var digest = ((hash ?? Self.basis) ^ 0xff) &* Self.prime  // ends the text, so "A" + 12 ≠ "A1" + 2
        // Two numbers, byte by byte, low byte first (no array of the two: this runs per event).
        digest = Self.fold(UInt64(bitPattern: first), into: digest)
        digest = Self.fold(UInt64(bitPattern: second), into: digest)
        let mixed = IdempotencyDigest.finalize(digest)
        let folded = UInt32(truncatingIfNeeded: mixed ^ (mixed >> 32))
        value = folded == 0 ? 1 : folded
    }

    private static var basis: UInt64 { 0xcbf2_9ce4_8422_2325 }
    private static var prime: UInt64 { 0x0000_0100_0000_01b3 }

    /// FNV-1a over `bytes`, from `hash`.
    @inline(__always)
    private static func take(_ bytes: UnsafeBufferPointer<UInt8>, into hash: UInt64) -> UInt64 {
        var hash = hash
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* prime }
        return hash
    }

    /// FNV-1a over the eight bytes of `bits`, low byte first. Once the bytes left are all zero
    /// (the high bytes of a quantity or a price: most of them), each of them only multiplies by
    /// the prime, so they are taken at once, times the prime's power.
    @inline(__always)
    private static func fold(_ bits: UInt64, into hash: UInt64) -> UInt64 {
        var hash = hash
        var bits = bits
        var left = 8
        while bits != 0 {
            hash = (hash ^ (bits & 0xff)) &* prime
            bits >>= 8
            left &-= 1
        }
        return hash &* primePower(left)
    }

    /// `prime` to the power `exponent` (0…8), wrapping as the hash's multiplications do.
    @inline(__always)
    private static func primePower(_ exponent: Int) -> UInt64 {
        switch exponent {
        case 0: 1
        case 1: 0x0000_0100_0000_01b3
        case 2: 0x0003_6600_0002_e329
        case 3: 0x08a9_7b00_04e7_feab
        case 4: 0x9ffa_ac08_5635_bc91
        case 5: 0x0cae_e32a_7d4f_6a63
        case 6: 0xdc96_6432_edf1_c639
        case 7: 0xc552_7b8a_51d3_d2db
        default: 0x1efa_c709_0aef_4a21
        }
    }

    public var description: String {
        isKnown ? String(value, radix: 16) : "unknown"
    }
}

/// One key the store has seen and the digest of what it said: 16 bytes (the key's 12, the
/// facts' 4 in what would otherwise be padding).
public struct IdempotencyEntry: Hashable, Sendable {
    public var key: IdempotencyDigest
    public var facts: FactDigest

    public init(key: IdempotencyDigest, facts: FactDigest = .unknown) {
        self.key = key
        self.facts = facts
    }
}

/// An open-addressing hash table of entries. Key digests are already uniformly mixed, so the low
/// word is the hash: no SipHash per lookup. Linear probing, an all-zero key marks an empty slot (a
/// real all-zero key is kept beside the table).
///
/// Load ≤ 3/4 (`maximumLoad`): the table is the largest thing a store keeps per order line, and
/// at ≤ 1/2 it cost 32–64 bytes a key (and 96 while doubling); at ≤ 3/4 it is 21–43. Probes stay
/// short because the entries are 16 bytes, four to a cache line, read in a row: a key absent
/// from a table ¾ full is found absent after ~8 slots on average (2–3 lines, the next one
/// prefetched), one present after ~2.5.
public struct DigestSet: Sendable {
    private var slots = SlotBuffer<IdempotencyEntry>()
    private var mask = 0
    public private(set) var count = 0
    private var zeroEntry: IdempotencyEntry?
    /// Counts the times the slots were laid out anew (`rehash`), carried over when the set is
    /// emptied (`emptied`): a `Vacancy` found before a change of layout is never trusted after it.
    private var layout: UInt64 = 0

    public init() {}

    /// Whether `count` keys may sit in `capacity` slots (at most 3/4 of them full).
    static func fits(_ count: Int, in capacity: Int) -> Bool { count * 4 <= capacity * 3 }

    /// This set's successor once its keys moved elsewhere: empty, and in a layout of its own.
    func emptied() -> DigestSet {
        var next = DigestSet()
        next.layout = layout &+ 1
        return next
    }

    /// Where an absent key's probe ended: the empty slot `insert(_:at:)` can fill without probing
    /// again, as long as the slots were not laid out anew meanwhile. (Slots are never emptied, so
    /// the ones the probe passed stay full and the slot stays the key's first free one.)
    public struct Vacancy: Sendable {
        let slot: Int
        let layout: UInt64

        /// No slot known (an empty table, the all-zero key): `insert(_:at:)` probes as `insert` does.
        static let unknown = Vacancy(slot: -1, layout: 0)
    }

    /// The facts kept with `digest` if it is present; otherwise nil and the slot it would take.
    public func find(_ digest: IdempotencyDigest) -> (facts: FactDigest?, vacancy: Vacancy) {
        if digest.isZero { return (zeroEntry?.facts, .unknown) }
        guard mask != 0 else { return (nil, .unknown) }
        return slots.withUnsafeSlots { buffer in
            var index = Int(digest.low) & mask
            while true {
                let entry = buffer[index]
                if entry.key == digest { return (entry.facts, .unknown) }
                if entry.key.isZero { return (nil, Vacancy(slot: index, layout: layout)) }
                index = (index + 1) & mask
            }
        }
    }

    /// `insert` of a key `find` reported absent, at the vacancy it found: one probe per key. Falls
    /// back to `insert` if the table must grow first or was laid out anew since.
    @discardableResult
    public mutating func insert(_ entry: IdempotencyEntry, at vacancy: Vacancy) -> Bool {
        guard vacancy.slot >= 0, vacancy.layout == layout, Self.fits(count + 1, in: mask + 1) else {
            return insert(entry)
        }
        let filled = slots.withUnsafeMutableSlots { buffer in
            guard buffer[vacancy.slot].key.isZero else { return false }
            buffer[vacancy.slot] = entry
            return true
        }
        guard filled else { return insert(entry) }
        count += 1
        return true
    }

    public func contains(_ digest: IdempotencyDigest) -> Bool { facts(of: digest) != nil }

    /// The facts kept with `digest`, or nil if the key is absent.
    public func facts(of digest: IdempotencyDigest) -> FactDigest? {
        if digest.isZero { return zeroEntry?.facts }
        guard mask != 0 else { return nil }
        return slots.withUnsafeSlots { buffer in
            var index = Int(digest.low) & mask
            while true {
                let entry = buffer[index]
                if entry.key == digest { return entry.facts }
                if entry.key.isZero { return nil }
                index = (index + 1) & mask
            }
        }
    }

    /// Reads the slot a lookup of `digest` starts at and returns a value to discard. With a
    /// million keys the table is far larger than the cache, so each lookup misses it; touching
    /// the slots of many keys in a row lets those misses overlap instead of coming one by one.
    public func touch(_ digest: IdempotencyDigest) -> UInt64 {
        guard mask != 0 else { return 0 }
        return slots.withUnsafeSlots { $0[Int(digest.low) & mask].key.high }
    }

    /// Returns false (changing nothing) if the key was already present.
    @discardableResult
    public mutating func insert(_ entry: IdempotencyEntry) -> Bool {
        if entry.key.isZero {
            if zeroEntry != nil { return false }
            zeroEntry = entry
            count += 1
            return true
        }
        if !Self.fits(count + 1, in: mask + 1) { grow() }
        let inserted = slots.withUnsafeMutableSlots { buffer in
            var index = Int(entry.key.low) & mask
            while true {
                let slot = buffer[index]
                if slot.key == entry.key { return false }
                if slot.key.isZero {
                    buffer[index] = entry
                    return true
                }
                index = (index + 1) & mask
            }
        }
        if inserted { count += 1 }
        return inserted
    }

    /// Replaces the facts of a key that is present; returns false if it is absent.
    @discardableResult
    public mutating func setFacts(_ facts: FactDigest, for digest: IdempotencyDigest) -> Bool {
        if digest.isZero {
            guard zeroEntry != nil else { return false }
            zeroEntry?.facts = facts
            return true
        }
        guard mask != 0 else { return false }
        return slots.withUnsafeMutableSlots { buffer in
            var index = Int(digest.low) & mask
            while true {
                if buffer[index].key == digest {
                    buffer[index].facts = facts
                    return true
                }
                if buffer[index].key.isZero { return false }
                index = (index + 1) & mask
            }
        }
    }

    public mutating func reserveCapacity(_ wanted: Int) {
        var capacity = max(16, mask + 1)
        while !Self.fits(wanted, in: capacity) { capacity *= 2 }
        if capacity != mask + 1 { rehash(capacity) }
    }

    private mutating func grow() { rehash(max(16, (mask + 1) * 2)) }

    /// Grows the slots in place and moves the entries where the new mask wants them: no second
    /// layout is held while the table grows (`SlotBuffer`, `InPlaceRehash`).
    private mutating func rehash(_ capacity: Int) {
        layout &+= 1
        let filled = slots.count
        let empty = IdempotencyEntry(key: IdempotencyDigest(high: 0, low: 0))
        slots.grow(to: capacity, empty: empty)
        mask = capacity - 1
        slots.withUnsafeMutableSlots { buffer in
            InPlaceRehash.rehash(
                buffer, filled: filled, empty: empty, isEmpty: { $0.key.isZero }, home: { Int($0.key.low) })
        }
    }

    public func sortedElements() -> [IdempotencyEntry] {
        var result: [IdempotencyEntry] = []
        result.reserveCapacity(count)
        if let zeroEntry { result.append(zeroEntry) }
        slots.withUnsafeSlots { buffer in
            for entry in buffer where !entry.key.isZero { result.append(entry) }
        }
        result.sort { $0.key < $1.key }
        return result
    }

    public var isEmpty: Bool { count == 0 }

    /// Slots in the table (tests see what `reserveCapacity` did).
    var capacity: Int { mask + 1 }
}

/// The set of idempotency keys a store has seen, each with the digest of its facts.
///
/// Keys loaded from a snapshot stay in one sorted array (loading is a copy, not a million
/// hash insertions); keys seen since go into a hash table. Invariant: `sorted` is strictly
/// ascending by key.
public struct IdempotencyIndex: Sendable {
    /// Not observed with `didSet`: an observer runs on every element's change too, and
    /// `setFacts` (each amended order line) would then rebuild `runs` over every loaded key.
    public private(set) var sorted: [IdempotencyEntry]
    /// Where to look in `sorted`, so a lookup is not a binary search of the whole array. Made
    /// again whenever `sorted` is replaced (its keys, hence its runs, change only then).
    private var runs: SortedRuns
    private var recent: DigestSet

    public init(sorted: [IdempotencyEntry] = []) {
        self.sorted = sorted
        self.runs = SortedRuns(sorted)
        self.recent = DigestSet()
    }

    /// An index of keys without facts, in ascending order.
    public init(sortedKeys: [IdempotencyDigest]) {
        self.init(sorted: sortedKeys.map { IdempotencyEntry(key: $0) })
    }

    public var count: Int { sorted.count + recent.count }

    /// Slots in the table of keys seen since the sorted ones (tests see what reserving did).
    var recentCapacity: Int { recent.capacity }

    public func contains(_ digest: IdempotencyDigest) -> Bool { facts(of: digest) != nil }

    public func contains(key: String) -> Bool { contains(IdempotencyDigest(key: key)) }

    /// The facts kept with a key, `.unknown` if it has none, nil if the key was never seen.
    public func facts(of digest: IdempotencyDigest) -> FactDigest? {
        if let facts = recent.facts(of: digest) { return facts }
        return sortedIndex(of: digest).map { sorted[$0].facts }
    }

    /// See `DigestSet.touch`: warms the cache for a coming `insert` of `digest`.
    public func touch(_ digest: IdempotencyDigest) -> UInt64 { recent.touch(digest) }

    /// Returns false (changing nothing) if the key was already present.
    @discardableResult
    public mutating func insert(_ digest: IdempotencyDigest, facts: FactDigest = .unknown) -> Bool {
        if sortedIndex(of: digest) != nil { return false }
        return recent.insert(IdempotencyEntry(key: digest, facts: facts))
    }

    /// A key looked up once for a commit: the facts kept with it if it was seen, else where it
    /// goes (`insert(_:facts:after:)`), so checking a change and recording its key hash and
    /// probe for the key once.
    public struct Lookup: Sendable {
        /// The facts kept with the key (`.unknown` if none were), nil if it was never seen.
        public let facts: FactDigest?
        let vacancy: DigestSet.Vacancy
    }

    /// `facts(of:)`, remembering where an absent key would be inserted.
    public func lookUp(_ digest: IdempotencyDigest) -> Lookup {
        let (recentFacts, vacancy) = recent.find(digest)
        if let recentFacts { return Lookup(facts: recentFacts, vacancy: .unknown) }
        // No keys loaded from a snapshot (a store opened by replay, or new): no call to search them.
        if sorted.isEmpty { return Lookup(facts: nil, vacancy: vacancy) }
        return Lookup(facts: sortedIndex(of: digest).map { sorted[$0].facts }, vacancy: vacancy)
    }

    /// `insert` of a key that `lookup` (made since the last change to this index other than
    /// `setFacts`) found absent: no second search of the sorted keys, no second probe of the
    /// recent ones. Returns false, changing nothing, if `lookup` found the key.
    @discardableResult
    public mutating func insert(_ digest: IdempotencyDigest, facts: FactDigest, after lookup: Lookup) -> Bool {
        guard lookup.facts == nil else { return false }
        return recent.insert(IdempotencyEntry(key: digest, facts: facts), at: lookup.vacancy)
    }

    /// Replaces the facts kept with a key that was seen (an amended order line); returns false if
    /// it was never seen.
    @discardableResult
    public mutating func setFacts(_ facts: FactDigest, for digest: IdempotencyDigest) -> Bool {
        if recent.setFacts(facts, for: digest) { return true }
        guard let index = sortedIndex(of: digest) else { return false }
        sorted[index].facts = facts
        return true
    }

    /// The most keys `reserveCapacity(forMore:)` makes room for at once (a table of 8M slots,
    /// 128 MiB): an estimate larger than that is not trusted, and the table grows as keys come.
    public static let largestReservation = 1 << 22

    /// Makes room for `more` keys beyond those held (at most `largestReservation`), so that
    /// adding them does not lay the table out anew at each doubling: a replay knows roughly how
    /// many keys its journal holds, and growing by doubling rehashed every key about twice and
    /// zeroed twice the table's final size. Changes no key and no answer.
    public mutating func reserveCapacity(forMore more: Int) {
        let wanted = recent.count + min(max(0, more), Self.largestReservation)
        recent.reserveCapacity(wanted)
    }

    /// Moves the recent keys into the sorted run (after a snapshot has sorted them anyway).
    public mutating func compact(sorted all: [IdempotencyEntry]) {
        sorted = all
        runs = SortedRuns(all)
        recent = recent.emptied()
    }

    /// Every entry in ascending key order (what a snapshot stores).
    public func allSorted() -> [IdempotencyEntry] {
        if recent.isEmpty { return sorted }
        let fresh = recent.sortedElements()
        var merged: [IdempotencyEntry] = []
        merged.reserveCapacity(sorted.count + fresh.count)
        var i = 0
        var j = 0
        while i < sorted.count && j < fresh.count {
            if sorted[i].key < fresh[j].key {
                merged.append(sorted[i])
                i += 1
            } else {
                merged.append(fresh[j])
                j += 1
            }
        }
        merged.append(contentsOf: sorted[i...])
        merged.append(contentsOf: fresh[j...])
        return merged
    }

    private func sortedIndex(of digest: IdempotencyDigest) -> Int? {
        guard !sorted.isEmpty else { return nil }
        var (low, high) = runs.range(of: digest)
        while low < high {
            let middle = (low + high) / 2
            let value = sorted[middle].key
            if value == digest { return middle }
            if value < digest { low = middle + 1 } else { high = middle }
        }
        return nil
    }
}

/// The runs of a sorted entry array that share the leading bits of `high`, about eight entries
/// each. Digests are uniformly spread, so finding a run is arithmetic and searching it touches a
/// cache line or two: with a million keys loaded from a snapshot, a binary search of the whole
/// array cost some twenty cache misses on every commit and every replayed event.
struct SortedRuns: Sendable {
    /// `starts[r]` is the first index whose digest's run is `r` or later; one extra at the end.
    private let starts: [Int]
    private let shift: UInt64

    init(_ sorted: [IdempotencyEntry]) {
        self.init(count: sorted.count) { index in sorted[index].key.high }
    }

    /// The runs of `count` sorted keys whose `high` words `high(index)` gives, ascending (the
    /// shipped-line table's keys, too, are uniformly spread digests).
    init(count: Int, high: (Int) -> UInt64) {
        var bits = 0
        while bits < 40 && (1 << (bits + 3)) < count { bits += 1 }
        shift = UInt64(64 - bits)
        var starts = [Int](repeating: 0, count: (1 << bits) + 1)
        var index = 0
        for run in starts.indices {
            while index < count && Int(high(index) >> shift) < run { index += 1 }
            starts[run] = index
        }
        self.starts = starts
    }

    /// The index range of `sorted` where `digest` would be.
    func range(of digest: IdempotencyDigest) -> (Int, Int) { range(ofHigh: digest.high) }

    /// The index range where a key whose `high` word is `high` would be.
    func range(ofHigh high: UInt64) -> (Int, Int) {
        let run = Int(high >> shift)
        return (starts[run], starts[run + 1])
    }
}
