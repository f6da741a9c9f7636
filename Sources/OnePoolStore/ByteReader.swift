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

    init(_ base: UnsafeRawBufferPointer, at index: Int = 0) {
        self.base = base
        self.index = index
    }

    var remaining: Int { base.count - index }

    mutating func u8() throws(DecodeError) -> UInt8 {
        guard index < base.count else { throw truncated() }
        defer { index += 1 }
        return base[index]
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

    mutating func u64() throws(DecodeError) -> UInt64 {
        guard remaining >= 8 else { throw truncated() }
        defer { index += 8 }
        return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
    }

    mutating func varint() throws(DecodeError) -> UInt64 {
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

    mutating func int64() throws(DecodeError) -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    mutating func int() throws(DecodeError) -> Int {
        Int(truncatingIfNeeded: try int64())
    }

    mutating func string() throws(DecodeError) -> String {
        let length = try varint()
        return try stringBody(length: length)
    }

    mutating func optionalString() throws(DecodeError) -> String? {
        let tagged = try varint()
        return tagged == 0 ? nil : try stringBody(length: tagged - 1)
    }

    /// A view of the next `count` bytes, advancing past them.
    mutating func bytes(_ count: Int) throws(DecodeError) -> UnsafeRawBufferPointer {
        guard count >= 0, remaining >= count else { throw truncated() }
        defer { index += count }
        return UnsafeRawBufferPointer(rebasing: base[index..<(index + count)])
    }

    private mutating func stringBody(length: UInt64) throws(DecodeError) -> String {
        guard length <= UInt64(remaining) else { throw truncated() }
        let count = Int(length)
        defer { index += count }
        let slice = UnsafeRawBufferPointer(rebasing: base[index..<(index + count)])
        return String(decoding: slice, as: UTF8.self)
    }

    private func truncated() -> DecodeError { DecodeError(offset: index, detail: "unexpected end of data") }
}
