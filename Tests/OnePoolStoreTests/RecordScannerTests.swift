import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolStore

/// Recovery rules on bytes in memory, named like the specification they check.
@Suite struct RecordScannerTests {
    /// Frames `events` in batches of the given sizes; returns the bytes and where each batch starts.
    private func journal(_ events: [Event], batches sizes: [Int]) -> (bytes: [UInt8], starts: [Int]) {
        var writer = ByteWriter()
        var starts: [Int] = []
        var rest = events[...]
        for size in sizes {
            starts.append(writer.count)
            RecordFormat.appendBatch(Array(rest.prefix(size)), into: &writer)
            rest = rest.dropFirst(size)
        }
        return (writer.bytes, starts)
    }

    private func sampleEvents(_ count: Int) -> [Event] {
        var generator = RandomChanges(seed: 5)
        return Array(generator.events(count: count).prefix(count))
    }

    private func scan(_ bytes: [UInt8]) -> (RecordScan, [Event]) {
        var delivered: [Event] = []
        let result = bytes.withUnsafeBytes { buffer in
            RecordScanner.scan(buffer, fileOffset: 0, nextSequence: 1) { delivered.append($0) }
        }
        return (result, delivered)
    }

    @Test func completeBatchesAreDeliveredInOrder() {
        let events = sampleEvents(20)
        let (bytes, _) = journal(events, batches: [1, 5, 1, 13])
        let (result, delivered) = scan(bytes)
        #expect(result.tail == .clean)
        #expect(delivered == events)
        #expect(result.committedEnd == bytes.count)
        #expect(result.lastSequence == 20)
    }

    @Test func tornTailAtEveryByteOfTheLastRecordIsCutBackToTheLastBatch() {
        let events = sampleEvents(8)
        let (bytes, starts) = journal(events, batches: [3, 4, 1])
        let lastStart = starts[2]
        for cut in lastStart..<bytes.count {
            let (result, delivered) = scan(Array(bytes[..<cut]))
            if cut == lastStart {
                #expect(result.tail == .clean)
            } else {
                #expect(result.tail == .unfinished(offset: lastStart), "cut at \(cut)")
            }
            #expect(delivered == Array(events.prefix(7)), "cut at \(cut)")
            #expect(result.committedEnd == lastStart)
        }
    }

    @Test func aBatchCutAtAnyByteIsNeverHalfApplied() {
        let events = sampleEvents(10)
        let (bytes, starts) = journal(events, batches: [2, 8])
        for cut in (starts[1] + 1)..<bytes.count {
            let (result, delivered) = scan(Array(bytes[..<cut]))
            #expect(result.tail == .unfinished(offset: starts[1]), "cut at \(cut)")
            #expect(delivered == Array(events.prefix(2)), "cut at \(cut)")
        }
    }

    @Test func zeroFilledSpaceAfterTheLastBatchIsATornTail() {
        let events = sampleEvents(4)
        let (bytes, starts) = journal(events, batches: [2, 2])
        let (result, delivered) = scan(Array(bytes[..<(starts[1] + 3)]) + [UInt8](repeating: 0, count: 4096))
        #expect(result.tail == .unfinished(offset: starts[1]))
        #expect(delivered.count == 2)
    }

    @Test func aLastBatchWithAHoleIsTornEvenIfItsEndReachedTheDisk() {
        // Pages of one write can reach the disk out of order; the batch was never acknowledged.
        let events = sampleEvents(6)
        let (bytes, starts) = journal(events, batches: [1, 5])
        var damaged = bytes
        damaged[starts[1] + 30] ^= 0xFF
        let (result, delivered) = scan(damaged)
        #expect(result.tail == .unfinished(offset: starts[1]))
        #expect(delivered.count == 1)
    }

    @Test func aFlippedByteBeforeTheTailIsDamageAtItsRecord() {
        let events = sampleEvents(12)
        let (bytes, starts) = journal(events, batches: [4, 4, 4])
        for offset in [starts[0] + 2, starts[0] + 20, starts[1] + 11] {
            var damaged = bytes
            damaged[offset] ^= 0x01
            let (result, _) = scan(damaged)
            guard case .damaged(let at, let detail) = result.tail else {
                Issue.record("flip at \(offset) not reported as damage: \(result.tail)")
                continue
            }
            #expect(at <= offset && at >= (offset >= starts[1] ? starts[1] : 0))
            #expect(detail.contains("checksum"))
        }
    }

    @Test func aSequenceGapIsDamage() {
        var events = sampleEvents(3)
        events[2].sequence = 9
        let (bytes, _) = journal(events, batches: [1, 1, 1])
        let (result, delivered) = scan(bytes)
        guard case .damaged(_, let detail) = result.tail else {
            Issue.record("gap not reported")
            return
        }
        #expect(detail.contains("sequence 9"))
        #expect(delivered.count == 2)
    }
}
