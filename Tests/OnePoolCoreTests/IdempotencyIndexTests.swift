import OnePoolCore
import PropertyBased
import Testing

@Suite struct IdempotencyIndexTests {
    @Test func digestIsStableAcrossRuns() {
        // Stored on disk in snapshots: a change to the hash would silently forget every key.
        let digest = IdempotencyDigest(key: "order:shopify:1001:1")
        #expect(digest == IdempotencyDigest(key: "order:shopify:1001:1"))
        #expect(digest != IdempotencyDigest(key: "order:shopify:1001:2"))
        #expect(digest == IdempotencyDigest(high: 0xdae4_79b7_2c30_7c2c, low: 0xae4d_a8db))
        // A version-2 snapshot stored the 128-bit digest; read back, it is the same key.
        #expect(digest == IdempotencyDigest(high: 0xdae4_79b7_2c30_7c2c, wideLow: 0xcbf9_7b47_ae4d_a8db))
    }

    @Test func sortedAndRecentKeysAreBothFound() {
        let loaded = ["a", "b", "c"].map { IdempotencyDigest(key: $0) }.sorted()
        var index = IdempotencyIndex(sortedKeys: loaded)
        #expect(index.contains(key: "b"))
        let insertedAgain = index.insert(IdempotencyDigest(key: "b"))
        let insertedNew = index.insert(IdempotencyDigest(key: "d"))
        #expect(!insertedAgain)
        #expect(insertedNew)
        #expect(index.contains(key: "d"))
        #expect(index.count == 4)
        #expect(index.allSorted().map(\.key) == index.allSorted().map(\.key).sorted())
    }

    @Test func mergingKeepsEveryKeyOnceInOrder() async {
        await propertyCheck(input: Gen.int(in: 0...10_000).array(of: 0...60), Gen.int(in: 0...10_000).array(of: 0...60))
        { old, new in
            var index = IdempotencyIndex(sortedKeys: Set(old.map { IdempotencyDigest(key: "k\($0)") }).sorted())
            for value in new { index.insert(IdempotencyDigest(key: "k\(value)")) }
            let all = index.allSorted().map(\.key)
            #expect(all == Set(all).sorted())
            #expect(Set(all) == Set((old + new).map { IdempotencyDigest(key: "k\($0)") }))
        }
    }
}

/// The digest of each line's facts kept beside its key: how an edited line is told from a repeat.
@Suite struct FactDigestTests {
    @Test func anEntryCostsSixteenBytes() {
        // Issue 15 wants the index dense: the facts live in what would be the key's padding.
        #expect(MemoryLayout<IdempotencyEntry>.stride == 16)
    }

    @Test func factsAreKeptBesideTheirKeyAndCanBeReplaced() {
        var index = IdempotencyIndex(sortedKeys: [IdempotencyDigest(key: "old")])
        let line = FactDigest(text: "MUG", 2, 1200)
        let inserted = index.insert(IdempotencyDigest(key: "new"), facts: line)
        #expect(inserted)
        #expect(index.facts(of: IdempotencyDigest(key: "new")) == line)
        #expect(index.facts(of: IdempotencyDigest(key: "old")) == .unknown)
        #expect(index.facts(of: IdempotencyDigest(key: "never")) == nil)
        // Inserting a seen key again keeps its facts: only an amendment replaces them.
        let again = index.insert(IdempotencyDigest(key: "new"), facts: FactDigest(text: "MUG", 3, 1200))
        #expect(!again)
        #expect(index.facts(of: IdempotencyDigest(key: "new")) == line)
        let edited = FactDigest(text: "MUG", 3, 1200)
        let replaced = [
            index.setFacts(edited, for: IdempotencyDigest(key: "old")),
            index.setFacts(edited, for: IdempotencyDigest(key: "new")),
            index.setFacts(edited, for: IdempotencyDigest(key: "never")),
        ]
        #expect(replaced == [true, true, false])
        #expect(index.facts(of: IdempotencyDigest(key: "old")) == edited)
        #expect(index.facts(of: IdempotencyDigest(key: "new")) == edited)
        #expect(index.allSorted().allSatisfy { $0.facts == edited })
    }

    @Test func everyFactCountsAndNoneIsUnknown() {
        let base = FactDigest(text: "MUG", 2, 1200)
        #expect(base.isKnown)
        #expect(base == FactDigest(text: "MUG", 2, 1200))
        #expect(base != FactDigest(text: "MUG", 3, 1200))
        #expect(base != FactDigest(text: "MUG", 2, 1201))
        #expect(base != FactDigest(text: "CUP", 2, 1200))
        #expect(FactDigest(text: "A", 12, 0) != FactDigest(text: "A1", 2, 0))
    }
}
