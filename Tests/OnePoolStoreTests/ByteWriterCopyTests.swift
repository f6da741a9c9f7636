import Testing

@testable import OnePoolStore

/// `ByteWriter` copies strings and raw bytes of up to 32 bytes inline (overlapping loads and
/// stores) rather than through `memcpy`. Every length, at every offset in the buffer, must write
/// exactly the format's bytes — the length as a varint, then the bytes — and nothing past them.
/// (Texts of up to 15 bytes are kept inside the `String`, longer ones in its own storage: both.)
@Suite struct ByteWriterCopyTests {
    /// The format spelled out byte by byte: LEB128 of `value`.
    private func varint(_ value: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
        return bytes
    }

    /// Distinct bytes (no two equal within 64), so a byte copied from the wrong place shows.
    private func text(_ length: Int, start: Int) -> String {
        String(decoding: (0..<length).map { UInt8(33 + (start + $0 * 7) % 90) }, as: UTF8.self)
    }

    @Test func everyLengthAtEveryOffset() {
        for lead in 0..<9 {
            for length in 0...70 {
                let value = text(length, start: lead + length)
                let optional = text(length, start: length * 3)
                let raw = Array(text(length, start: lead).utf8)
                var writer = ByteWriter(capacity: 16)
                for index in 0..<lead { writer.u8(UInt8(200 + index)) }
                writer.string(value)
                writer.optionalString(optional)
                writer.raw(raw)
                writer.u8(0xEE)
                var expected = (0..<lead).map { UInt8(200 + $0) }
                expected += varint(UInt64(length)) + Array(value.utf8)
                expected += varint(UInt64(length) + 1) + Array(optional.utf8)
                expected += raw + [0xEE]
                #expect(writer.bytes == expected, "lead \(lead), length \(length)")
            }
        }
    }
}
