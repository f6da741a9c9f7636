import OnePoolCore

/// A stream's events cut into batches as a writer proposes them: each batch holds 1…`largest`
/// events (the size drawn from `sizes`) that share one time, since a batch is stamped with one
/// time and counts remember when they were taken.
public struct SameTimeBatch {
    /// The size drawn for this batch (its events may be fewer: the run of one time ended first).
    public var size: Int
    public var time: Timestamp
    /// The events' changes, proposed again with their keys.
    public var changes: [ProposedChange]
}

extension Collection where Element == Event {
    public func sameTimeBatches(largest: Int, sizes: inout SplitMix64) -> [SameTimeBatch] {
        var rest = self[...]
        var batches: [SameTimeBatch] = []
        while let time = rest.first?.time {
            let size = Int.random(in: 1...largest, using: &sizes)
            let batch = rest.prefix(size).prefix { $0.time == time }
            rest = rest.dropFirst(batch.count)
            batches.append(
                SameTimeBatch(
                    size: size, time: time,
                    changes: batch.map { ProposedChange($0.change, idempotencyKey: $0.idempotencyKey) }))
        }
        return batches
    }
}
