import OnePoolTestSupport
import Testing

@testable import OnePoolCore

/// A shipped line's key is stored in snapshots, so its value must never move, and the key replay
/// hashes from the journal's bytes must be the key of the id made from them.
@Suite struct ShippedLineKeyTests {
    /// Values worked out independently (the definition, written out in Python) before replay
    /// hashed bytes: the stored format's keys are unchanged.
    @Test func keysKeepTheirStoredValues() {
        let ascii = ShippedLineKey(OrderLineID(channel: "shopify", order: "100234", line: 1))
        #expect(ascii == ShippedLineKey(high: 0x1367_8e06_fb11_01d9, low: 0x829e_a12c))
        let accented = ShippedLineKey(OrderLineID(channel: "ebay", order: "caf\u{E9}-7", line: 3))
        #expect(accented == ShippedLineKey(high: 0xc9da_80f3_639b_647c, low: 0xb772_67a4))
    }

    /// Random channels and orders of every length from 0 to 40 bytes, ASCII and not, with line
    /// numbers of any sign: the key from the strings' UTF-8 is the key of the id.
    @Test func theKeyFromBytesIsTheKeyOfTheID() {
        var random = SplitMix64(seed: 41)
        let alphabet: [Character] = ["a", "Z", "0", "-", "#", " ", "\u{E9}", "\u{8BA2}", "\u{1F4E6}", "e\u{301}"]
        func text(_ length: Int) -> String {
            String((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
        }
        for round in 0..<2000 {
            let channel = text(Int(random.next() % 12))
            let order = text(round % 41)
            let line = Int(truncatingIfNeeded: random.next()) >> Int(random.next() % 64)
            let id = OrderLineID(channel: ChannelName(channel), order: order, line: line)
            var channelCopy = channel
            var orderCopy = order
            let fromBytes = channelCopy.withUTF8 { channelUTF8 in
                orderCopy.withUTF8 { orderUTF8 in
                    ShippedLineKey(
                        channelUTF8: UnsafeRawBufferPointer(channelUTF8), orderUTF8: UnsafeRawBufferPointer(orderUTF8),
                        line: line)
                }
            }
            #expect(fromBytes == ShippedLineKey(id), "\(id)")
        }
    }
}
