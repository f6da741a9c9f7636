import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolStore

@Suite struct StoreTests {
    @Test func whatIsCommittedIsThereAfterReopening() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try sell(store, order: 1, quantity: 3)
        let reopened = try Store.open(at: store.path)
        #expect(reopened.state == store.state)
        #expect(reopened.state.stock("MUG") == StockLevel(onHand: 10, committed: 3))
        #expect(reopened.warnings.isEmpty)
    }

    @Test func storeFilesAreReadableByTheirOwnerOnly() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try store.writeSnapshot()
        #expect(RawFile.permissions(store.path) == 0o700)
        #expect(RawFile.permissions(store.layout.journal) == 0o700)
        #expect(RawFile.permissions(store.layout.snapshots) == 0o700)
        #expect(RawFile.permissions(store.layout.segment(1)) == 0o600)
        #expect(RawFile.permissions(store.layout.metadata) == 0o600)
        #expect(RawFile.permissions(store.layout.lock) == 0o600)
        #expect(RawFile.permissions(store.layout.snapshot(store.state.lastSequence)) == 0o600)
    }

    @Test func aDuplicateIdempotencyKeyIsIgnoredDurably() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        let first = try sell(store, order: 7, quantity: 2)
        let second = try sell(store, order: 7, quantity: 2)
        #expect(first.appended.count == 1)
        #expect(second.appended.isEmpty && second.duplicates.count == 1)
        let reopened = try Store.open(at: store.path)
        let third = try sell(reopened, order: 7, quantity: 2)
        #expect(third.appended.isEmpty)
        #expect(reopened.state.stock("MUG")?.committed == 2)
    }

    @Test func aRefusedChangeInABatchWritesNothing() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        let sizeBefore = RawFile.size(store.layout.segment(1))
        let stateBefore = store.state
        #expect(throws: StoreError.refused(.unknownSKU("NOPE"))) {
            try store.transact(actor: "t", time: testTime) { _ in
                (
                    [
                        ProposedChange(.received(sku: "MUG", quantity: 5, reference: nil, fromIncoming: 0)),
                        ProposedChange(.received(sku: "NOPE", quantity: 5, reference: nil, fromIncoming: 0)),
                    ], ()
                )
            }
        }
        #expect(RawFile.size(store.layout.segment(1)) == sizeBefore)
        #expect(store.state == stateBefore)
        #expect(try Store.open(at: store.path).state == stateBefore)
    }

    @Test func aSecondHandleCatchesUpBeforeItWrites() throws {
        let directory = TemporaryDirectory()
        let one = try makeStore(in: directory)
        let two = try Store.open(at: one.path)
        try sell(one, order: 1, quantity: 4)
        try sell(two, order: 2, quantity: 4)
        try sell(one, order: 3, quantity: 1)
        #expect(one.state.stock("MUG")?.committed == 9)
        #expect(try two.refresh())
        #expect(two.state == one.state)
    }

    @Test func aTornTailAtEveryByteOfTheLastRecordIsShownWithoutItAndNeverCutByAReader() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        try sell(store, order: 1)
        let stateBefore = store.state
        let segment = store.layout.segment(1)
        let goodSize = RawFile.size(segment)
        try sell(store, order: 2, quantity: 2)
        let fullSize = RawFile.size(segment)
        let pristine = RawFile.bytes(segment)
        for cut in (goodSize + 1)..<fullSize {
            RawFile.write(Array(pristine[..<cut]), to: segment)
            let reopened = try Store.open(at: store.path)
            #expect(reopened.state == stateBefore, "cut at \(cut)")
            #expect(reopened.warnings.count == 1 && reopened.warnings[0].contains("byte \(goodSize)"), "cut at \(cut)")
            #expect(RawFile.size(segment) == cut, "a reader changed the journal (cut at \(cut))")
            let findings = StoreDoctor.examine(at: store.path)
            #expect(
                findings.allSatisfy { $0.severity != .error }
                    && findings.contains { $0.severity == .warning && $0.file == segment })
        }
        // The next writer moves the torn bytes aside (never deleting them) and goes on.
        let torn = Array(pristine[goodSize..<(fullSize - 1)])
        let reopened = try Store.open(at: store.path)
        try sell(reopened, order: 3)
        #expect(try Store.open(at: store.path).state.stock("MUG")?.committed == 2)
        let pieces = reopened.damagedPieces
        #expect(pieces.count == 1 && RawFile.bytes(pieces[0]) == torn)
        #expect(try Store.open(at: store.path).warnings.contains { $0.contains("damaged piece") })
        #expect(try reopened.acknowledgeDamage() == pieces)
        #expect(try Store.open(at: store.path).warnings.isEmpty)
        #expect(
            RawFile.bytes(store.layout.journal + "/acknowledged/" + FileSystem.lastComponent(of: pieces[0])) == torn)
    }

    @Test func aFlippedByteMidFileRefusesToOpenNamingFileAndOffset() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        for order in 1...5 { try sell(store, order: order) }
        let segment = store.layout.segment(1)
        let sizeBefore = RawFile.size(segment)
        RawFile.flipByte(segment, at: SegmentHeader.size + 40)
        let opened = Result { () throws(StoreError) in try Store.open(at: store.path) }
        guard case .failure(let error) = opened, case .damaged(let path, let offset, _) = error else {
            Issue.record("a damaged store did not refuse to open: \(opened)")
            return
        }
        #expect(path == segment)
        #expect(offset >= SegmentHeader.size && offset <= SegmentHeader.size + 40)
        #expect(error.description.contains("onepool doctor"))
        #expect(RawFile.size(segment) == sizeBefore, "nothing may be cut from a damaged journal")
        let findings = StoreDoctor.examine(at: store.path)
        #expect(
            findings.contains { $0.severity == .error && $0.file == segment && $0.message.contains("damaged at byte") })
    }

    @Test func aNewerFormatIsRefusedClearly() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        let segment = store.layout.segment(1)
        var bytes = RawFile.bytes(segment)
        let header = SegmentHeader(version: 2, segmentNumber: 1, firstSequence: 1).encoded()
        bytes.replaceSubrange(0..<SegmentHeader.size, with: header)
        RawFile.write(bytes, to: segment)
        #expect(throws: StoreError.newerFormat(path: segment, found: 2, supported: 1)) {
            try Store.open(at: store.path)
        }

        var metadata = testMetadata
        metadata.format = 9
        RawFile.write(metadata.encoded(), to: store.layout.metadata)
        #expect(throws: StoreError.newerFormat(path: store.layout.metadata, found: 9, supported: 1)) {
            try Store.open(at: store.path)
        }
    }

    @Test func aMissingStoreSaysHowToStart() {
        let directory = TemporaryDirectory()
        #expect(throws: StoreError.noStore(path: directory.child("nothing"))) {
            try Store.open(at: directory.child("nothing"))
        }
        #expect(StoreError.noStore(path: "/x").description.contains("onepool init"))
    }

    @Test func segmentsRollOverAndReopen() throws {
        let directory = TemporaryDirectory()
        let store = try makeStore(in: directory)
        store.segmentLimit = 400
        for order in 1...40 { try sell(store, order: order) }
        let segments = try store.layout.segmentNumbers()
        #expect(segments.count > 3)
        #expect(try Store.open(at: store.path).state == store.state)
        #expect(StoreDoctor.examine(at: store.path).allSatisfy { $0.severity == .ok })
        var count = 0
        try store.forEachEvent { _ in count += 1 }
        #expect(count == Int(store.state.lastSequence))
    }
}
