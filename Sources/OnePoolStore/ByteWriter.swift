/// Appends little-endian integers, LEB128 varints and length-prefixed strings to a byte buffer.
/// The journal's and snapshots' encoding; `ByteReader` is its inverse.
///
/// The bytes live in memory the writer owns (it is not copyable, so no two writers share it):
/// each field is one capacity check and one store, where appending to an `Array` cost a
/// uniqueness and a capacity check per byte. Encoding was most of a commit's CPU time.
struct ByteWriter: ~Copyable {
    private var base: UnsafeMutableRawPointer
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        base = .allocate(byteCount: self.capacity, alignment: 8)
    }

    deinit { base.deallocate() }

    /// A copy of the bytes written so far.
    var bytes: [UInt8] { [UInt8](UnsafeRawBufferPointer(start: base, count: count)) }

    /// The bytes written so far, without copying them; valid only inside `body`.
    func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(toAtLeast: count + extra) }
    }

    private mutating func grow(toAtLeast needed: Int) {
        let larger = max(needed, capacity * 2)
        let moved = UnsafeMutableRawPointer.allocate(byteCount: larger, alignment: 8)
        moved.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    mutating func u8(_ value: UInt8) {
        reserve(1)
        base.storeBytes(of: value, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    mutating func bool(_ value: Bool) { u8(value ? 1 : 0) }

    mutating func u32(_ value: UInt32) {
        reserve(4)
        base.storeBytes(of: value.littleEndian, toByteOffset: count, as: UInt32.self)
        count += 4
    }

    mutating func u64(_ value: UInt64) {
        reserve(8)
        base.storeBytes(of: value.littleEndian, toByteOffset: count, as: UInt64.self)
        count += 8
    }

    /// Most varints in an event (quantities, line numbers, lengths) are one byte: that case is
    /// inlined, the rest is not.
    @inline(__always)
    mutating func varint(_ value: UInt64) {
        if value < 0x80 && count < capacity {
            base.storeBytes(of: UInt8(truncatingIfNeeded: value), toByteOffset: count, as: UInt8.self)
            count += 1
            return
        }
        longVarint(value)
    }

    @inline(never)
    private mutating func longVarint(_ value: UInt64) {
        reserve(10)
        uncheckedVarint(value)
    }

    /// A varint where at least 10 bytes are known to be free. Up to 8 bytes (values below 2^56:
    /// every time in milliseconds, every amount) are spread into a word with shifts and masks
    /// and stored at once, rather than one byte, one branch and one count update at a time.
    @inline(__always)
    private mutating func uncheckedVarint(_ value: UInt64) {
        if value < 0x80 {
            base.storeBytes(of: UInt8(truncatingIfNeeded: value), toByteOffset: count, as: UInt8.self)
            count += 1
            return
        }
        // Two bytes (most prices, counts past 127): the low seven bits with the continuation bit,
        // then the rest, without spreading eight groups.
        if value < 1 << 14 {
            let pair = UInt16(truncatingIfNeeded: (value & 0x7f) | 0x80 | (value >> 7) << 8)
            base.storeBytes(of: pair.littleEndian, toByteOffset: count, as: UInt16.self)
            count &+= 2
            return
        }
        guard value < 1 << 56 else { return widestVarint(value) }
        // Seven bits to each byte, low groups first, then the continuation bit on every byte but the last.
        var word = value & 0x7f
        word |= (value &<< 1) & 0x7f00
        word |= (value &<< 2) & 0x7f_0000
        word |= (value &<< 3) & 0x7f00_0000
        word |= (value &<< 4) & 0x7f_0000_0000
        word |= (value &<< 5) & 0x7f00_0000_0000
        word |= (value &<< 6) & 0x7f_0000_0000_0000
        word |= (value &<< 7) & 0x7f00_0000_0000_0000
        let bits = 64 &- value.leadingZeroBitCount
        let length = (bits &+ 6) / 7
        word |= 0x8080_8080_8080_8080 & ((1 &<< UInt64(8 &* (length &- 1))) &- 1)
        base.storeBytes(of: word.littleEndian, toByteOffset: count, as: UInt64.self)
        count &+= length
    }

    /// A varint of 9 or 10 bytes, one byte at a time (at least 10 bytes are free).
    private mutating func widestVarint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            base.storeBytes(of: UInt8(truncatingIfNeeded: rest) | 0x80, toByteOffset: count, as: UInt8.self)
            count += 1
            rest >>= 7
        }
        base.storeBytes(of: UInt8(rest), toByteOffset: count, as: UInt8.self)
        count += 1
    }

    /// `int` with the capacity check and the whole varint inlined: for the multi-byte fields of
    /// the most common events (times in milliseconds, prices), where the call to `longVarint`
    /// cost more than the encoding itself. The same bytes as `int`.
    @inline(__always)
    mutating func inlineInt(_ value: Int64) {
        reserve(10)
        uncheckedVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Zig-zag so that small negative numbers stay short.
    mutating func int(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    mutating func int(_ value: Int) { int(Int64(value)) }

    mutating func string(_ value: String) {
        lengthPrefixed(value, extra: 0)
    }

    /// The bytes `string(value)` writes, to be copied in with `raw` wherever the same string is
    /// written many times (a batch's actor, in every event of the batch).
    static func encodedString(_ value: String) -> [UInt8] {
        var writer = ByteWriter(capacity: value.utf8.count + 10)
        writer.string(value)
        return writer.bytes
    }

    /// nil is written as 0, a string of n bytes as n + 1 then the bytes.
    mutating func optionalString(_ value: String?) {
        guard let value else { return varint(0) }
        lengthPrefixed(value, extra: 1)
    }

    /// The UTF-8 byte count plus `extra` as a varint, then the bytes.
    private mutating func lengthPrefixed(_ value: String, extra: UInt64) {
        // Native strings (all of ours) lend their bytes without a copy; others are made contiguous.
        let done: Void? = value.utf8.withContiguousStorageIfAvailable { utf8 in
            prefixedBytes(UnsafeRawBufferPointer(utf8), extra: extra)
        }
        if done == nil {
            var copy = value
            copy.withUTF8 { utf8 in prefixedBytes(UnsafeRawBufferPointer(utf8), extra: extra) }
        }
    }

    /// The byte count plus `extra` as a varint, then the bytes: one capacity check for both.
    @inline(__always)
    private mutating func prefixedBytes(_ bytes: UnsafeRawBufferPointer, extra: UInt64) {
        let length = bytes.count
        reserve(length + 10)
        uncheckedVarint(UInt64(length) + extra)
        guard let source = bytes.baseAddress, length > 0 else { return }
        Self.copy(source, to: base + count, length)
        count += length
    }

    /// Copies `length` bytes (at least 1). Up to 32 (codes, names, order ids, keys) are copied
    /// inline, with two loads and stores of the widest size that fits, overlapping in the middle:
    /// a call to `memcpy` cost ~20 instructions for a few bytes, about three times an event.
    @inline(__always)
    static func copy(_ source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, _ length: Int) {
        if length > 32 {
            target.copyMemory(from: source, byteCount: length)
        } else if length > 16 {
            copyPair(source, to: target, UInt64.self, at: 0, length: 16)
            copyPair(source, to: target, UInt64.self, at: length - 16, length: 16)
        } else if length >= 8 {
            copyPair(source, to: target, UInt64.self, at: 0, length: length)
        } else if length >= 4 {
            copyPair(source, to: target, UInt32.self, at: 0, length: length)
        } else {
            // 1–3 bytes: the first, the middle and the last (some of them the same byte).
            target.storeBytes(of: source.load(as: UInt8.self), as: UInt8.self)
            target.storeBytes(
                of: source.load(fromByteOffset: length / 2, as: UInt8.self), toByteOffset: length / 2, as: UInt8.self)
            target.storeBytes(
                of: source.load(fromByteOffset: length - 1, as: UInt8.self), toByteOffset: length - 1, as: UInt8.self)
        }
    }

    /// Copies the `length` bytes at `offset` (`Word`'s size ≤ `length` ≤ twice that) as its first
    /// and its last word, which overlap unless `length` is twice the word.
    @inline(__always)
    private static func copyPair<Word: FixedWidthInteger>(
        _ source: UnsafeRawPointer, to target: UnsafeMutableRawPointer, _: Word.Type, at offset: Int, length: Int
    ) {
        let tail = offset + length - MemoryLayout<Word>.size
        let head = source.loadUnaligned(fromByteOffset: offset, as: Word.self)
        let last = source.loadUnaligned(fromByteOffset: tail, as: Word.self)
        target.storeBytes(of: head, toByteOffset: offset, as: Word.self)
        target.storeBytes(of: last, toByteOffset: tail, as: Word.self)
    }

    mutating func raw(_ other: [UInt8]) {
        other.withUnsafeBytes { append($0) }
    }

    mutating func raw(_ other: UnsafeRawBufferPointer) { append(other) }

    private mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    /// Overwrites one byte at `offset` (a record's type, decided after its payload).
    mutating func patchU8(_ value: UInt8, at offset: Int) {
        precondition(offset >= 0 && offset < count, "patch outside what was written")
        base.storeBytes(of: value, toByteOffset: offset, as: UInt8.self)
    }

    /// Forgets the first `prefix` bytes, moving the rest to the front (after they were written out).
    mutating func removeFirst(_ prefix: Int) {
        precondition(prefix >= 0 && prefix <= count, "removing more than was written")
        if prefix < count { base.copyMemory(from: base + prefix, byteCount: count - prefix) }
        count -= prefix
    }

    /// Overwrites four bytes at `offset` (for headers whose checksum comes last).
    mutating func patchU32(_ value: UInt32, at offset: Int) {
        precondition(offset >= 0 && offset + 4 <= count, "patch outside what was written")
        base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self)
    }
}
