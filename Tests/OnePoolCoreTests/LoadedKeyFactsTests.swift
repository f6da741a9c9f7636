import OnePoolCore
import Testing

/// Amending a line whose key was loaded from a snapshot replaces the facts kept with that key in
/// the sorted run — in place: a `didSet` on the run once rebuilt its lookup table over every
/// loaded key for each amended line (seconds per thousand amendments at 100,000 keys).
@Suite struct LoadedKeyFactsTests {
    @Test func amendingLoadedKeysKeepsEveryLookupAndTakesNoPassOverAllKeys() {
        let keys = (0..<100_000).map { IdempotencyDigest(key: "order:shopify:\($0):1") }.sorted()
        var index = IdempotencyIndex(sortedKeys: keys)
        let amended = stride(from: 0, to: keys.count, by: 100).map { keys[$0] }
        let clock = ContinuousClock()
        let took = clock.measure {
            for (number, key) in amended.enumerated() {
                let found = index.setFacts(FactDigest(value: UInt32(number + 1)), for: key)
                #expect(found)
            }
        }
        // 1,000 amendments: microseconds each in place; a pass over 100,000 keys each is seconds
        // in a debug build. The bound leaves room for a machine shared with other builds.
        #expect(took < .seconds(2), "\(took)")
        for (number, key) in amended.enumerated() {
            #expect(index.facts(of: key) == FactDigest(value: UInt32(number + 1)))
        }
        #expect(index.facts(of: keys[1]) == .unknown)
        #expect(index.facts(of: IdempotencyDigest(key: "never")) == nil)
        #expect(index.count == keys.count)
    }
}
