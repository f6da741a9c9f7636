import OnePoolCore

/// Why bytes that passed their checksum still did not decode: written by a newer or broken writer.
struct DecodeError: Error, CustomStringConvertible {
    var offset: Int
    var detail: String
    var description: String { "\(detail) at payload byte \(offset)" }
}

/// Reads what `ByteWriter` wrote, from memory the caller keeps alive.
struct ByteReader {
    private let base: UnsafeRawBufferPointer
    private(set) var index: Int
    /// When set, `recurringString()` makes strings through this table (replay, where the same
    /// few SKU codes and channel names recur in every event). Its owner keeps it alive while
    /// the reader is used.
    var strings: UnsafeMutablePointer<StringTable>? = nil

    init(_ base: UnsafeRawBufferPointer, at index: Int = 0) {
        self.base = base
        self.index = index
    }

    var remaining: Int { base.count - index }

    /// The bytes not read yet.
    var unread: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: base[index...]) }

    /// Moves past `count` bytes that another route read from `unread` (`OrderLineDecoding`).
    mutating func skip(_ count: Int) { index += count }

    /// The next byte without reading past it; nil at the end.
    @inline(__always)
    func peek() -> UInt8? { index < base.count ? base[index] : nil }

    @inline(__always)
    mutating func u8() throws(DecodeError) -> UInt8 {
        guard index < base.count else { throw truncated() }
        defer { index += 1 }
        return base[index]
    }

    /// A one-byte tag naming a fact's kind (`what`, e.g. "event kind"). One this build does not
    /// know is refused where it stands, as written by a newer onepool: the one rule every
    /// section's decoder follows.
    @inline(__always)
    mutating func tag<Tag: RawRepresentable>(_: Tag.Type, _ what: String) throws(DecodeError) -> Tag
    where Tag.RawValue == UInt8 {
        let offset = index
        let raw = try u8()
        guard let tag = Tag(rawValue: raw) else {
            throw DecodeError(offset: offset, detail: "unknown \(what) \(raw) (written by a newer onepool?)")
        }
        return tag
    }

    mutating func bool() throws(DecodeError) -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        case let other: throw DecodeError(offset: index - 1, detail: "boolean byte \(other)")
        }
    }

    mutating func u32() throws(DecodeError) -> UInt32 {
        guard remaining >= 4 else { throw truncated() }
        defer { index += 4 }
        return UInt32(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt32.self))
    }

    @inline(__always)
    mutating func u64() throws(DecodeError) -> UInt64 {
        guard remaining >= 8 else { throw truncated() }
        defer { index += 8 }
        return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
    }

    @inline(__always)
    mutating func varint() throws(DecodeError) -> UInt64 {
        if let value = wordVarint() { return value }
        if let value = uncheckedVarint() { return value }
        return try checkedVarint()
    }

    /// The varint at `index` if it is at most eight bytes long and ends within the bytes present,
    /// read with one eight-byte load instead of a loop over its bytes; nil for anything else,
    /// which the byte-wise readers below then read (and report) exactly as before. Replay reads
    /// ten varints an event (lengths, quantities, prices, two times of six bytes each).
    @inline(__always)
    private mutating func wordVarint() -> UInt64? {
        // The eight bytes from `index`, or, near the end, the last eight bytes shifted down so
        // that the bytes from `index` come first (the ones past the end read as zero, which the
        // length check below refuses).
        guard base.count >= 8, index < base.count, let start = base.baseAddress else { return nil }
        let left = base.count - index
        let word: UInt64
        if left >= 8 {
            word = UInt64(littleEndian: start.loadUnaligned(fromByteOffset: index, as: UInt64.self))
        } else {
            let last = UInt64(littleEndian: start.loadUnaligned(fromByteOffset: base.count - 8, as: UInt64.self))
            word = last &>> UInt64(8 * (8 - left))
        }
        guard let (value, length) = leadingVarint(in: word, left: left) else { return nil }
        index += length
        return value
    }

    /// The varint at `index` if it ends within the bytes present and within ten bytes (the
    /// longest), read without a bounds check per byte; nil for anything else, which
    /// `checkedVarint` then reads (and reports) exactly as before.
    @inline(__always)
    private mutating func uncheckedVarint() -> UInt64? {
        guard let start = base.baseAddress.map({ $0 + index }) else { return nil }
        let limit = min(10, remaining)
        var result: UInt64 = 0
        var offset = 0
        while offset < limit {
            let byte = start.load(fromByteOffset: offset, as: UInt8.self)
            result |= UInt64(byte & 0x7F) &<< UInt64(7 * offset)
            offset += 1
            if byte < 0x80 {
                index += offset
                return result
            }
        }
        return nil
    }

    private mutating func checkedVarint() throws(DecodeError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < base.count else { throw truncated() }
            let byte = base[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
            guard shift < 64 else { throw DecodeError(offset: index, detail: "varint longer than 64 bits") }
        }
    }

    @inline(__always)
    mutating func int64() throws(DecodeError) -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A quantity, line number or count of days: clamped to ±`Bounds.decodedIntegerLimit` (no valid
    /// value comes near it; see `Bounds`).
    @inline(__always)
    mutating func int() throws(DecodeError) -> Int {
        let value = try int64()
        let limit = Int64(Bounds.decodedIntegerLimit)
        return Int(min(max(value, -limit), limit))
    }

    /// An amount in cents, clamped to ±`Bounds.decodedCentsLimit`.
    @inline(__always)
    mutating func cents() throws(DecodeError) -> Int64 {
        min(max(try int64(), -Bounds.decodedCentsLimit), Bounds.decodedCentsLimit)
    }

    /// A time in milliseconds since 1970, clamped to ±`Bounds.decodedMillisecondsLimit`.
    @inline(__always)
    mutating func milliseconds() throws(DecodeError) -> Int64 {
        min(max(try int64(), -Bounds.decodedMillisecondsLimit), Bounds.decodedMillisecondsLimit)
    }

    @inline(__always)
    mutating func string() throws(DecodeError) -> String {
        let length = try varint()
        return String(decoding: try stringBytes(length: length), as: UTF8.self)
    }

    /// `string()` for the values that recur in event after event (SKU codes, channel names, order
    /// ids): made through `strings` when it is set.
    @inline(__always)
    mutating func recurringString() throws(DecodeError) -> String {
        recurringString(try stringBytes(length: try varint()))
    }

    /// The string of bytes already read, made through `strings` when it is set.
    @inline(__always)
    func recurringString(_ utf8: UnsafeRawBufferPointer) -> String {
        if let strings { return strings.pointee.string(utf8) }
        return String(decoding: utf8, as: UTF8.self)
    }

    @inline(__always)
    mutating func optionalString() throws(DecodeError) -> String? {
        let tagged = try varint()
        return tagged == 0 ? nil : try stringBody(length: tagged - 1)
    }

    /// Steps over a string (checking that it is all there) without making a `String` of it.
    @inline(__always)
    mutating func skipString() throws(DecodeError) {
        let length = try varint()
        _ = try stringBytes(length: length)
    }

    /// The bytes of an optional string, without making a `String` of them.
    @inline(__always)
    mutating func optionalStringBytes() throws(DecodeError) -> UnsafeRawBufferPointer? {
        let tagged = try varint()
        guard tagged != 0 else { return nil }
        return try stringBytes(length: tagged - 1)
    }

    /// The digest of an idempotency key read as bytes: what `IdempotencyDigest(key:)` gives for
    /// the string `optionalString()` would have made of them.
    static func digest(ofKey utf8: UnsafeRawBufferPointer) -> IdempotencyDigest {
        // `optionalString()` repairs invalid UTF-8 before anyone hashes it; ASCII needs no repair,
        // so hashing its bytes gives the same digest. Anything else takes the `String` route.
        if let digest = IdempotencyDigest(asciiUTF8: utf8) { return digest }
        return IdempotencyDigest(key: String(decoding: utf8, as: UTF8.self))
    }

    /// A count of elements that follow, each taking at least `minimumBytes`: refused when the
    /// bytes left cannot hold that many, so a damaged or hostile count never makes a reader
    /// reserve memory for billions of entries.
    mutating func count(each minimumBytes: Int) throws(DecodeError) -> Int {
        let start = index
        let value = try varint()
        guard value <= UInt64(remaining / max(1, minimumBytes)) else {
            throw DecodeError(
                offset: start, detail: "a count of \(value) entries, more than the \(remaining) bytes left can hold")
        }
        return Int(value)
    }

    /// A view of the next `count` bytes, advancing past them.
    mutating func bytes(_ count: Int) throws(DecodeError) -> UnsafeRawBufferPointer {
        guard count >= 0, remaining >= count else { throw truncated() }
        defer { index += count }
        return UnsafeRawBufferPointer(rebasing: base[index..<(index + count)])
    }

    private mutating func stringBody(length: UInt64) throws(DecodeError) -> String {
        String(decoding: try stringBytes(length: length), as: UTF8.self)
    }

    @inline(__always)
    mutating func stringBytes(length: UInt64) throws(DecodeError) -> UnsafeRawBufferPointer {
        guard length <= UInt64(remaining) else { throw truncated() }
        let count = Int(length)
        defer { index += count }
        return UnsafeRawBufferPointer(start: base.baseAddress.map { $0 + index }, count: count)
    }

    /// Whether every byte is ASCII: such bytes are valid UTF-8, so the `String` made of them
    /// keeps exactly these bytes (hashing the bytes hashes the string).
    /// Reads whole words only: eight bytes at a time, then the last eight (overlapping), or for
    /// fewer than eight bytes two overlapping four-byte loads or three single bytes. A byte-wise
    /// loop over the last few bytes of every key, channel and order id cost ~35 instructions an
    /// event.
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        guard count > 0, let start = bytes.baseAddress else { return true }
        var high: UInt64 = 0
        if count >= 8 {
            var at = 0
            while at + 8 < count {
                high |= start.loadUnaligned(fromByteOffset: at, as: UInt64.self)
                at += 8
            }
            high |= start.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        } else if count >= 4 {
            let first = start.loadUnaligned(as: UInt32.self)
            let last = start.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
            high = UInt64(first | last)
        } else {
            let first = start.load(as: UInt8.self)
            let middle = start.load(fromByteOffset: count / 2, as: UInt8.self)
            let last = start.load(fromByteOffset: count - 1, as: UInt8.self)
            high = UInt64(first | middle | last)
        }
        return high & 0x8080_8080_8080_8080 == 0
    }

    private func truncated() -> DecodeError { DecodeError(offset: index, detail: "unexpected end of data") }
}

