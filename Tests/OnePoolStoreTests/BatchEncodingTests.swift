import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolStore

/// A commit encodes each change from its parts as it passes its check (`BatchWriter.add(sequence:…)`,
/// with the batch's actor encoded once). The journal must not change by a byte for that.
@Suite struct BatchEncodingTests {
    /// The bytes of one batch, each event added whole (`add(_ event:)`), as before.
    private func wholeEvents(_ events: [Event], capacity: Int) throws -> [UInt8] {
        var batch = BatchWriter(capacity: capacity, flushSize: .max)
        for event in events { batch.add(event) }
        return try finished(&batch)
    }

    /// The bytes of the same batch built from the events' parts with an encoded actor.
    private func fromParts(_ events: [Event], capacity: Int) throws -> [UInt8] {
        var batch = BatchWriter(capacity: capacity, flushSize: .max)
        for event in events {
            batch.add(
                sequence: event.sequence, time: event.time, actor: ByteWriter.encodedString(event.actor.rawValue),
                idempotencyKey: event.idempotencyKey, change: event.change)
        }
        return try finished(&batch)
    }

    private func finished(_ batch: inout BatchWriter) throws -> [UInt8] {
        var bytes: [UInt8] = []
        _ = try batch.finish { (piece, _) throws(StoreError) in bytes += piece }
        return bytes
    }

    @Test func partsEncodeExactlyAsWholeEvents() throws {
        var generator = RandomChanges(seed: 15)
        let events = generator.events(count: 400)
        // From a writer that must grow many times (every fast path meets a full buffer) to one
        // that never grows.
        for capacity in [1, 64, 1 << 20] {
            let expected = try wholeEvents(events, capacity: capacity)
            #expect(try fromParts(events, capacity: capacity) == expected)
            var reference = ByteWriter()
            RecordFormat.appendBatch(events, into: &reference)
            #expect(expected == reference.bytes)
        }
    }

    @Test func varintsOfEveryLengthRoundTrip() throws {
        var values: [UInt64] = [0, 1, 0x7F, 0x80, 0x3FFF, 0x4000, .max, .max - 1]
        for shift in 0..<64 { values += [1 << UInt64(shift), (1 << UInt64(shift)) - 1] }
        // A writer that starts full, so the one-byte path must refuse and the long path grow.
        var writer = ByteWriter(capacity: 16)
        for value in values { writer.varint(value) }
        let decoded = writer.bytes.withUnsafeBytes { buffer -> [UInt64]? in
            var reader = ByteReader(buffer)
            let read = values.map { _ in try? reader.varint() }
            return reader.remaining == 0 ? read.compactMap { $0 } : nil
        }
        #expect(decoded == values)
    }

    @Test func aLongActorAndKeysOfAnyLengthSurvive() throws {
        let actor = UserName(String(repeating: "import:shopify-ü-", count: 20))
        let events = (1...300).map { index in
            Event(
                sequence: UInt64(index), time: Timestamp(millisecondsSince1970: Int64(index) * 1_000_003),
                actor: actor, idempotencyKey: index.isMultiple(of: 3) ? nil : String(repeating: "k", count: index),
                change: .safetySet(sku: "MUG", quantity: index))
        }
        let bytes = try fromParts(events, capacity: 8)
        #expect(bytes == (try wholeEvents(events, capacity: 8)))
        var decoded: [Event] = []
        let scan = bytes.withUnsafeBytes { buffer in
            RecordScanner.scan(buffer, fileOffset: 0, nextSequence: 1) { decoded.append($0) }
        }
        #expect(scan.tail == .clean)
        #expect(decoded == events)
    }

    @Test func aStoreCommitWritesWhatTheEventsEncodeTo() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        // Two commits by one actor (its encoding is reused), then one by another.
        let actors: [UserName] = ["tester", "tester", "someone-else"]
        for (round, actor) in actors.enumerated() {
            let changes = (0..<50).map { index in
                ProposedChange(
                    .safetySet(sku: "MUG", quantity: round * 100 + index + 1),
                    idempotencyKey: "safety-\(round)-\(index)")
            }
            let start = store.journalPosition.offset
            let commit = try store.transact(actor: actor, time: testTime) { _ in (changes, ()) }
            #expect(commit.appended.count == 50)
            #expect(commit.appended.allSatisfy { $0.actor == actor })
            var reference = ByteWriter()
            RecordFormat.appendBatch(commit.appended, into: &reference)
            let file = try PosixFile.open(store.layout.segment(store.journalPosition.segment), .read)
            #expect(try file.read(at: start, count: reference.count) == reference.bytes)
            #expect(store.journalPosition.offset == start + reference.count)
        }
        var replayed: [Event] = []
        try store.forEachEvent { replayed.append($0) }
        #expect(
            replayed.suffix(150).map(\.actor) == Array(repeating: "tester", count: 100)
                + Array(
                    repeating: "someone-else", count: 50))
        #expect(try Store.open(at: store.path).state == store.state)
    }
}
