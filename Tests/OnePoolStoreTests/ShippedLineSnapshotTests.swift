import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolStore

/// The compact shipped-line table in snapshots (format 6): keyed by a digest, SKUs by number,
/// the components of each shipped bundle line; snapshots of formats 4 and 5 still open, and a
/// format-5 snapshot of a store with bundles gives way to the journal (it never kept which
/// components a shipped bundle line took).
@Suite struct ShippedLineSnapshotTests {
    private let mug = OrderLineFacts(
        id: OrderLineID(channel: "shopify", order: "1001", line: 1), sku: "MUG", quantity: 3,
        unitPrice: Money(cents: 1200), time: testTime)
    private let gift = OrderLineFacts(
        id: OrderLineID(channel: "shopify", order: "1002", line: 1), sku: "GIFT", quantity: 2,
        unitPrice: Money(cents: 2500), time: testTime)

    /// MUG and TEA on hand, GIFT = 2 MUG + 1 TEA; order 1001 ships 3 MUG, order 1002 ships 2 GIFT
    /// (then GIFT is redefined), one MUG and one GIFT come back.
    private func storeWithShippedLines(in directory: TemporaryDirectory) throws -> Store {
        let store = try makeStore(in: directory)
        let mugBack = ReturnedLine(id: mug.id, returnID: "R1", sku: "MUG", quantity: 1, reason: "x", time: testTime)
        let giftBack = ReturnedLine(id: gift.id, returnID: "R2", sku: "GIFT", quantity: 1, reason: "y", time: testTime)
        let definition = BundleDefinition(
            code: "GIFT",
            components: [BundleComponent(sku: "MUG", quantity: 2), BundleComponent(sku: "TEA", quantity: 1)])
        let changes: [ProposedChange] = [
            ProposedChange(.skuCreated(SKU(code: "TEA", title: "Tea"))),
            ProposedChange(.skuCreated(SKU(code: "GIFT", title: "Gift"))),
            ProposedChange(.received(sku: "TEA", quantity: 9, reference: nil, fromIncoming: 0)),
            ProposedChange(.bundles(.defined(definition))),
            ProposedChange(.orderPlaced(mug), idempotencyKey: OrderKeys.placed(mug.id)),
            ProposedChange(.orderShipped(mug), idempotencyKey: OrderKeys.shipped(mug.id)),
            ProposedChange(.orderPlaced(gift), idempotencyKey: OrderKeys.placed(gift.id)),
            ProposedChange(.orderShipped(gift), idempotencyKey: OrderKeys.shipped(gift.id)),
            ProposedChange(
                .bundles(
                    .defined(BundleDefinition(code: "GIFT", components: [BundleComponent(sku: "TEA", quantity: 5)])))),
            ProposedChange(.returns(.arrived(mugBack)), idempotencyKey: mugBack.key),
            ProposedChange(.returns(.arrived(giftBack)), idempotencyKey: giftBack.key),
        ]
        _ = try store.transact(actor: "test", time: testTime) { _ in (changes, ()) }
        return store
    }

    private func events(of store: Store) throws -> [Event] {
        var events: [Event] = []
        try store.forEachEvent { events.append($0) }
        return events
    }

    /// Rewrites the newest snapshot in `format`, naming `ids` as its shipped lines.
    private func rewriteNewestSnapshot(_ store: Store, format: UInt32, ids: [OrderLineID]) throws {
        let file = try store.writeSnapshot()
        let loaded = try SnapshotCodec.decode(try PosixFile.open(file, .read).readAll())
        let old = SnapshotCodec.encode(
            loaded.state, position: loaded.position, anchor: loaded.anchor ?? .none, identity: loaded.identity ?? [],
            formatVersion: format, shippedLineIDs: ids)
        try FileSystem.writeAtomically(old, to: file)
        #expect(try SnapshotCodec.decode(try PosixFile.open(file, .read).readAll()).version == format)
    }

