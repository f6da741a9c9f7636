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
        var rest = value
        while rest >= 0x80 {
            base.storeBytes(of: UInt8(truncatingIfNeeded: rest) | 0x80, toByteOffset: count, as: UInt8.self)
            count += 1
            rest >>= 7
        }
        base.storeBytes(of: UInt8(rest), toByteOffset: count, as: UInt8.self)
        count += 1
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
            varint(UInt64(utf8.count) + extra)
            append(UnsafeRawBufferPointer(utf8))
        }
        if done == nil {
            var copy = value
            copy.withUTF8 { utf8 in
                varint(UInt64(utf8.count) + extra)
                append(UnsafeRawBufferPointer(utf8))
            }
        }
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
