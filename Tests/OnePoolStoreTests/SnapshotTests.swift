import OnePoolCore
import OnePoolTestSupport
import PropertyBased
import Testing

@testable import OnePoolStore

@Suite struct SnapshotTests {
    @Test func openingFromASnapshotGivesTheSameStateAsAFullReplay() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        for order in 1...5 { try sell(store, order: order) }
        try store.writeSnapshot()
        for order in 6...9 { try sell(store, order: order) }
        let fromSnapshot = try Store.open(at: store.path)
        #expect(fromSnapshot.lastSnapshotSequence == 9)
        #expect(fromSnapshot.state == store.state)
        try FileSystem.list(store.layout.snapshots).forEach { FileSystem.remove("\(store.layout.snapshots)/\($0)") }
        #expect(try Store.open(at: store.path).state == store.state)
    }

    @Test func aSnapshotInterruptedBeforeRenameIsIgnored() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try sell(store, order: 1)
        // The writer died after writing its temporary file: the name never became a snapshot.
        let bytes = store.snapshotBytes()
        RawFile.write(
            Array(bytes.prefix(bytes.count / 2)),
            to: "\(store.layout.snapshots)/.tmp-999-\(StoreLayout.padded(5, width: 20)).ops")
        let reopened = try Store.open(at: store.path)
        #expect(reopened.state == store.state)
        #expect(reopened.lastSnapshotSequence == 0)
        #expect(reopened.warnings.isEmpty)
    }

    @Test func aSnapshotRenamedButNotYetDirectorySyncedIsWholeAndUsed() throws {
        // Before the directory fsync the rename may or may not survive a crash; the file was
        // fsynced before the rename, so either way it is complete. Here it survived.
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try sell(store, order: 1)
        RawFile.write(store.snapshotBytes(), to: store.layout.snapshot(store.state.lastSequence))
        try sell(store, order: 2)
        let reopened = try Store.open(at: store.path)
        #expect(reopened.lastSnapshotSequence == 5)
        #expect(reopened.state == store.state)
    }

    @Test func aDamagedSnapshotFallsBackToTheJournalWithAWarning() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try sell(store, order: 1)
        let file = try store.writeSnapshot()
        RawFile.flipByte(file, at: RawFile.size(file) - 3)
        let reopened = try Store.open(at: store.path)
        #expect(reopened.state == store.state)
        #expect(reopened.lastSnapshotSequence == 0)
        #expect(reopened.warnings.contains { $0.contains(file) && $0.contains("checksum") })
        #expect(StoreDoctor.examine(at: store.path).contains { $0.file == file && $0.severity == .warning })
    }

    @Test func onlyTheTwoNewestSnapshotsAreKept() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        for order in 1...4 {
            try sell(store, order: order)
            try store.writeSnapshot()
        }
        #expect(try store.layout.snapshotSequences() == [8, 7])
    }

    @Test(arguments: [0, 150])
    func aSnapshotOfTheEmptyOrTheWholeStoreReplaysToo(cut: Int) {
        checkSnapshotPlusTail(seed: 11, cut: cut)
    }

    @Test func snapshotPlusTailEqualsFullReplay() async throws {
        await propertyCheck(count: 25, input: Gen.int(in: 0...Int.max), Gen.int(in: 0...150)) { seed, cut in
            checkSnapshotPlusTail(seed: seed, cut: cut)
        }
    }

    private func checkSnapshotPlusTail(seed: Int, cut: Int) {
        do {
            var generator = RandomChanges(seed: UInt64(seed))
            let events = generator.events(count: 150)
            let directory = TemporaryDirectory()
            let store = try Store.create(at: directory.child("store"), metadata: testMetadata)
            store.segmentLimit = 2048
            var batches = SplitMix64(seed: UInt64(seed) ^ 0xABCD)
            try append(events.prefix(cut), to: store, batchSizes: &batches)
            try store.writeSnapshot()
            try append(events.dropFirst(cut), to: store, batchSizes: &batches)
            let reopened = try Store.open(at: store.path)
            let replayed = StockState.replaying(events)
            // The whole state: pools, lines, keys, channels, settings, listings, the unmapped
            // queue, what was published, purchasing — everything the random streams carry.
            #expect(reopened.lastSnapshotSequence == UInt64(cut), "the snapshot was not used")
            #expect(reopened.state == replayed)
            #expect(StoreDoctor.examine(at: store.path).allSatisfy { $0.severity != .error })
        } catch {
            Issue.record("\(error)")
        }
    }
}
