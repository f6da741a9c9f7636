import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolChannels

/// The shortcut for prices written the plainest way ("24.99") reads what `Money.read` reads, and
/// leaves everything else to it.
@Suite struct PlainAmountTests {
    private static let alphabet: [UInt8] = Array("0123456789.,-+ e".utf8)

    @Test func plainAmountsReadAsMoneyReadDoes() {
        var random = SplitMix64(seed: 15)
        var taken = 0
        for _ in 0..<50_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                // Mostly digits, a point now and then: many candidates of the plain shape.
                let digit = Int.random(in: 0..<4, using: &random) != 0
                bytes.append(
                    digit
                        ? UInt8.random(in: 48...57, using: &random) : Self.alphabet.randomElement(using: &random) ?? 46)
            }
            if Int.random(in: 0..<3, using: &random) == 0, bytes.count >= 4 { bytes[bytes.count - 3] = 46 }
            let plain = bytes.withUnsafeBufferPointer { RowFields.plainCents($0) }
            guard let plain else { continue }
            taken += 1
            let read = try? bytes.withUnsafeBufferPointer { try Money.read(utf8: $0) }
            #expect(read == Money(cents: plain), "\(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(taken > 1_000)
        let refused = ["05.00", "1.5", "12.345", "-1.00", "1,00", "1 .00", "1000.00", ".50", "0.5"]
        for text in refused {
            #expect(Array(text.utf8).withUnsafeBufferPointer { RowFields.plainCents($0) } == nil, "\(text)")
        }
        for (text, cents) in [("0.50", 50), ("24.99", 2499), ("999.99", 99_999), ("1.00", 100), ("0.00", 0)] {
            #expect(Array(text.utf8).withUnsafeBufferPointer { RowFields.plainCents($0) } == Int64(cents), "\(text)")
        }
    }
}
