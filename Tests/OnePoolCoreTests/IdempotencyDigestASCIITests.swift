import OnePoolTestSupport
import Testing

@testable import OnePoolCore

/// Replay digests a key from the journal's bytes with `IdempotencyDigest(asciiUTF8:)`, which
/// checks that the bytes are ASCII in the pass that hashes them: for ASCII bytes of any length it
/// must be the stored digest (`init(utf8:)`, `init(key:)`), and for any byte ≥ 0x80 anywhere,
/// nil (the key then takes the `String` route).
@Suite struct IdempotencyDigestASCIITests {
    @Test func asciiBytesDigestAsTheKeyAndOthersAreRefused() {
        var random = SplitMix64(seed: 0xA5C1)
        for length in 0...48 {
            for _ in 0..<20 {
                let ascii = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next() % 0x80) }
                let key = String(decoding: ascii, as: UTF8.self)
                ascii.withUnsafeBytes { bytes in
                    #expect(IdempotencyDigest(asciiUTF8: bytes) == IdempotencyDigest(utf8: bytes))
                    #expect(IdempotencyDigest(asciiUTF8: bytes) == IdempotencyDigest(key: key))
                }
                guard length > 0 else { continue }
                var other = ascii
                other[Int(random.next() % UInt64(length))] |= 0x80
                other.withUnsafeBytes { #expect(IdempotencyDigest(asciiUTF8: $0) == nil, "\(other)") }
            }
        }
    }
}
