import OnePoolTestSupport
import Testing

@testable import OnePoolCore
@testable import OnePoolStore

/// Bundles in snapshots (version 4): definitions and the components each open bundle line holds
/// survive a snapshot, and snapshot + tail replays to the same state as the whole journal.
@Suite struct SnapshotBundleTests {
    @Test(arguments: [(1, 90), (2, 160), (3, 240), (4, 300)])
    func snapshotPlusTailWithBundlesEqualsReplay(seed: Int, cut: Int) throws {
        var generator = RandomChanges(seed: UInt64(seed) &* 7919, bundles: 3)
        let events = generator.events(count: 320)
        #expect(events.contains { if case .bundles(.defined) = $0.change { true } else { false } })
        let directory = TemporaryDirectory()
        let store = try Store.create(at: directory.child("store"), metadata: testMetadata)
        store.segmentLimit = 4096
        var batches = SplitMix64(seed: UInt64(seed) ^ 0xB0B)
        try append(events.prefix(cut), to: store, batchSizes: &batches)
        try store.writeSnapshot()
        try append(events.dropFirst(cut), to: store, batchSizes: &batches)
        let reopened = try Store.open(at: store.path)
        let replayed = StockState.replaying(events)
        #expect(reopened.lastSnapshotSequence == UInt64(cut))
        #expect(reopened.state == replayed)
        #expect(reopened.state.bundles == replayed.bundles)
    }

    @Test func anOpenLineSoldUnderAnOldRecipeKeepsItThroughASnapshot() throws {
        var state = StockState()
        var sequence: UInt64 = 0
        func apply(_ change: Change) throws {
            try state.check(change)
            sequence += 1
            state.apply(
                Event(sequence: sequence, time: Timestamp(secondsSince1970: 1_780_000_000), actor: "t", change: change))
        }
        try apply(.channelAdded(Channel(name: "shop", kind: .shopify)))
        for code in ["A", "B", "KIT"] { try apply(.skuCreated(SKU(code: SKUCode(code), title: code))) }
        try apply(.received(sku: "A", quantity: 20, reference: nil, fromIncoming: 0))
        try apply(.received(sku: "B", quantity: 20, reference: nil, fromIncoming: 0))
        try apply(
            .bundles(.defined(BundleDefinition(code: "KIT", components: [BundleComponent(sku: "A", quantity: 2)]))))
        let line = OrderLineFacts(
            id: OrderLineID(channel: "shop", order: "1", line: 1), sku: "KIT", quantity: 3,
            unitPrice: Money(cents: 900),
            time: Timestamp(secondsSince1970: 1_780_000_000))
        try apply(.orderPlaced(line))
        try apply(
            .bundles(.defined(BundleDefinition(code: "KIT", components: [BundleComponent(sku: "B", quantity: 1)]))))
        let bytes = SnapshotCodec.encode(
            state, position: JournalPosition(segment: 1, offset: 0), anchor: .none,
            identity: [UInt8](repeating: 1, count: 16))
        var loaded = try SnapshotCodec.decode(bytes).state
        #expect(loaded == state)
        #expect(loaded.pools["A"]?.committedByChannel == ["shop": 6])
        #expect(loaded.pools["KIT"]?.committedByChannel == [:])
        sequence += 1
        let cancel = Event(
            sequence: sequence, time: Timestamp(secondsSince1970: 1_780_000_001), actor: "t",
            change: .orderCancelled(line))
        loaded.apply(cancel)
        state.apply(cancel)
        #expect(loaded == state)
        #expect(loaded.stock("A")?.committed == 0 && loaded.stock("B")?.committed == 0)
    }

    @Test func aVersion3SnapshotStillOpensWithNoBundles() throws {
        var generator = RandomChanges(seed: 5)
        let events = generator.events(count: 120)
        let state = StockState.replaying(events)
        let bytes = SnapshotCodec.encode(
            state, position: JournalPosition(segment: 1, offset: 0), anchor: .none,
            identity: [UInt8](repeating: 1, count: 16), withBundles: false)
        let loaded = try SnapshotCodec.decode(bytes)
        #expect(loaded.version == 3)
        // Version 3 has no returns section either: its state starts with no shipped lines (the
        // store reads them back from the journal on open, `ReturnsStoreTests`).
        var expected = state
        expected.returns = ReturnsState()
        #expect(loaded.state == expected)
        #expect(loaded.state.bundles.isEmpty)
    }

    @Test func bundleFactsRoundTripThroughTheEventCodec() throws {
        let changes: [Change] = [
            .bundles(
                .defined(
                    BundleDefinition(
                        code: "KIT",
                        components: [
                            BundleComponent(sku: "A", quantity: 2), BundleComponent(sku: "B", quantity: 1000),
                        ]))),
            .bundles(.removed(code: "KIT")),
        ]
        for (index, change) in changes.enumerated() {
            let event = Event(
                sequence: UInt64(index + 1), time: Timestamp(secondsSince1970: 1), actor: "t", change: change)
            var writer = ByteWriter(capacity: 64)
            EventCodec.encode(event, into: &writer)
            let decoded = try writer.bytes.withUnsafeBytes { buffer in
                var reader = ByteReader(buffer)
                return try EventCodec.decode(from: &reader)
            }
            #expect(decoded == event)
        }
    }
}