    @Test func aFormat6SnapshotKeepsShippedLinesAndTheComponentsBundleLinesTook() throws {
        let directory = TemporaryDirectory()
        let store = try storeWithShippedLines(in: directory)
        let file = try store.writeSnapshot()
        #expect(try SnapshotCodec.decode(try PosixFile.open(file, .read).readAll()).version == 6)
        let reopened = try Store.open(at: store.path)
        #expect(reopened.lastSnapshotSequence == store.state.lastSequence)
        #expect(reopened.state == store.state)
        #expect(reopened.state == StockState.replaying(try events(of: store)))
        #expect(reopened.state.returns.shipped[mug.id] == ShippedLine(sku: "MUG", shipped: 3, returned: 1))
        #expect(reopened.state.returns.shipped[gift.id]?.components?.map(\.text) == ["MUG × 2", "TEA × 1"])
        #expect(reopened.state.returns.awaitingQueue.compactMap(\.bundle) == ["GIFT", "GIFT"])
        // Equal states write equal bytes, however their tables numbered the SKUs.
        let again = SnapshotCodec.encode(
            reopened.state, position: JournalPosition(segment: 1, offset: 0), anchor: .none, identity: [])
        let first = SnapshotCodec.encode(
            store.state, position: JournalPosition(segment: 1, offset: 0), anchor: .none, identity: [])
        #expect(again == first)
    }

