import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolStore

/// `forEachEventRun` (decoding on a worker) must deliver exactly the events `forEachEvent`
/// delivers, in order, and fail exactly as it does — on clean journals, on damaged and cut
/// segments, and when the caller's fold throws.
@Suite struct EventRunTests {
    /// What a read delivered, and the error it ended with.
    struct Reading: Equatable {
        var events: [Event] = []
        var error: String? = nil
    }

    private func sequential(_ store: Store) -> Reading {
        var reading = Reading()
        do { try store.forEachEvent { reading.events.append($0) } } catch {
            reading.error = String(describing: error)
        }
        return reading
    }

    private func inRuns(_ store: Store, runLength: Int) -> Reading {
        var reading = Reading()
        do {
            try store.forEachEventRun(runLength: runLength) { run in
                #expect(!run.isEmpty && run.count <= runLength)
                reading.events += run
            }
        } catch {
            reading.error = String(describing: error)
        }
        return reading
    }

    /// A store of random events over many small segments, with a snapshot at its end (so that it
    /// still opens when bytes before the snapshot are damaged: only the history readers see it).
    private func randomStore(in directory: TemporaryDirectory, seed: UInt64, events count: Int) throws -> Store {
        let store = try Store.create(at: directory.child("store-\(seed)"), metadata: testMetadata)
        store.segmentLimit = 1500
        var generator = RandomChanges(seed: seed, skus: 12)
        var batches = SplitMix64(seed: seed &+ 1)
        try append(generator.events(count: count)[...], to: store, batchSizes: &batches)
        try store.writeSnapshot()
        return store
    }

    @Test func aCleanJournalIsDeliveredTheSameInRunsOfAnyLength() throws {
        let directory = TemporaryDirectory()
        for seed in [1, 2, 3] as [UInt64] {
            let store = try randomStore(in: directory, seed: seed, events: 300)
            #expect(try store.layout.segmentNumbers().count > 3)
            let expected = sequential(store)
            #expect(expected.error == nil)
            #expect(expected.events.count == Int(store.state.lastSequence))
            for runLength in [1, 7, 64, 4096] {
                #expect(inRuns(store, runLength: runLength) == expected, "seed \(seed), runs of \(runLength)")
            }
        }
    }

    @Test func damageAnywhereBeforeTheSnapshotFailsTheSame() throws {
        let directory = TemporaryDirectory()
        let original = try randomStore(in: directory, seed: 7, events: 200)
        let segments = try original.layout.segmentNumbers()
        var checked = 0
        var failed = 0
        for number in segments {
            let path = original.layout.segment(number)
            let clean = RawFile.bytes(path)
            for offset in stride(from: SegmentHeader.size, to: clean.count, by: 37) {
                RawFile.flipByte(path, at: offset)
                defer { RawFile.write(clean, to: path) }
                guard let store = try? Store.open(at: original.path) else { continue }
                let expected = sequential(store)
                checked += 1
                if expected.error != nil { failed += 1 }
                for runLength in [3, 50] {
                    #expect(inRuns(store, runLength: runLength) == expected, "segment \(number) byte \(offset)")
                }
            }
        }
        #expect(checked > 50)
        #expect(failed > 25, "too few of the damaged journals were read as damaged to test anything")
    }

    @Test func aCutOrMissingSegmentFailsTheSame() throws {
        let directory = TemporaryDirectory()
        let original = try randomStore(in: directory, seed: 9, events: 200)
        let segments = try original.layout.segmentNumbers()
        for number in segments.dropLast() {
            let path = original.layout.segment(number)
            let clean = RawFile.bytes(path)
            for cut in stride(from: SegmentHeader.size, to: clean.count, by: 53) {
                RawFile.truncate(path, to: cut)
                defer { RawFile.write(clean, to: path) }
                guard let store = try? Store.open(at: original.path) else { continue }
                let expected = sequential(store)
                #expect(expected.error != nil, "segment \(number) cut at \(cut) was read as whole")
                #expect(inRuns(store, runLength: 5) == expected, "segment \(number) cut at \(cut)")
            }
        }
        let store = try Store.open(at: original.path)
        let path = original.layout.segment(segments[1])
        let clean = RawFile.bytes(path)
        FileSystem.remove(path)
        defer { RawFile.write(clean, to: path) }
        let expected = sequential(store)
        #expect(expected.error != nil)
        #expect(inRuns(store, runLength: 5) == expected)
    }

    struct Stop: Error {}

    @Test func anErrorOfTheFoldStopsTheReadingAndIsRethrown() throws {
        let directory = TemporaryDirectory()
        let store = try randomStore(in: directory, seed: 5, events: 300)
        let all = sequential(store).events
        for stopAt in [1, 10, 150, all.count] {
            var seen: [Event] = []
            #expect(throws: Stop.self) {
                try store.forEachEventRun(runLength: 4) { run in
                    seen += run
                    if seen.count >= stopAt { throw Stop() }
                }
            }
            #expect(seen.count >= stopAt && seen.count < stopAt + 4)
            #expect(seen == Array(all.prefix(seen.count)))
        }
    }
}
