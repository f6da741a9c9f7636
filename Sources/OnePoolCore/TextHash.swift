/// A seeded hash of a text and a number, for keys that store their hash (`OrderLineID`): a few
/// multiplications where Swift's `Hasher` (SipHash) cost ~250 instructions for each order event
/// a replay decodes. Never stored: it changes from process to process.
///
/// **Consistent with `String ==`.** Swift calls two strings equal when they are canonically
/// equivalent ("K" and the Kelvin sign "\u{212A}", "é" precomposed and "e\u{301}"), that is when
/// their NFC forms have the same bytes. So the text's hash is a function of its NFC bytes, always:
/// ASCII text is its own NFC (hashed from its bytes, the fast path); any other text is hashed from
/// the bytes of its NFC form (`_nfcCodeUnits`, the normalisation the standard library's own
/// `==` and `hash(into:)` use) with the same function, so "\u{212A}" hashes as "K" does.
///
/// **Seeded.** Order ids come from outside (channel files), so the hash must not let anyone pick
/// ids that collide in every process: the keys are random per process (taken from `Hasher`, whose
/// seed is), both factors of each multiplication carry one, and a product can only collapse to
/// zero for an input that equals a key. The construction is wyhash's 128-bit multiply-and-fold
/// (as Go's runtime and Rust's foldhash use for their seeded table hashes): not a cryptographic
/// function like SipHash, but nothing in it is known to collide independently of the keys.
/// Under `SWIFT_DETERMINISTIC_HASHING` the keys are fixed, as `Hasher`'s are.
enum TextHash {
    typealias Keys = (UInt64, UInt64, UInt64, UInt64)

    /// Four independent 64-bit keys, one `Hasher` each, worked out once per process.
    static let keys: Keys = (key(1), key(2), key(3), key(4))

