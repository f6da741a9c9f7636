import OnePoolTestSupport
import Testing

@testable import OnePoolCore

/// SKU codes and order-line ids keep a hash of their text and hand dictionaries a spread of it
/// (`StoredHash`). Equality must stay the text's: a hash collision may cost a probe, never merge
/// two keys, and texts Swift calls equal must stay one key.
@Suite struct StoredHashTests {
    @Test func codesWhoseHashesCollideStayTwoKeys() {
        let mug = SKUCode("MUG", textHash: 42)
        let cup = SKUCode("CUP", textHash: 42)
        #expect(mug != cup)
        #expect(mug._rawHashValue(seed: 9) == cup._rawHashValue(seed: 9))
        var units: [SKUCode: Int] = [mug: 1, cup: 2]
        units[mug, default: 0] += 10
        #expect(units.count == 2)
        #expect(units[mug] == 11)
        #expect(units[cup] == 2)
        #expect(Set([mug, cup, mug]).count == 2)
    }

    @Test func aCollisionNeverMergesTwoPools() {
        let mug = SKUCode("MUG", textHash: 7)
        let cup = SKUCode("CUP", textHash: 7)
        var state = StockState()
        var sequence: UInt64 = 0
        func apply(_ change: Change) {
            sequence += 1
            state.apply(
                Event(sequence: sequence, time: Timestamp(millisecondsSince1970: 0), actor: "t", change: change))
        }
        apply(.skuCreated(SKU(code: mug, title: "Mug")))
        apply(.received(sku: cup, quantity: 5, reference: nil, fromIncoming: 0))
        // CUP has no pool: the receipt finds none, although its hash is MUG's.
        #expect(state.pools.count == 1)
        #expect(state.stock(mug) == StockLevel())
        apply(.skuCreated(SKU(code: cup, title: "Cup")))
        apply(.received(sku: cup, quantity: 5, reference: nil, fromIncoming: 0))
        apply(.received(sku: mug, quantity: 2, reference: nil, fromIncoming: 0))
        #expect(state.pools.count == 2)
        #expect(state.stock(cup)?.onHand == 5)
        #expect(state.stock(mug)?.onHand == 2)
        #expect(state.sku(cup)?.title == "Cup")
    }

    @Test func textsSwiftCallsEqualAreOneCode() {
        // Canonically equivalent spellings: precomposed and combining accent, and the Kelvin
        // sign, whose canonical decomposition is the letter K.
        let pairs: [(String, String)] = [("CAF\u{C9}", "CAFE\u{301}"), ("\u{212A}-1", "K-1")]
        for (one, other) in pairs {
            #expect(one == other)
            #expect(SKUCode(one) == SKUCode(other))
            #expect(SKUCode(one).hashValue == SKUCode(other).hashValue)
            #expect(SKUCode(one)._rawHashValue(seed: 3) == SKUCode(other)._rawHashValue(seed: 3))
            #expect([SKUCode(one): 1][SKUCode(other)] == 1)
        }
        #expect(SKUCode("MUG") != SKUCode("MUG "))
        #expect(SKUCode("mug") != SKUCode("MUG"))
    }

    @Test func orderLinesOnTwoChannelsShareAHashButNotAKey() {
        // The channel is left out of an id's stored hash: the same order and line on two
        // channels always collide, and must stay two lines.
        let shopify = OrderLineID(channel: "shopify", order: "1001", line: 1)
        let amazon = OrderLineID(channel: "amazon", order: "1001", line: 1)
        #expect(shopify != amazon)
        #expect(shopify._rawHashValue(seed: 5) == amazon._rawHashValue(seed: 5))
        var open: [OrderLineID: Int] = [shopify: 1, amazon: 2]
        open[shopify] = nil
        #expect(open == [amazon: 2])
        var moved = amazon
        moved.channel = "shopify"
        #expect(moved == shopify)
        #expect(moved.hashValue == shopify.hashValue)
    }

    @Test func manyKeysRoundTripThroughDictionariesOfEverySize() {
        // Tables grow, shrink and are copied into one another: every key is still found.
        let codes = (0..<5000).map { SKUCode("SKU-\($0)") }
        var table: [SKUCode: Int] = [:]
        for (index, code) in codes.enumerated() { table[code] = index }
        var copy: [SKUCode: Int] = [:]
        for (code, index) in table where index % 3 == 0 { copy[code] = index }
        for (index, code) in codes.enumerated() {
            #expect(table[code] == index)
            #expect(copy[code] == (index % 3 == 0 ? index : nil))
        }
        #expect(Set(codes.map { $0._rawHashValue(seed: 1) }).count > 4990)
    }

    @Test func theSpreadIsABijectionOfTheStoredHashForASeed() {
        var random = SplitMix64(seed: 3)
        var seen = Set<Int>()
        var stored = Set<Int>()
        for _ in 0..<20_000 {
            let value = Int(bitPattern: UInt(random.next()))
            guard stored.insert(value).inserted else { continue }
            #expect(seen.insert(StoredHash.raw(value, seed: 77)).inserted)
        }
    }
}

/// Fact digests are stored in snapshots: a faster loop over a text's bytes must give the values
/// the byte-by-byte definition gives.
@Suite struct FactDigestValueTests {
    private func reference(_ text: String, _ first: Int64, _ second: Int64) -> UInt32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let bytes = Array(text.utf8) + [0xff]
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        for number in [first, second] {
            var bits = UInt64(bitPattern: number)
            for _ in 0..<8 {
                hash = (hash ^ (bits & 0xff)) &* 0x0000_0100_0000_01b3
                bits >>= 8
            }
        }
        var z = hash
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        z ^= z >> 31
        let folded = UInt32(truncatingIfNeeded: z ^ (z >> 32))
        return folded == 0 ? 1 : folded
    }

    @Test func digestsAreTheDefinitionsValues() {
        let texts = [
            "", "MUG", "SKU-0042", "CAF\u{C9}", "CAFE\u{301}", "\u{1F600}-box", String(repeating: "long-", count: 20),
        ]
        var random = SplitMix64(seed: 9)
        for text in texts {
            for _ in 0..<20 {
                let first = Int64(bitPattern: random.next())
                let second = Int64(bitPattern: random.next() >> 20)
                #expect(FactDigest(text: text, first, second).value == reference(text, first, second))
            }
        }
        // Numbers whose high bytes are zero (a quantity, a price: what most events carry, taken
        // at once past the last non-zero byte), zero bytes below non-zero ones, and negatives.
        let numbers: [Int64] = [
            0, 1, 2, 255, 256, 999, 0xff00, 0x1_0000, 0x100_0001, 0x7f00_0000_0000, 1 << 56, Int64.max, -1, -2,
            Int64.min,
        ]
        for text in texts {
            for first in numbers {
                for second in numbers {
                    #expect(FactDigest(text: text, first, second).value == reference(text, first, second))
                }
            }
        }
        // A value worked out apart from Swift (Python, the same definition): snapshots store it.
        #expect(FactDigest(text: "MUG", 3, 999).value == 0x2984_5f70)
    }
}
