import OnePoolCore
import PropertyBased
import Testing

@Suite struct IdempotencyIndexTests {
    @Test func digestIsStableAcrossRuns() {
        // Stored on disk in snapshots: a change to the hash would silently forget every key.
        let digest = IdempotencyDigest(key: "order:shopify:1001:1")
        #expect(digest == IdempotencyDigest(key: "order:shopify:1001:1"))
        #expect(digest != IdempotencyDigest(key: "order:shopify:1001:2"))
        #expect(digest == IdempotencyDigest(high: 0xdae4_79b7_2c30_7c2c, low: 0xcbf9_7b47_ae4d_a8db))
    }

    @Test func sortedAndRecentKeysAreBothFound() {
        let loaded = ["a", "b", "c"].map { IdempotencyDigest(key: $0) }.sorted()
        var index = IdempotencyIndex(sorted: loaded)
        #expect(index.contains(key: "b"))
        let insertedAgain = index.insert(IdempotencyDigest(key: "b"))
        let insertedNew = index.insert(IdempotencyDigest(key: "d"))
        #expect(!insertedAgain)
        #expect(insertedNew)
        #expect(index.contains(key: "d"))
        #expect(index.count == 4)
        #expect(index.allSorted() == index.allSorted().sorted())
    }

    @Test func mergingKeepsEveryKeyOnceInOrder() async {
        await propertyCheck(input: Gen.int(in: 0...10_000).array(of: 0...60), Gen.int(in: 0...10_000).array(of: 0...60)) { old, new in
            var index = IdempotencyIndex(sorted: Set(old.map { IdempotencyDigest(key: "k\($0)") }).sorted())
            for value in new { index.insert(IdempotencyDigest(key: "k\(value)")) }
            let all = index.allSorted()
            #expect(all == Set(all).sorted())
            #expect(Set(all) == Set((old + new).map { IdempotencyDigest(key: "k\($0)") }))
        }
    }
}
