import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolStore

/// Returns in the journal and in snapshots: the new events under tag 90, the first return event
/// (tag 23) as older stores hold it, and snapshots written before returns (format 3).
@Suite struct ReturnsStoreTests {
    private let line = OrderLineFacts(
        id: OrderLineID(channel: "shopify", order: "1001", line: 1), sku: "MUG", quantity: 3,
        unitPrice: Money(cents: 1200), time: testTime)

    private func decode(_ bytes: [UInt8]) throws -> Event {
        try bytes.withUnsafeBytes { buffer in
            var reader = ByteReader(buffer)
            let event = try EventCodec.decode(from: &reader)
            #expect(reader.remaining == 0)
            return event
        }
    }

    @Test func returnFactsSurviveEncoding() throws {
        let back = ReturnedLine(
            id: OrderLineID(channel: "amazon", order: "113-1234567-0000001", line: 2), returnID: "Dq7LmTx2RRMA",
            sku: "MUG", quantity: 1, reason: "CR-DAMAGED_BY_CARRIER", time: Timestamp(millisecondsSince1970: -5))
        let changes: [ReturnChange] = [
            .arrived(back),
            .arrived(ReturnedLine(id: back.id, returnID: "", sku: "CUP", quantity: 2, reason: "ü", time: testTime)),
            .restocked(sku: "MUG", quantity: 1, reason: nil), .restocked(sku: "MUG", quantity: 4, reason: "repacked"),
            .writtenOff(sku: "MUG", quantity: 2, reason: "cracked"),
        ]
        for (index, change) in changes.enumerated() {
            let event = Event(
                sequence: UInt64(index + 1), time: testTime, actor: "return", idempotencyKey: "k\(index)",
                change: .returns(change))
            var writer = ByteWriter()
            EventCodec.encode(event, into: &writer)
            #expect(writer.bytes[writer.bytes.firstIndex(of: 90) ?? 0] == 90)
            #expect(try decode(writer.bytes) == event)
        }
    }

    @Test func anUnknownReturnFactIsRefusedNotGuessed() {
        var writer = ByteWriter()
        writer.u64(1)
        writer.int(testTime.millisecondsSince1970)
        writer.string("a")
        writer.optionalString(nil as String?)
        writer.u8(90)
        writer.u8(77)
        #expect(throws: DecodeError.self) { try decode(writer.bytes) }
    }

    /// The bytes of an `orderReturned` event as the first code wrote them (tag 23, the line, a
    /// restocked flag), laid out field by field here so that a change to the encoder cannot hide
    /// a change to what old stores hold.
    private func oldReturnBytes(sequence: UInt64, restocked: Bool) -> [UInt8] {
        var writer = ByteWriter()
        writer.u64(sequence)
        writer.int(testTime.millisecondsSince1970)
        writer.string("demo")
        writer.optionalString("return:shopify:1001:1")
        writer.u8(23)
        writer.string("shopify")
        writer.string("1001")
        writer.int(1)
        writer.string("MUG")
        writer.int(1)
        writer.int(Int64(1200))
        writer.int(testTime.millisecondsSince1970)
        writer.bool(restocked)
        return writer.bytes
    }

    @Test func anOldReturnEventStillDecodesAndFoldsAsBefore() throws {
        var returned = line
        returned.quantity = 1
        for restocked in [true, false] {
            let event = try decode(oldReturnBytes(sequence: 9, restocked: restocked))
            #expect(event.change == .orderReturned(returned, restocked: restocked))
            #expect(event.idempotencyKey == "return:shopify:1001:1")
            var writer = ByteWriter()
            EventCodec.encode(event, into: &writer)
            #expect(
                writer.bytes == oldReturnBytes(sequence: 9, restocked: restocked), "tag 23 is still written the old way"
            )
        }
    }

    /// Places and ships 3 MUG (order 1001), then records one unit back with the old event.
    private func storeWithAnOldReturn(in directory: TemporaryDirectory) throws -> Store {
        let store = try makeStore(in: directory)
        var returned = line
        returned.quantity = 1
        _ = try store.transact(actor: "test", time: testTime) { _ in
            (
                [
                    ProposedChange(.orderPlaced(line), idempotencyKey: OrderKeys.placed(line.id)),
                    ProposedChange(.orderShipped(line), idempotencyKey: OrderKeys.shipped(line.id)),
                    ProposedChange(.orderReturned(returned, restocked: false), idempotencyKey: "return:shopify:1001:1"),
                ], ()
            )
        }
        return store
    }

    /// Rewrites the store's newest snapshot as format 3 (no returns section), as main wrote it.
    private func downgradeNewestSnapshot(_ store: Store) throws -> String {
        let file = try store.writeSnapshot()
        let loaded = try SnapshotCodec.decode(try PosixFile.open(file, .read).readAll())
        #expect(loaded.version == SnapshotCodec.version)
        let old = SnapshotCodec.encode(
            loaded.state, position: loaded.position, anchor: loaded.anchor ?? .none, identity: loaded.identity ?? [],
            formatVersion: 3)
        try FileSystem.writeAtomically(old, to: file)
        #expect(try SnapshotCodec.decode(try PosixFile.open(file, .read).readAll()).version == 3)
        return file
    }

    @Test func aStoreWithAFormat3SnapshotAndOldReturnsOpensAndChecksReturns() throws {
        let directory = TemporaryDirectory()
        let store = try storeWithAnOldReturn(in: directory)
        _ = try downgradeNewestSnapshot(store)
        let reopened = try Store.open(at: store.path)
        #expect(reopened.warnings.isEmpty)
        #expect(reopened.lastSnapshotSequence == 7, "the format-3 snapshot was used")
        #expect(reopened.state.stock("MUG") == StockLevel(onHand: 8, unsellable: 1))
        // Shipped lines were read back from the journal, old returns counted against them.
        #expect(reopened.state.returns.shipped[line.id] == ShippedLine(sku: "MUG", shipped: 3, returned: 1))
        var events: [Event] = []
        try reopened.forEachEvent { events.append($0) }
        #expect(reopened.state == StockState.replaying(events))

        let tooMany = ReturnedLine(id: line.id, returnID: "R2", sku: "MUG", quantity: 3, reason: "x", time: testTime)
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
        // That commit wrote a current snapshot: the next open needs no journal scan.
        let newest = try #require(try reopened.layout.snapshotSequences().first)
        #expect(newest == 8)
        let current = try SnapshotCodec.decode(try PosixFile.open(reopened.layout.snapshot(newest), .read).readAll())
        #expect(current.version == SnapshotCodec.version)
        let again = try Store.open(at: store.path)
        #expect(again.state == reopened.state)
        #expect(again.state.returns.awaitingUnits("MUG") == 2)
    }

    @Test func aFormat4SnapshotCarriesShippedLinesAndTheQueue() throws {
        let directory = TemporaryDirectory()
        let store = try storeWithAnOldReturn(in: directory)
        let back = ReturnedLine(
            id: line.id, returnID: "R1", sku: "MUG", quantity: 2, reason: "defective", time: testTime)
        _ = try store.transact(actor: "test", time: testTime) { _ in
            ([ProposedChange(.returns(.arrived(back)), idempotencyKey: back.key)], ())
        }
        try store.writeSnapshot()
        let reopened = try Store.open(at: store.path)
        #expect(reopened.lastSnapshotSequence == 8)
        #expect(reopened.state.returns.awaitingQueue.map(\.line) == [back])
        #expect(reopened.state.returns.shipped[line.id]?.returnable == 0)
        #expect(reopened.state == store.state)
    }
}