/// The varint at the start of `word` (the next eight bytes, little-endian, of which `left` are
/// the payload's) and its length: nil when it is longer than eight bytes or runs past `left`.
/// One definition for `ByteReader` and replay's `OrderLineDecoding`.
@inline(__always)
func leadingVarint(in word: UInt64, left: Int) -> (value: UInt64, length: Int)? {
    if word & 0x80 == 0 { return (word & 0x7F, 1) }
    // A byte whose high bit is clear ends the varint.
    let ends = ~word & 0x8080_8080_8080_8080
    guard ends != 0 else { return nil }
    let length = ends.trailingZeroBitCount &>> 3 &+ 1
    guard length <= left else { return nil }
    // The varint's bytes without their high bits, then their 7-bit groups side by side.
    var value = word & (ends ^ (ends &- 1)) & 0x7F7F_7F7F_7F7F_7F7F
    value = (value & 0x007F_007F_007F_007F) | ((value & 0x7F00_7F00_7F00_7F00) &>> 1)
    value = (value & 0x0000_3FFF_0000_3FFF) | ((value & 0x3FFF_0000_3FFF_0000) &>> 2)
    value = (value & 0x0000_0000_0FFF_FFFF) | ((value & 0x0FFF_FFFF_0000_0000) &>> 4)
    return (value, length)
}
