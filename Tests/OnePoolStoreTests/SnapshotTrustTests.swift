import Foundation
import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolStore

/// A snapshot is trusted only when it names this store and ends exactly on a batch of its
/// journal; a journal shorter than its newest snapshot is an error, never a silent rollback.
@Suite struct SnapshotTrustTests {
    @Test func aJournalRestoredFromAnOlderBackupIsAnErrorNamingBoth() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try sell(store, order: 1)
        let backup = RawFile.bytes(store.layout.segment(1))
        try sell(store, order: 2)
        let snapshot = try store.writeSnapshot()
        RawFile.write(backup, to: store.layout.segment(1))
        let before = ReadersNeverWriteTests.contents(of: store.path)
        let opened = Result { () throws(StoreError) in try Store.open(at: store.path) }
        guard case .failure(.journalBehindSnapshot(let named, _, let journalEnds)) = opened else {
            Issue.record("a journal behind its snapshot opened: \(opened)")
            return
        }
        #expect(named == snapshot)
        #expect(journalEnds == "segment 1 byte \(backup.count)")
        #expect(ReadersNeverWriteTests.contents(of: store.path) == before)
        #expect(StoreDoctor.examine(at: store.path).contains { $0.severity == .error && $0.file == snapshot })
    }

    @Test func anotherStoresSnapshotIsIgnoredWithAWarning() throws {
        let directory = TemporaryDirectory()
        let mine = try makeStore(in: directory)
        try sell(mine, order: 1)
        let otherDirectory = TemporaryDirectory()
        let other = try makeStore(in: otherDirectory)
        try sell(other, order: 1, quantity: 7)
        let foreign = try other.writeSnapshot()
        let planted = mine.layout.snapshot(other.state.lastSequence)
        try FileManager.default.copyItem(atPath: foreign, toPath: planted)
        let reopened = try Store.open(at: mine.path)
        #expect(reopened.state == mine.state)
        #expect(reopened.lastSnapshotSequence == 0)
        #expect(reopened.warnings.contains { $0.contains(planted) && $0.contains("not this store's snapshot") })
        let finding = StoreDoctor.examine(at: mine.path).first { $0.file == planted }
        #expect(finding?.severity == .warning)
    }

    @Test func aSnapshotWhosePositionFallsInsideARecordIsIgnoredAndDoctorAgrees() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try sell(store, order: 1)
        try sell(store, order: 2)
        var loaded = try SnapshotCodec.decode(store.snapshotBytes())
        loaded.position.offset -= 7
        let bytes = SnapshotCodec.encode(
            loaded.state, position: loaded.position, anchor: loaded.anchor ?? .none,
            identity: store.metadata.identityBytes)
        RawFile.write(bytes, to: store.layout.snapshot(store.state.lastSequence))
        let reopened = try Store.open(at: store.path)
        #expect(reopened.state == store.state)
        #expect(reopened.lastSnapshotSequence == 0)
        #expect(reopened.warnings.contains { $0.contains("does not match the journal") })
        let findings = StoreDoctor.examine(at: store.path)
        #expect(findings.allSatisfy { $0.severity != .error })
        #expect(findings.contains { $0.severity == .warning && $0.message.contains("does not match the journal") })
    }

    @Test func aSnapshotEndingOnAChangedRecordIsIgnored() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try sell(store, order: 1)
        try store.writeSnapshot()
        // The journal is rewritten with a different last event of the same size: same
        // position, another checksum.
        let otherDirectory = TemporaryDirectory()
        let other = try makeStore(in: otherDirectory)
        try sell(other, order: 2)
        RawFile.write(RawFile.bytes(other.layout.segment(1)), to: store.layout.segment(1))
        let reopened = try Store.open(at: store.path)
        #expect(reopened.lastSnapshotSequence == 0)
        #expect(reopened.state.openLines.keys.contains(OrderLineID(channel: "shopify", order: "2", line: 1)))
    }

    // MARK: - A store written by OnePool 0.1 (metadata without identity, format-2 snapshot)

    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/store-written-by-0.1").path

    static func copyOfOldStore(in directory: TemporaryDirectory) throws -> String {
        let path = directory.child("old")
        try FileManager.default.copyItem(atPath: fixture, toPath: path)
        for relative in ["", "/journal", "/snapshots"] { chmod(path + relative, 0o700) }
        return path
    }

    @Test func aStoreWrittenByTheEarlierFormatOpensFromItsSnapshotAndUpgradesOnFirstWrite() throws {
        let directory = TemporaryDirectory()
        let path = try Self.copyOfOldStore(in: directory)
        let old = try Store.open(at: path)
        #expect(old.metadata.identity == nil)
        #expect(old.lastSnapshotSequence == 8, "the format-2 snapshot matching its journal was not used")
        #expect(old.warnings.isEmpty, "\(old.warnings)")
        #expect(old.state.lastSequence == 11)
        #expect(old.state.stock("MUG-BLUE") == StockLevel(onHand: 38, committed: 3))
        #expect(old.state.stock("TEE-M") == StockLevel(onHand: 25, committed: 1, held: 2))
        #expect(StoreDoctor.examine(at: path).allSatisfy { $0.severity == .ok })
        var replayed = StockState()
        try old.forEachEvent { replayed.apply($0) }
        #expect(replayed == old.state)

        _ = try old.transact(actor: "t", time: testTime) { _ in
            ([ProposedChange(.adjusted(sku: "MUG-BLUE", delta: 2, reason: "found"))], ())
        }
        let upgraded = try Store.open(at: path)
        #expect(upgraded.metadata.identity != nil, "the first writer did not give the store an identity")
        #expect(upgraded.lastSnapshotSequence == 8, "the old snapshot is still good after the upgrade")
        #expect(upgraded.state.stock("MUG-BLUE")?.onHand == 40)
        try upgraded.writeSnapshot()
        let again = try Store.open(at: path)
        #expect(again.lastSnapshotSequence == 12)
        #expect(StoreDoctor.examine(at: path).allSatisfy { $0.severity == .ok })
    }

    @Test func anOldFormatSnapshotThatDoesNotEndOnARecordIsIgnored() throws {
        let directory = TemporaryDirectory()
        let path = try Self.copyOfOldStore(in: directory)
        let segment = StoreLayout(root: path).segment(1)
        // Cut the journal inside the snapshot's last record: the old snapshot no longer matches.
        var bytes = RawFile.bytes(segment)
        let snapshot = try SnapshotCodec.decode(RawFile.bytes(StoreLayout(root: path).snapshot(8)))
        bytes.replaceSubrange((snapshot.position.offset - 3)..<snapshot.position.offset, with: [0, 0, 0])
        RawFile.write(bytes, to: segment)
        let opened = Result { () throws(StoreError) in try Store.open(at: path) }
        // The journal is damaged mid-file (valid batches follow), so open refuses; what matters
        // is that the snapshot did not paper over it.
        guard case .failure(.damaged) = opened else {
            Issue.record("expected the damage to be refused, got \(opened)")
            return
        }
    }
}
