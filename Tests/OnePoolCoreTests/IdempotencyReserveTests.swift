import Testing

@testable import OnePoolCore

/// Replay sizes the key index from the journal's size before folding
/// (`IdempotencyIndex.reserveCapacity(forMore:)`): the table must then hold that many keys
/// without growing, answer exactly as an index that grew, and never reserve past its bound.
@Suite struct IdempotencyReserveTests {
    private func digests(_ range: Range<Int>) -> [IdempotencyDigest] {
        range.map { IdempotencyDigest(key: "order:shopify:\($0):1") }
    }

    @Test func aReservedIndexHoldsItsKeysWithoutGrowing() {
        var reserved = IdempotencyIndex()
        reserved.reserveCapacity(forMore: 5_000)
        let capacity = reserved.recentCapacity
        #expect(capacity >= 5_000 * 4 / 3)
        var grown = IdempotencyIndex()
        for (number, digest) in digests(0..<5_000).enumerated() {
            let facts = FactDigest(text: "MUG", Int64(number), 1)
            let (intoReserved, intoGrown) = (reserved.insert(digest, facts: facts), grown.insert(digest, facts: facts))
            #expect(intoReserved && intoGrown)
        }
        #expect(reserved.recentCapacity == capacity)
        #expect(grown.recentCapacity <= capacity)
        #expect(reserved.allSorted() == grown.allSorted())
        for digest in digests(0..<5_000) {
            let again = reserved.insert(digest)
            #expect(!again)
        }
        for digest in digests(5_000..<5_100) {
            #expect(!reserved.contains(digest))
            #expect(reserved.lookUp(digest).facts == nil)
        }
    }

    @Test func reservingCountsTheKeysAlreadyHeld() {
        var index = IdempotencyIndex(sortedKeys: digests(0..<100).sorted())
        for digest in digests(100..<1_100) { index.insert(digest) }
        let before = index.recentCapacity
        index.reserveCapacity(forMore: 0)
        index.reserveCapacity(forMore: -5)
        #expect(index.recentCapacity == before)
        index.reserveCapacity(forMore: 3_000)
        // The 1,000 recent keys and 3,000 more fit at most three quarters full.
        #expect(index.recentCapacity * 3 >= 4_000 * 4)
        #expect(index.count == 1_100)
        for digest in digests(0..<1_100) { #expect(index.contains(digest)) }
    }

    @Test func aReservationIsBoundedWhateverTheEstimate() {
        // An estimate from a huge (or lying) file size is cut to `largestReservation` keys: the
        // table is the smallest power of two that holds them three quarters full, never more.
        var index = IdempotencyIndex()
        index.reserveCapacity(forMore: Int.max)
        let bound = IdempotencyIndex.largestReservation
        #expect(index.recentCapacity * 3 >= bound * 4)
        #expect(index.recentCapacity / 2 * 3 < bound * 4)
        #expect(index.count == 0)
        index.insert(IdempotencyDigest(key: "k"))
        #expect(index.contains(key: "k"))
    }
}
