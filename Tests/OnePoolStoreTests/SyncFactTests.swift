import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolStore

/// The live sync's facts: every kind survives the journal and a snapshot, and folds as meant.
@Suite struct SyncFactTests {
    static let facts: [SyncChange] = [
        .pulled(
            SyncPull(
                channel: "shopify", cursor: "updated_at>=2026-01-01T00:00:00Z;after=eyJ9",
                sold: [ListingUnits(listing: "MUG", units: 2)], restockable: ["CUP"])),
        .pulled(SyncPull(channel: "shopify", cursor: "start")),
        .catalogued(
            channel: "shopify", listings: [RemoteListing(listing: "MUG", remoteID: "gid://shopify/InventoryItem/1")],
            removed: ["OLD"]),
        .pushing(
            SyncPushIntent(
                channel: "shopify", key: "k-1",
                lines: [PushLine(listing: "MUG", from: 5, to: 3), PushLine(listing: "CUP", from: nil, to: 0)])),
        .pushed(
            SyncPushAnswer(
                channel: "shopify", key: "k-1", lines: [PushLine(listing: "MUG", from: 5, to: 3)], answer: .applied)),
        .pushed(
            SyncPushAnswer(
                channel: "shopify", key: "k-2", lines: [PushLine(listing: "MUG", from: 3, to: 2)],
                answer: .stale(listings: ["MUG"]))),
        .pushed(
            SyncPushAnswer(
                channel: "shopify", key: "k-3", lines: [PushLine(listing: "MUG", from: -1, to: 2)],
                answer: .refused("INVALID: no"))),
        .observed(ListingKey(channel: "shopify", listing: "CUP"), quantity: 4),
        .drift(SyncDrift(key: ListingKey(channel: "shopify", listing: "MUG"), expected: 3, found: -2)),
        .health(channel: "shopify", .failing(kind: "auth", message: "token refused")),
        .health(channel: "shopify", .working),
    ]

    @Test func everySyncKindIsListedForLogKind() {
        #expect(Set(Self.facts.map { Change.sync($0).kind }) == Set(SyncChange.kinds))
        #expect(Set(SyncChange.kinds).isSubset(of: Set(Change.kinds)))
    }

    @Test func everySyncFactSurvivesTheJournal() throws {
        for (index, fact) in Self.facts.enumerated() {
            let event = Event(sequence: UInt64(index + 1), time: testTime, actor: "sync", change: .sync(fact))
            var writer = ByteWriter()
            EventCodec.encode(event, into: &writer)
            let decoded = try writer.bytes.withUnsafeBytes { buffer in
                var reader = ByteReader(buffer)
                return try EventCodec.decode(from: &reader)
            }
            #expect(decoded == event)
        }
    }

    @Test func theSyncStateSurvivesASnapshotAndEqualsReplay() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(in: directory)
        _ = try store.transact(actor: "sync", time: testTime) { _ in (Self.facts.map { ProposedChange(.sync($0)) }, ())
        }
        let state = store.state.sync
        #expect(state.cursors["shopify"] == "start")
        #expect(state.remote[ListingKey(channel: "shopify", listing: "MUG")] == "gid://shopify/InventoryItem/1")
        // Applied 3, then drift found -2: the channel holds what it was found to hold.
        #expect(state.expected[ListingKey(channel: "shopify", listing: "MUG")] == -2)
        #expect(state.pending["shopify"] == nil)  // k-1 was answered
        #expect(state.channels["shopify"]?.health == .working)
        #expect(state.channels["shopify"]?.pushesApplied == 1)
        #expect(state.channels["shopify"]?.pushesStale == 1)
        #expect(state.channels["shopify"]?.driftCount == 1)
        #expect(store.state.offeredChannels.contains("shopify"), "an applied push counts as offering stock")
        #expect(store.state.published[ListingKey(channel: "shopify", listing: "MUG")] == 3)
        try store.writeSnapshot()
        let reopened = try Store.open(at: directory.child("store"))
        #expect(reopened.warnings == [])
        #expect(reopened.state.lastSequence == store.state.lastSequence)
        #expect(reopened.state.sync == state)
    }

    @Test func aPushIntentStaysPendingUntilItsAnswer() throws {
        var state = SyncState()
        let intent = SyncPushIntent(channel: "shopify", key: "k", lines: [PushLine(listing: "MUG", from: 1, to: 0)])
        state.apply(.pushing(intent), time: testTime)
        #expect(state.pending["shopify"] == intent)
        state.apply(
            .pushed(SyncPushAnswer(channel: "shopify", key: "other", lines: [], answer: .applied)), time: testTime)
        #expect(state.pending["shopify"] == intent)
        state.apply(
            .pushed(
                SyncPushAnswer(channel: "shopify", key: "k", lines: intent.lines, answer: .stale(listings: ["MUG"]))),
            time: testTime)
        #expect(state.pending["shopify"] == nil)
        #expect(state.expected.isEmpty)
    }

    @Test func salesRecordedByAPullLowerWhatTheChannelIsExpectedToHold() {
        var state = SyncState()
        let key = ListingKey(channel: "shopify", listing: "MUG")
        state.apply(
            .pushed(
                SyncPushAnswer(
                    channel: "shopify", key: "k", lines: [PushLine(listing: "MUG", from: 0, to: 5)], answer: .applied)),
            time: testTime)
        state.apply(
            .pulled(SyncPull(channel: "shopify", cursor: "c", sold: [ListingUnits(listing: "MUG", units: 2)])),
            time: testTime)
        #expect(state.expected[key] == 3)
        // A listing never set keeps no expectation: a sale there explains nothing.
        state.apply(
            .pulled(SyncPull(channel: "shopify", cursor: "d", sold: [ListingUnits(listing: "CUP", units: 1)])),
            time: testTime)
        #expect(state.expected[ListingKey(channel: "shopify", listing: "CUP")] == nil)
    }

    @Test func syncFactsAreCheckedLikeEveryInput() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(in: directory)
        let bad: [SyncChange] = [
            .pulled(SyncPull(channel: "nowhere", cursor: "c")),
            .pulled(SyncPull(channel: "shopify", cursor: "")),
            .pushing(
                SyncPushIntent(channel: "shopify", key: "k", lines: [PushLine(listing: "MUG", from: nil, to: -1)])),
            .drift(SyncDrift(key: ListingKey(channel: "shopify", listing: "MUG"), expected: 0, found: Int.max)),
        ]
        for fact in bad {
            #expect(throws: (any Error).self) {
                _ = try store.transact(actor: "sync", time: testTime) { _ in ([ProposedChange(.sync(fact))], ()) }
            }
        }
        #expect(store.state.lastSequence == 4)
    }
}
