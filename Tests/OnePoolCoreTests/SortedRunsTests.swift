import OnePoolCore
import PropertyBased
import Testing

/// Keys loaded from a snapshot are found through `SortedRuns`; every key must be found, and
/// only those, whatever the number of keys (and so of runs).
@Suite struct SortedRunsTests {
    @Test func everyLoadedKeyIsFoundAndNoOther() async {
        await propertyCheck(input: Gen.int(in: 0...5_000).array(of: 0...3_000)) { values in
            let loaded = Set(values.filter { $0 % 2 == 0 }.map { IdempotencyDigest(key: "k\($0)") })
            let index = IdempotencyIndex(sortedKeys: loaded.sorted())
            for value in values {
                let digest = IdempotencyDigest(key: "k\(value)")
                #expect(index.contains(digest) == loaded.contains(digest))
            }
        }
    }

    @Test func extremeDigestsAreFound() {
        let edges =
            [
                IdempotencyDigest(high: 0, low: 1), IdempotencyDigest(high: 0, low: 2),
                IdempotencyDigest(high: .max, low: 0), IdempotencyDigest(high: .max, low: .max),
            ] + (0..<100).map { IdempotencyDigest(key: "e\($0)") }
        let index = IdempotencyIndex(sortedKeys: edges.sorted())
        for digest in edges { #expect(index.contains(digest)) }
        #expect(!index.contains(IdempotencyDigest(high: .max, low: 1)))
        #expect(!index.contains(IdempotencyDigest(high: 1, low: 0)))
    }
}