    private static func key(_ index: UInt64) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(0x6f6e_6570_6f6f_6c00 | index)
        return UInt64(truncatingIfNeeded: hasher.finalize())
    }

    /// The hash of `text` and `number` together.
    static func hash(_ text: String, _ number: Int) -> Int { hash(text, number, nonASCII: nfcHash) }

    /// `hash`, with the route of text that is not all ASCII given: tests pass a wrong one (the
    /// raw bytes) to show that the NFC route is what keeps canonically equivalent texts' hashes equal.
    @inline(__always)
    static func hash(_ text: String, _ number: Int, nonASCII: (String, Keys) -> UInt64) -> Int {
        let keys = Self.keys
        return combine(textHash(text, keys: keys, nonASCII: nonASCII), number, keys: keys)
    }

    /// The text's part of `hash(text, number)`: worked out once, it can be combined with many
    /// numbers (`HashedText`, the lines of one order).
    @inline(__always)
    static func textHash(_ text: String, keys: Keys, nonASCII: (String, Keys) -> UInt64 = nfcHash) -> UInt64 {
        var copy = text
        let ascii = copy.withUTF8 { bytes in hashIfASCII(UnsafeRawBufferPointer(bytes), keys: keys) }
        return ascii ?? nonASCII(text, keys)
    }

    /// `hash(text, number)` from `textHash(text)`.
    @inline(__always)
    static func combine(_ textHash: UInt64, _ number: Int, keys: Keys) -> Int {
        Int(truncatingIfNeeded: mum(textHash ^ keys.2, UInt64(bitPattern: Int64(number)) ^ keys.3))
    }

    /// `combine` with the keys' part already taken: `left` is `textHash ^ keys.2`, `right` is
    /// `keys.3` (what `HashedText` keeps, so that making an id reads no global).
    @inline(__always)
    static func combine(left: UInt64, right: UInt64, _ number: Int) -> Int {
        Int(truncatingIfNeeded: mum(left, UInt64(bitPattern: Int64(number)) ^ right))
    }

    /// The hash of the text's NFC bytes: the route of every text that is not all ASCII.
    static func nfcHash(_ text: String, keys: Keys) -> UInt64 {
        let nfc = text._nfcCodeUnits
        return nfc.withUnsafeBytes { hashBytes($0, keys: keys) }
    }

    /// `hashBytes` of `bytes` if they are all ASCII (then they are their own NFC form), else nil.
    @inline(__always)
    static func hashIfASCII(_ bytes: UnsafeRawBufferPointer, keys: Keys) -> UInt64? {
        let (hash, seen) = hashAndOr(bytes, keys: keys)
        return seen & 0x8080_8080_8080_8080 == 0 ? hash : nil
    }

    /// The hash of any bytes (what `hashIfASCII` returns for ASCII ones).
    static func hashBytes(_ bytes: UnsafeRawBufferPointer, keys: Keys) -> UInt64 {
        hashAndOr(bytes, keys: keys).hash
    }

    /// The hash of `bytes`, and the OR of every word read (its high bits say whether any byte
    /// was not ASCII). Up to 16 bytes are two words, read with loads that stay inside the bytes;
    /// longer texts fold 16 bytes at a time, then their last 16 (overlapping, as wyhash does).
    @inline(__always)
    private static func hashAndOr(
        _ bytes: UnsafeRawBufferPointer, keys: Keys
    ) -> (hash: UInt64, seen: UInt64) {
        let count = bytes.count
        var state = keys.0 ^ (UInt64(truncatingIfNeeded: count) &* 0x9e37_79b9_7f4a_7c15)
        guard count > 0, let start = bytes.baseAddress else { return (mum(keys.1, state), 0) }
        let low: UInt64
        let high: UInt64
        var seen: UInt64 = 0
        if count <= 16 {
            (low, high) = words(start, count)
        } else {
            var offset = 0
            while count - offset > 16 {
                let first = load(start, offset)
                let second = load(start, offset + 8)
                seen |= first | second
                state = mum(first ^ keys.1, second ^ state)
                offset += 16
            }
            (low, high) = (load(start, count - 16), load(start, count - 8))
        }
        seen |= low | high
        return (mum(low ^ keys.1, high ^ state), seen)
    }

    @inline(__always)
    private static func load(_ start: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: start.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The 1–16 bytes as two little-endian words, zero-padded (the count tells them apart).
    @inline(__always)
    private static func words(_ start: UnsafeRawPointer, _ count: Int) -> (UInt64, UInt64) {
        if count > 8 {
            let last = load(start, count - 8)
            return (load(start, 0), last &>> UInt64(8 * (16 - count)))
        }
        if count >= 4 {
            // Two four-byte loads that overlap when `count` < 8: the shared bytes land in the
            // same place either way.
            let first = UInt64(UInt32(littleEndian: start.loadUnaligned(as: UInt32.self)))
            let last = UInt64(UInt32(littleEndian: start.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
            return (first | (last &<< UInt64(8 * (count - 4))), 0)
        }
        let first = UInt64(start.load(as: UInt8.self))
        let middle = UInt64(start.load(fromByteOffset: count / 2, as: UInt8.self))
        let last = UInt64(start.load(fromByteOffset: count - 1, as: UInt8.self))
        return (first | (middle &<< UInt64(8 * (count / 2))) | (last &<< UInt64(8 * (count - 1))), 0)
    }

    /// The 128-bit product of `a` and `b`, its halves folded together.
    @inline(__always)
    private static func mum(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return high ^ low
    }
}

/// A text with its part of `TextHash.hash` worked out, so that ids made from it skip hashing it:
/// replay keeps one for each order id it has met recently (`StringTable` in the store), and the
/// lines of an order and their shipments name the same order again and again. Only `init` makes
/// one, from the text itself, so its hash is always the text's (see `OrderLineID.init(channel:
/// order:line:)`, which gives the same id).
public struct HashedText: Sendable {
    public let text: String
    /// `TextHash.textHash(text) ^ keys.2` and `keys.3`: the two operands `combine` needs.
    let left: UInt64
    let right: UInt64

    public init(_ text: String) {
        let keys = TextHash.keys
        self.text = text
        left = TextHash.textHash(text, keys: keys) ^ keys.2
        right = keys.3
    }

    /// `TextHash.hash(text, number)`.
    @inline(__always)
    func hash(_ number: Int) -> Int { TextHash.combine(left: left, right: right, number) }
}
