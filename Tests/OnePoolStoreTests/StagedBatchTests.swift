import Foundation
import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolStore

/// A staged batch (what a large import writes) reaches the segment in pieces before its end,
/// yet counts only whole: a batch given up leaves the journal byte for byte as it was, a batch
/// cut anywhere is applied not at all, and a committed one opens to the same state.
@Suite struct StagedBatchTests {
    /// Enough order lines that the batch is handed to the file in several 1 MiB pieces.
    static let lines = 25_000

    private func placement(_ index: Int) -> (ProposedChange, IdempotencyDigest) {
        let id = OrderLineID(channel: "shopify", order: "order-with-a-long-identifier-\(index)", line: 1 + index % 3)
        let facts = OrderLineFacts(id: id, sku: "MUG", quantity: 1, unitPrice: Money(cents: 1200), time: testTime)
        let key = OrderKeys.placed(id)
        return (ProposedChange(.orderPlaced(facts), idempotencyKey: key), IdempotencyDigest(key: key))
    }

    private func stageAll(_ batch: StagedBatch) throws {
        for index in 0..<Self.lines {
            let (change, digest) = placement(index)
            let staged = try batch.stage(change, digest: digest)
            #expect(staged)
        }
    }

    private func segment(_ store: Store) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: store.path + "/journal/00000001.opj"))
    }

    @Test func aBatchGivenUpAfterItsPiecesWereWrittenLeavesTheJournalAsItWas() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        let before = try segment(store)
        let state = store.state
        struct GiveUp: Error {}
        var sizeMidway = 0
        #expect(throws: GiveUp.self) {
            _ = try store.transactStaged(actor: "import", time: testTime) { batch in
                try stageAll(batch)
                sizeMidway = (try? segment(store).count) ?? 0
                throw GiveUp()
            }
        }
        #expect(sizeMidway > before.count + (1 << 20), "pieces of the batch reached the file before its end")
        #expect(try segment(store) == before)
        #expect(store.state == state)
        #expect(try Store.open(at: store.path).state == state)
        // And the store still takes writes.
        try sell(store, order: 1)
        #expect(store.state.lastSequence == state.lastSequence + 1)
    }

    @Test func aCommittedBatchIsOneBatchThatOpensToTheSameState() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        store.snapshotInterval = 0
        let start = try segment(store).count
        let first = store.state.lastSequence
        let (appended, _) = try store.transactStaged(actor: "import", time: testTime) { batch in try stageAll(batch) }
        #expect(appended == Self.lines)
        #expect(store.state.lastSequence == first + UInt64(Self.lines))
        #expect(store.state.openLines.count == Self.lines)
        #expect(try Store.open(at: store.path).state == store.state)
        // A staged change whose key was seen changes nothing and is not appended.
        let (again, _) = try store.transactStaged(actor: "import", time: testTime) { batch in
            let (change, digest) = placement(7)
            let staged = try batch.stage(change, digest: digest)
            #expect(!staged)
        }
        #expect(again == 0)

        // Cut anywhere inside the batch (as a crash mid-import would leave it): none of it applies.
        let bytes = try segment(store)
        var random = SplitMix64(seed: 10)
        for _ in 0..<12 {
            let cut = Int.random(in: (start + 1)..<(bytes.count - 1), using: &random)
            let copy = TemporaryDirectory()
            try FileManager.default.copyItem(atPath: store.path, toPath: copy.child("store"))
            try bytes.prefix(cut).write(to: URL(fileURLWithPath: copy.child("store") + "/journal/00000001.opj"))
            let opened = try Store.open(at: copy.child("store"))
            #expect(opened.state.lastSequence == first, "cut at \(cut)")
            #expect(opened.warnings.contains { $0.contains("after the last complete batch") }, "cut at \(cut)")
        }
    }

    @Test func aRefusedChangeChangesNothingAndTheRestCommits() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        let first = store.state.lastSequence
        let (appended, _) = try store.transactStaged(actor: "import", time: testTime) { batch in
            let (change, digest) = placement(1)
            let staged = try batch.stage(change, digest: digest)
            #expect(staged)
            let unknown = OrderLineFacts(
                id: OrderLineID(channel: "shopify", order: "x", line: 1), sku: "NOPE", quantity: 1, unitPrice: .zero,
                time: testTime)
            var refused = false
            do { _ = try batch.stage(ProposedChange(.orderPlaced(unknown)), digest: nil) } catch { refused = true }
            #expect(refused)
            #expect(batch.eventCount == 1)
        }
        #expect(appended == 1)
        #expect(try Store.open(at: store.path).state.lastSequence == first + 1)
    }
}
