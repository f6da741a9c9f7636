import OnePoolTestSupport
import Testing

@testable import OnePoolCore

/// The store's two big hash tables grow in place (`SlotBuffer` + `InPlaceRehash`) so that a long
/// import never holds a table twice. Growing must leave a valid linear-probing table with the same
/// entries, and the tables must keep value semantics: a copy (a staged state) never sees the
/// changes of the value it was copied from.
@Suite struct InPlaceGrowthTests {
    /// A slot of the test tables: 0 is empty; the home is the value's upper bits, drawn from few
    /// homes so that clusters are long and wrap around the table's end.
    private static func home(_ value: UInt64) -> Int { Int(truncatingIfNeeded: value >> 24) }

    private static func insert(_ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt64>) {
        let mask = buffer.count - 1
        var index = home(value) & mask
        while buffer[index] != 0 { index = (index + 1) & mask }
        buffer[index] = value
    }

    /// Every entry is reached by probing from its home without crossing an empty slot.
    private static func isValid(_ buffer: UnsafeBufferPointer<UInt64>) -> Bool {
        let mask = buffer.count - 1
        for (position, value) in buffer.enumerated() where value != 0 {
            var index = home(value) & mask
            while index != position {
                if buffer[index] == 0 { return false }
                index = (index + 1) & mask
            }
        }
        return true
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func growingKeepsEveryEntryFindable(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<40 {
            let oldCount = 1 << Int.random(in: 0...7, using: &random)
            let factor = [1, 2, 4, 8][Int.random(in: 0...3, using: &random)]
            let entries = Int.random(in: 0...(oldCount * 3 / 4), using: &random)
            let homes = UInt64.random(in: 1...UInt64(oldCount * factor * 2), using: &random)
            var values = Set<UInt64>()
            while values.count < entries {
                let homeBits = UInt64.random(in: 0..<homes, using: &random) << 24
                values.insert(homeBits | UInt64.random(in: 1..<(1 << 24), using: &random))
            }
            var slots = SlotBuffer<UInt64>(count: oldCount, empty: 0)
            slots.withUnsafeMutableSlots { buffer in
                for value in values { Self.insert(value, into: buffer) }
            }
            slots.grow(to: oldCount * factor, empty: 0)
            slots.withUnsafeMutableSlots { buffer in
                InPlaceRehash.rehash(buffer, filled: oldCount, empty: 0, isEmpty: { $0 == 0 }, home: Self.home)
            }
            slots.withUnsafeSlots { buffer in
                #expect(Self.isValid(buffer), "seed \(seed): \(entries) entries, \(oldCount) → \(buffer.count) slots")
                #expect(Set(buffer.filter { $0 != 0 }) == values)
                #expect(buffer.filter { $0 != 0 }.count == values.count)
            }
        }
    }

    @Test func aDigestSetCopyKeepsItsKeysWhileTheOriginalGrows() {
        var original = DigestSet()
        let first = (0..<1_000).map { IdempotencyDigest(key: "order:shopify:\($0):1") }
        for digest in first { original.insert(IdempotencyEntry(key: digest, facts: FactDigest(value: 1))) }
        let copy = original
        let later = (1_000..<20_000).map { IdempotencyDigest(key: "order:shopify:\($0):1") }
        for digest in later { original.insert(IdempotencyEntry(key: digest)) }
        original.setFacts(FactDigest(value: 7), for: first[0])
        #expect(copy.count == 1_000)
        #expect(copy.capacity < original.capacity)
        #expect(copy.facts(of: first[0]) == FactDigest(value: 1))
        #expect(later.allSatisfy { !copy.contains($0) })
        #expect(original.count == 20_000)
        #expect(original.facts(of: first[0]) == FactDigest(value: 7))
        #expect((first + later).allSatisfy { original.contains($0) })
        // And the other way round: the copy's change stays in the copy.
        var second = copy
        second.setFacts(FactDigest(value: 9), for: first[1])
        #expect(copy.facts(of: first[1]) == FactDigest(value: 1))
        #expect(second.facts(of: first[1]) == FactDigest(value: 9))
    }

    @Test func aShippedLineTableCopyKeepsItsLinesWhileTheOriginalGrows() {
        var original = ShippedLineTable()
        let sku = SKUCode("MUG")
        func key(_ number: Int) -> ShippedLineKey {
            ShippedLineKey(OrderLineID(channel: ChannelName("shopify"), order: "#\(number)", line: 1))
        }
        for number in 0..<1_000 { original.recordShipment(key(number), sku: sku, units: 2, components: nil) }
        let copy = original
        for number in 1_000..<20_000 { original.recordShipment(key(number), sku: sku, units: 1, components: nil) }
        original.recordShipment(key(0), sku: sku, units: 5, components: nil)
        #expect(copy.count == 1_000)
        #expect(copy.entry(for: key(0))?.shipped == 2)
        #expect(copy.entry(for: key(1_000)) == nil)
        #expect(original.count == 20_000)
        #expect(original.entry(for: key(0))?.shipped == 7)
        #expect((0..<20_000).allSatisfy { original.entry(for: key($0)) != nil })
    }
}