    @Test func aFormat5SnapshotWithoutBundlesOpensAndTheNextCommitWritesFormat6() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        let back = ReturnedLine(id: mug.id, returnID: "R1", sku: "MUG", quantity: 1, reason: "x", time: testTime)
        _ = try store.transact(actor: "test", time: testTime) { _ in
            (
                [
                    ProposedChange(.orderPlaced(mug), idempotencyKey: OrderKeys.placed(mug.id)),
                    ProposedChange(.orderShipped(mug), idempotencyKey: OrderKeys.shipped(mug.id)),
                    ProposedChange(.returns(.arrived(back)), idempotencyKey: back.key),
                ], ()
            )
        }
        try rewriteNewestSnapshot(store, format: 5, ids: [mug.id])
        let reopened = try Store.open(at: store.path)
        #expect(reopened.warnings.isEmpty)
        #expect(reopened.lastSnapshotSequence == store.state.lastSequence, "the format-5 snapshot was used")
        #expect(reopened.state == store.state)
        #expect(reopened.state.returns.shipped[mug.id] == ShippedLine(sku: "MUG", shipped: 3, returned: 1))
        let tooMany = ReturnedLine(id: mug.id, returnID: "R2", sku: "MUG", quantity: 3, reason: "x", time: testTime)
        #expect(throws: StoreError.self) {
            _ = try reopened.transact(actor: "test", time: testTime) { _ in
                ([ProposedChange(.returns(.arrived(tooMany)), idempotencyKey: tooMany.key)], ())
            }
        }
        var two = tooMany
        two.quantity = 2
        _ = try reopened.transact(actor: "test", time: testTime) { _ in
            ([ProposedChange(.returns(.arrived(two)), idempotencyKey: two.key)], ())
        }
        let newest = try #require(try reopened.layout.snapshotSequences().first)
        #expect(newest == reopened.state.lastSequence)
        let current = try SnapshotCodec.decode(try PosixFile.open(reopened.layout.snapshot(newest), .read).readAll())
        #expect(current.version == 6)
        #expect(try Store.open(at: store.path).state == reopened.state)
    }

    @Test func aFormat5SnapshotWithBundlesGivesWayToTheJournal() throws {
        let directory = TemporaryDirectory()
        let store = try storeWithShippedLines(in: directory)
        // Format 5 kept no components for shipped bundle lines: written as main wrote it.
        try rewriteNewestSnapshot(store, format: 5, ids: [mug.id, gift.id])
        let reopened = try Store.open(at: store.path)
        #expect(reopened.warnings.isEmpty)
        #expect(reopened.lastSnapshotSequence == 0, "the journal was replayed instead")
        #expect(reopened.state == StockState.replaying(try events(of: store)))
        #expect(reopened.state.returns.shipped[gift.id]?.components?.map(\.text) == ["MUG × 2", "TEA × 1"])
        let more = ReturnedLine(id: gift.id, returnID: "R3", sku: "GIFT", quantity: 1, reason: "z", time: testTime)
        _ = try reopened.transact(actor: "test", time: testTime) { _ in
            ([ProposedChange(.returns(.arrived(more)), idempotencyKey: more.key)], ())
        }
        #expect(reopened.state.returns.awaitingUnits("MUG") == 1 + 2 + 2, "1 MUG back, then 1 GIFT twice")
        let again = try Store.open(at: store.path)
        #expect(again.lastSnapshotSequence == again.state.lastSequence, "the commit wrote a format-6 snapshot")
        #expect(again.state == reopened.state)
    }

    @Test func aFormat4SnapshotStillOpens() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        _ = try store.transact(actor: "test", time: testTime) { _ in
            (
                [
                    ProposedChange(.orderPlaced(mug), idempotencyKey: OrderKeys.placed(mug.id)),
                    ProposedChange(.orderShipped(mug), idempotencyKey: OrderKeys.shipped(mug.id)),
                ], ()
            )
        }
        try rewriteNewestSnapshot(store, format: 4, ids: [mug.id])
        let reopened = try Store.open(at: store.path)
        #expect(reopened.lastSnapshotSequence == store.state.lastSequence)
        #expect(reopened.state == store.state)
    }

    @Test func aSnapshotWhoseShippedLineNamesNoSKUIsRefusedNotTrapped() throws {
        var writer = ByteWriter()
        writer.varint(1)
        writer.string("MUG")
        writer.varint(1)
        writer.u64(7)
        writer.u32(7)
        writer.varint(5)  // SKU number 5 of 1 code
        writer.varint(1)
        writer.varint(0)
        let bytes = writer.bytes
        #expect(throws: DecodeError.self) {
            try bytes.withUnsafeBytes { buffer in
                var reader = ByteReader(buffer)
                _ = try EventCodec.decodeReturnsState(from: &reader, version: 6)
            }
        }
    }

    /// The table keeps a snapshot's lines in the order they are stored: a key after (8, 0) that is
    /// lower, or the same key again, is refused rather than kept where no lookup would find it.
    @Test(arguments: [(UInt64(7), UInt32(7)), (UInt64(8), UInt32(0)), (UInt64(7), UInt32(9))])
    func aSnapshotWhoseShippedLinesAreNotAscendingIsRefused(second: (high: UInt64, low: UInt32)) throws {
        func section(_ keys: [(high: UInt64, low: UInt32)]) -> [UInt8] {
            var writer = ByteWriter()
            writer.varint(1)
            writer.string("MUG")
            writer.varint(UInt64(keys.count))
            for key in keys {
                writer.u64(key.high)
                writer.u32(key.low)
                writer.varint(0)
                writer.varint(2)
                writer.varint(0)
            }
            writer.varint(0)  // no bundle lines
            writer.varint(0)  // no returns awaiting inspection
            return writer.bytes
        }
        func decode(_ bytes: [UInt8]) throws -> ReturnsState {
            try bytes.withUnsafeBytes { buffer in
                var reader = ByteReader(buffer)
                return try EventCodec.decodeReturnsState(from: &reader, version: 6)
            }
        }
        let ascending = try decode(section([(high: 7, low: 7), (high: 8, low: 0)]))
        #expect(ascending.shipped.count == 2)
        #expect(ascending.shipped[ShippedLineKey(high: 8, low: 0)]?.shipped == 2)
        #expect(throws: DecodeError.self) { _ = try decode(section([(high: 8, low: 0), second])) }
    }

    @Test(arguments: [(11, 150), (12, 260), (13, 380)])
    func snapshotPlusTailWithBundleReturnsEqualsReplay(seed: Int, cut: Int) throws {
        var generator = RandomChanges(seed: UInt64(seed) &* 104_729, bundles: 3)
        let events = generator.events(count: 500)
        let directory = TemporaryDirectory()
        let store = try Store.create(at: directory.child("store"), metadata: testMetadata)
        var batches = SplitMix64(seed: UInt64(seed) ^ 0xFACE)
        try append(events.prefix(cut), to: store, batchSizes: &batches)
        try store.writeSnapshot()
        try append(events.dropFirst(cut), to: store, batchSizes: &batches)
        let reopened = try Store.open(at: store.path)
        #expect(reopened.lastSnapshotSequence == UInt64(cut))
        #expect(reopened.state == StockState.replaying(events))
    }
}
