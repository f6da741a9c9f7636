import OnePoolTestSupport
import Testing

@testable import OnePoolStore

/// The reader's word-at-a-time shortcuts must read exactly what a byte-by-byte reader reads, and
/// refuse exactly what it refuses, wherever the bytes end.
@Suite struct ByteReaderTests {
    /// The varint rule spelled out byte by byte (LEB128, at most ten bytes, at most 64 bits): the
    /// value and the index after it, or the offset and detail of the error.
    private func referenceVarint(_ bytes: [UInt8], at start: Int) -> Result<(UInt64, Int), DecodeError> {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var index = start
        while true {
            guard index < bytes.count else {
                return .failure(DecodeError(offset: index, detail: "unexpected end of data"))
            }
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return .success((result, index)) }
            shift += 7
            guard shift < 64 else {
                return .failure(DecodeError(offset: index, detail: "varint longer than 64 bits"))
            }
        }
    }

    /// What `ByteReader.varint()` reads at `start`: the value and the index after it, or its error.
    private func readVarint(_ bytes: [UInt8], at start: Int) -> Result<(UInt64, Int), DecodeError> {
        bytes.withUnsafeBytes { buffer in
            var reader = ByteReader(buffer, at: start)
            do throws(DecodeError) {
                let value = try reader.varint()
                return .success((value, reader.index))
            } catch {
                return .failure(error)
            }
        }
    }

    private func expectSameVarint(_ bytes: [UInt8], at start: Int) {
        switch (readVarint(bytes, at: start), referenceVarint(bytes, at: start)) {
        case (.success(let (value, end)), .success(let (want, wantEnd))):
            #expect(value == want && end == wantEnd, "\(bytes) at \(start)")
        case (.failure(let error), .failure(let want)):
            #expect(error.offset == want.offset && error.detail == want.detail, "\(bytes) at \(start)")
        case (let got, let want):
            Issue.record("read \(got) where the reference reads \(want): \(bytes) at \(start)")
        }
    }

    @Test func varintsOfEveryLengthReadAsByteByByteAnywhereInTheBytes() {
        var random = SplitMix64(seed: 21)
        for length in 1...10 {
            for _ in 0..<200 {
                // A varint of `length` bytes (continuation bits on all but the last) with random
                // payload bits, then up to 11 more random bytes: every distance to the end.
                var varint = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) | 0x80 }
                varint[length - 1] &= 0x7F
                let before = Int(random.next() % 4)
                let prefix = (0..<before).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                for after in 0...11 {
                    let suffix = (0..<after).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                    expectSameVarint(prefix + varint + suffix, at: before)
                    // Cut short: the varint runs past the end.
                    expectSameVarint(prefix + varint.dropLast(), at: before)
                }
            }
        }
    }

    @Test func arbitraryBytesReadAsVarintsAsByteByByte() {
        var random = SplitMix64(seed: 22)
        for _ in 0..<3000 {
            let count = Int(random.next() % 16)
            // Mostly high bits set, so long, overlong and unfinished varints are common.
            let bytes = (0..<count).map { _ in
                UInt8(truncatingIfNeeded: random.next()) | (random.next() % 4 == 0 ? 0 : 0x80)
            }
            for start in 0...count { expectSameVarint(bytes, at: start) }
        }
    }

    @Test func writtenVarintsReadBack() {
        var random = SplitMix64(seed: 23)
        var values: [UInt64] = [0, 1, 127, 128, 16383, 16384, 1 << 56 - 1, 1 << 56, UInt64.max]
        for _ in 0..<2000 { values.append(random.next() >> (random.next() % 64)) }
        var writer = ByteWriter()
        for value in values { writer.varint(value) }
        let bytes = writer.bytes
        var at = 0
        for value in values {
            guard case .success(let (read, end)) = readVarint(bytes, at: at) else {
                Issue.record("\(value) did not read back")
                return
            }
            #expect(read == value)
            at = end
        }
        #expect(at == bytes.count)
    }

    @Test func theStringTablesWordsAreTheBytesZeroPadded() {
        var random = SplitMix64(seed: 24)
        for count in 0...16 {
            for _ in 0..<100 {
                // Exactly `count` bytes allocated: the loads must stay inside them.
                let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                var expected: (low: UInt64, high: UInt64) = (0, 0)
                bytes.withUnsafeBytes { source in
                    withUnsafeMutableBytes(of: &expected) { $0.copyMemory(from: source) }
                    let words = StringTable.words(source)
                    #expect(words.low == expected.low && words.high == expected.high, "\(bytes)")
                }
            }
        }
    }

    @Test func isASCIIJudgesEveryByteAtEveryLength() {
        // One byte with its high bit set at each position (or none), in buffers of exactly
        // `count` bytes (the word loads must stay inside them and still see every byte).
        for count in 0...40 {
            for position in -1..<count {
                for high: UInt8 in [0x80, 0xC3, 0xFF] {
                    var bytes = (0..<count).map { UInt8(0x20 + $0 % 0x5F) }
                    if position >= 0 { bytes[position] = high }
                    let expected = bytes.allSatisfy { $0 < 0x80 }
                    let judged = bytes.withUnsafeBytes { ByteReader.isASCII($0) }
                    #expect(judged == expected, "count \(count), position \(position)")
                }
            }
        }
        #expect(ByteReader.isASCII(UnsafeRawBufferPointer(start: nil, count: 0)))
    }
}
