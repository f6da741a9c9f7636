import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolStore

/// `Store.transactStream` syncs each batch while the next is checked and encoded. It must write
/// what `transactCounting` writes batch by batch, acknowledge a batch only once it is durable and
/// in order, and after a refusal or a failed write or sync leave exactly the batches it
/// acknowledged — in the journal and in the store's state.
@Suite(.serialized) struct StreamCommitTests {
    /// Random batches (some with duplicates amid new changes, some all duplicates), through a stream
    /// on one store and one `transactCounting` each on another, across segment boundaries.
    @Test func aStreamWritesWhatCountedCommitsWrite() throws {
        for seed: UInt64 in [5, 21, 2026] {
            let batches = Self.randomBatches(seed: seed, events: 500)
            let directory = TemporaryDirectory(inMemory: true)
            let counted = try Store.create(at: directory.child("counted"), metadata: testMetadata)
            let streamed = try Store.create(at: directory.child("streamed"), metadata: testMetadata)
            for store in [counted, streamed] {
                store.snapshotInterval = 0
                store.segmentLimit = 4096  // several segments: a new one may start mid-stream
            }
            var expected: [(appended: Int, duplicates: [ProposedChange])] = []
            for batch in batches {
                let commit = try counted.transactCounting(actor: "prop", time: batch.time) { _ in (batch.changes, ()) }
                expected.append((commit.appended, commit.duplicates))
            }
            var handed = 0
            var told: [(appended: Int, duplicates: [ProposedChange])] = []
            let acknowledged = try streamed.transactStream(
                actor: "prop",
                next: {
                    guard handed < batches.count else { return nil }
                    handed += 1
                    return batches[handed - 1]
                },
                durable: { commit in told.append((commit.appended, commit.duplicates)) })
            #expect(acknowledged == batches.count)
            #expect(told.map(\.appended) == expected.map(\.appended))
            #expect(told.map(\.duplicates) == expected.map(\.duplicates))
            #expect(expected.contains { $0.appended == 0 }, "seed \(seed): no batch was all duplicates")
            #expect(
                expected.contains { $0.appended > 0 && !$0.duplicates.isEmpty },
                "seed \(seed): no batch mixed duplicates with appended changes")
            #expect(streamed.journalPosition.segment > 2, "seed \(seed): the stream never started a segment")
            #expect(streamed.state == counted.state)
            #expect(streamed.journalPosition == counted.journalPosition)
            #expect(try Self.journal(streamed) == (try Self.journal(counted)))
            #expect(try Store.open(at: streamed.path).state == counted.state)
        }
    }

    /// A refused batch: the batch before it (being synced while it was checked) is durable and
    /// acknowledged; nothing of the refused one is written or kept in memory.
    @Test func aRefusedBatchAcknowledgesTheOneBeforeAndKeepsNothingOfItsOwn() throws {
        let directory = TemporaryDirectory(inMemory: true)
        let store = try makeStore(in: directory)
        let referenceDirectory = TemporaryDirectory(inMemory: true)
        let reference = try makeStore(in: referenceDirectory)
        let sales = (1...3).map { [Self.sale(order: $0)] }
        for batch in sales { _ = try reference.transactCounting(actor: "t", time: testTime) { _ in (batch, ()) } }
        // The fourth batch sells one line, then holds more than is on hand: refused whole.
        let refused = [Self.sale(order: 4), ProposedChange(.held(sku: "MUG", quantity: 50, reason: "too many"))]
        var handed = 0
        var told = 0
        let outcome = Result {
            try store.transactStream(
                actor: "t",
                next: {
                    handed += 1
                    return handed <= 3
                        ? StreamBatch(time: testTime, changes: sales[handed - 1])
                        : StreamBatch(time: testTime, changes: refused)
                },
                durable: { _ in told += 1 })
        }
        guard case .failure(let error) = outcome, case .refused = error as? StoreError else {
            Issue.record("the held units beyond what is on hand were not refused: \(outcome)")
            return
        }
        #expect(told == 3, "the batch synced while the refused one was checked was not acknowledged")
        #expect(store.state == reference.state, "the refused batch's first line stayed in memory")
        #expect(try Self.journal(store) == (try Self.journal(reference)))
        #expect(try Store.open(at: store.path).state == reference.state)
        // The store writes on as before.
        _ = try store.transactCounting(actor: "t", time: testTime) { _ in ([Self.sale(order: 4)], ()) }
        #expect(try Store.open(at: store.path).state.openLines.count == 4)
    }

    /// `durable` throwing stops the stream: what was acknowledged stays, the batches prepared
    /// meanwhile are never written.
    @Test func aCallerThatGivesUpKeepsWhatWasAcknowledged() throws {
        struct Stop: Error {}
        let directory = TemporaryDirectory(inMemory: true)
        let store = try makeStore(in: directory)
        var handed = 0
        #expect(throws: Stop.self) {
            try Self.streamSales(
                into: store,
                more: {
                    handed = $0
                    return true
                },
                told: { if $0 == 2 { throw Stop() } })
        }
        // Batch 3 was encoded, batch 4 folded and batch 5 handed over while batch 2 was synced:
        // none of them is kept.
        #expect(handed == 5, "the stream should have asked for the fifth batch before the second was durable")
        #expect(store.state.openLines.count == 2)
        #expect(try Store.open(at: store.path).state == store.state)
    }

    /// `next` throwing after three batches: the three it handed over are durable and
    /// acknowledged before its error is thrown, as three transactions would have left them.
    @Test func aNextThatThrowsKeepsTheBatchesItHandedOver() throws {
        struct Stop: Error {}
        for handedBeforeStop in [0, 1, 3] {
            let directory = TemporaryDirectory(inMemory: true)
            let store = try makeStore(in: directory)
            var told = 0
            #expect(throws: Stop.self) {
                try Self.streamSales(
                    into: store,
                    more: { if $0 > handedBeforeStop { throw Stop() } else { return true } },
                    told: { told = $0 })
            }
            #expect(told == handedBeforeStop)
            #expect(store.state.openLines.count == handedBeforeStop)
            #expect(try Store.open(at: store.path).state == store.state)
        }
    }

    /// A write to the store from inside its own stream would put a batch between the stream's,
    /// out of sequence: it stops the process instead.
    @Test func aWriteFromInsideTheStreamStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            let directory = TemporaryDirectory(inMemory: true)
            guard let store = try? makeStore(in: directory) else { return }
            var handed = 0
            _ = try? store.transactStream(
                actor: "t",
                next: {
                    guard handed < 4 else { return nil }
                    handed += 1
                    return StreamBatch(time: testTime, changes: [StreamCommitTests.sale(order: handed)])
                },
                durable: { _ in _ = try? sell(store, order: 100) })
        }
    }

    /// Fails, in turn, each write and sync a five-batch stream makes. After each: the batches
    /// acknowledged are exactly those in the journal and in the state (this process's and the
    /// next's), the failed batch is cut back, and no later batch reached the segment.
    @Test func everyFailedWriteOrSyncLeavesExactlyTheAcknowledgedBatches() throws {
        var point = 1
        var failedSyncs = 0
        var failedWrites = 0
        while point < 40 {
            let directory = TemporaryDirectory()
            let store = try makeStore(in: directory)
            store.snapshotInterval = 0
            let sizes = (0...5).map { count in
                RawFile.size(store.layout.segment(1)) + count * Self.saleBytes(store)
            }
            FaultInjection.arm(.init(failAt: point, operations: [.write, .sync], under: store.path))
            var told = 0
            let outcome = Result { try Self.streamSales(into: store, more: { $0 <= 5 }, told: { told = $0 }) }
            let (failed, _) = FaultInjection.disarm(under: store.path)
            guard let fault = failed.first else {
                #expect(told == 5)
                break  // every write and sync has had its turn
            }
            if fault.contains("sync") { failedSyncs += 1 } else { failedWrites += 1 }
            guard case .failure = outcome else {
                Issue.record("fault at \(fault): the stream did not fail")
                break
            }
            #expect(told < 5, "fault at \(fault): every batch was acknowledged")
            #expect(store.state.openLines.count == told, "fault at \(fault): memory holds an unacknowledged batch")
            #expect(
                RawFile.size(store.layout.segment(1)) == sizes[told], "fault at \(fault): the segment is not cut back")
            let reopened = try Store.open(at: store.path)
            #expect(reopened.state == store.state, "fault at \(fault)")
            #expect(reopened.warnings.isEmpty, "fault at \(fault): \(reopened.warnings)")
            point += 1
        }
        #expect(failedSyncs == 5 && failedWrites == 5, "syncs \(failedSyncs), writes \(failedWrites) failed")
    }

    // MARK: - Helpers

    /// Streams batches of one sale each (order n in batch n, from 1) into `store` while `more(n)`
    /// says so; `told(n)` hears that batch n is durable. Either may throw.
    @discardableResult
    private static func streamSales(
        into store: Store, more: (Int) throws -> Bool, told: (Int) throws -> Void
    ) throws -> Int {
        var handed = 0
        var durable = 0
        return try store.transactStream(
            actor: "t",
            next: {
                guard try more(handed + 1) else { return nil }
                handed += 1
                return StreamBatch(time: testTime, changes: [sale(order: handed)])
            },
            durable: { _ in
                durable += 1
                try told(durable)
            })
    }

    static func sale(order: Int) -> ProposedChange {
        let id = OrderLineID(channel: "shopify", order: "\(order)", line: 1)
        let facts = OrderLineFacts(id: id, sku: "MUG", quantity: 1, unitPrice: Money(cents: 1200), time: testTime)
        return ProposedChange(.orderPlaced(facts), idempotencyKey: "order:\(id)")
    }

    /// The bytes one `sale` batch adds to the journal (every sale's encoding is the same length).
    private static func saleBytes(_ store: Store) -> Int {
        let directory = TemporaryDirectory(inMemory: true)
        let probe = try? makeStore(in: directory)
        guard let probe else { return 0 }
        let before = RawFile.size(probe.layout.segment(1))
        _ = try? probe.transactCounting(actor: "t", time: testTime) { _ in ([sale(order: 1)], ()) }
        return RawFile.size(probe.layout.segment(1)) - before
    }

    /// Batches of one time each from a random stream; some repeat their keyed changes.
    private static func randomBatches(seed: UInt64, events count: Int) -> [StreamBatch] {
        var generator = RandomChanges(seed: seed, bundles: 2)
        var sizes = SplitMix64(seed: seed)
        var batches: [StreamBatch] = []
        for cut in generator.events(count: count).sameTimeBatches(largest: 30, sizes: &sizes) {
            let (time, changes) = (cut.time, cut.changes)
            switch cut.size % 3 {
            case 0:  // each keyed change twice in a row: duplicates amid appended changes
                batches.append(
                    StreamBatch(time: time, changes: changes.flatMap { $0.idempotencyKey == nil ? [$0] : [$0, $0] }))
            case 1:  // then the keyed ones again, on their own: a batch of duplicates only
                batches.append(StreamBatch(time: time, changes: changes))
                batches.append(StreamBatch(time: time, changes: changes.filter { $0.idempotencyKey != nil }))
            default:
                batches.append(StreamBatch(time: time, changes: changes))
            }
        }
        return batches
    }

    /// Every segment's bytes, in order.
    private static func journal(_ store: Store) throws -> [[UInt8]] {
        try store.layout.segmentNumbers().map { number in
            let file = try PosixFile.open(store.layout.segment(number), .read)
            return try file.read(at: 0, count: try file.size())
        }
    }
}
