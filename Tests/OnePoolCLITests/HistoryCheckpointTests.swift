import Foundation
import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolCLI
@testable import OnePoolStore

/// A history checkpoint (issue 17, goal 5) must give exactly what reading the whole journal
/// gives — for any cut, any events after it, any later `today` and any UTC offset — and one that
/// does not match the store (another store's, a journal changed or cut at its anchor, another
/// offset, damaged, of an unknown format) must be passed over with one warning, read whole, and
/// left on disk. The reader of the file must never trap, whatever its bytes.
@Suite struct HistoryCheckpointTests {
    private static let offsets = [0, 3_600, -18_000, 19_800]

    private static func metadata(identity: String? = nil) -> StoreMetadata {
        var metadata = StoreMetadata(name: "Checkpoint", createdAt: 0, timeZone: "UTC")
        metadata.identity = identity
        return metadata
    }

    /// Commits `events` as the store would have: in batches of 1–8 events of one moment.
    private func commit(_ events: ArraySlice<Event>, to store: Store, random: inout SplitMix64) throws {
        var rest = events
        while !rest.isEmpty {
            let time = rest.first?.time
            let batch = rest.prefix(Int.random(in: 1...8, using: &random)).prefix { $0.time == time }
            rest = rest.dropFirst(batch.count)
            _ = try store.transact(actor: "prop", time: batch.first?.time ?? Timestamp(secondsSince1970: 0)) { _ in
                (batch.map { ProposedChange($0.change, idempotencyKey: $0.idempotencyKey) }, ())
            }
        }
    }

    private func newStore(_ directory: TemporaryDirectory, _ name: String, identity: String? = nil) throws -> Store {
        let store = try Store.create(at: directory.child(name), metadata: Self.metadata(identity: identity))
        store.segmentLimit = 4096
        return store
    }

    /// Everything the planner and the briefing read of the two readings, compared.
    private func expectSame(
        _ a: HistoryReading.Reading, _ b: HistoryReading.Reading, state: StockState, today: Int, _ note: String
    ) {
        #expect(a.history.demand == b.history.demand, "\(note): demand")
        #expect(a.history.incoming.open == b.history.incoming.open, "\(note): incoming")
        let codes = Set(state.pools.keys).union(a.history.demand.series.keys).union(b.history.demand.series.keys)
        for code in codes {
            #expect(
                a.history.stockouts.firstDay(code) == b.history.stockouts.firstDay(code),
                "\(note): first day of \(code)")
            #expect(
                a.history.stockouts.censored(code, days: 120, endingOn: today + 1)
                    == b.history.stockouts.censored(code, days: 120, endingOn: today + 1),
                "\(note): stock-outs of \(code)")
            for leadTime in [0, 7] {
                let stock = state.pools[code]?.stock.incoming ?? 0
                #expect(
                    a.history.incoming.arrivals(code, incoming: stock, leadTimeDays: leadTime, today: today)
                        == b.history.incoming.arrivals(code, incoming: stock, leadTimeDays: leadTime, today: today),
                    "\(note): arrivals of \(code)")
            }
        }
        #expect(a.journal.channelSales == b.journal.channelSales, "\(note): channel sales")
        #expect(a.journal.returns.entries == b.journal.returns.entries, "\(note): returns")
        let now = Timestamp(secondsSince1970: Int64(today + 1) * 86_400)
        #expect(
            a.journal.returns.units(state: state, now: now, days: 60)
                == b.journal.returns.units(state: state, now: now, days: 60), "\(note): returned units")
    }

    private func read(_ store: Store, offset: Int, today: Int, checkpoint: Bool) throws -> HistoryReading.Reading {
        try HistoryReading.read(store, utcOffsetSeconds: offset, today: today, checkpoint: checkpoint)
    }

    /// Names and bytes of every file under the store's snapshots/: what a reader must leave alone.
    private func snapshotFiles(_ store: Store) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: store.layout.snapshots) {
            files[name] = RawFile.bytes("\(store.layout.snapshots)/\(name)")
        }
        return files
    }

    // MARK: - The differential test

    @Test func aCheckpointGivesWhatTheWholeJournalGives() throws {
        let directory = TemporaryDirectory(inMemory: true)
        var used = 0
        for seed in 1...8 as ClosedRange<UInt64> {
            var random = SplitMix64(seed: seed &* 31)
            var generator = RandomChanges(seed: seed &* 7_919, skus: 30, bundles: seed % 2 == 0 ? 2 : 0)
            let events = generator.events(count: 900)
            let cut = Int.random(in: 1..<(events.count - 1), using: &random)
            let cut2 = Int.random(in: cut...(events.count - 1), using: &random)
            let offset = Self.offsets[Int(seed) % Self.offsets.count]
            let store = try newStore(directory, "store-\(seed)")
            try commit(events[..<cut], to: store, random: &random)
            let writerToday =
                store.state.lastEventTime.day(offsetSeconds: offset) + Int.random(in: 0...2, using: &random)
            let first = try HistoryCheckpointWriting.write(store, utcOffsetSeconds: offset, today: writerToday)
            #expect(first.path != nil && first.extended == nil, "seed \(seed)")
            try commit(events[cut..<cut2], to: store, random: &random)
            if seed % 2 == 0 {
                // A second checkpoint extends the first by the journal after it.
                let second = try HistoryCheckpointWriting.write(store, utcOffsetSeconds: offset, today: writerToday + 1)
                #expect(second.extended?.sequence == first.sequence, "seed \(seed): extends the first")
                #expect(second.warnings.isEmpty)
            }
            try commit(events[cut2...], to: store, random: &random)
            let reopened = try Store.open(at: store.path)
            let lastDay = reopened.state.lastEventTime.day(offsetSeconds: offset)
            let latestWriter = seed % 2 == 0 ? writerToday + 1 : writerToday
            for today in Set([latestWriter, latestWriter + 1, lastDay, lastDay + 1, lastDay + 45])
            where today >= latestWriter {
                let note = "seed \(seed) cut \(cut)/\(cut2) today \(today) offset \(offset)"
                let with = try read(reopened, offset: offset, today: today, checkpoint: true)
                let without = try read(reopened, offset: offset, today: today, checkpoint: false)
                #expect(with.checkpoint != nil, "\(note): the checkpoint is used")
                #expect(with.warnings.isEmpty, "\(note): \(with.warnings)")
                expectSame(with, without, state: reopened.state, today: today, note)
                // And against the old reading, event by event on one thread.
                var history = ReplenishmentHistory(utcOffsetSeconds: offset)
                var journal = BriefingJournal(today: today, utcOffsetSeconds: offset)
                try reopened.forEachEvent { event in
                    history.record(event)
                    journal.record(event)
                }
                let old = HistoryReading.Reading(history: history, journal: journal, warnings: [], checkpoint: nil)
                expectSame(with, old, state: reopened.state, today: today, "\(note) (event by event)")
                used += 1
            }
            // A day before the checkpoint's channel sales reach: passed over, read whole, same.
            let early = try read(reopened, offset: offset, today: latestWriter - 1, checkpoint: true)
            // (With two checkpoints, the first, whose days reach back further, is used instead.)
            #expect(early.checkpoint?.sequence == (seed % 2 == 0 ? first.sequence : nil), "seed \(seed)")
            #expect(early.warnings.count == 1, "seed \(seed): \(early.warnings)")
            let earlyWhole = try read(reopened, offset: offset, today: latestWriter - 1, checkpoint: false)
            expectSame(early, earlyWhole, state: reopened.state, today: latestWriter - 1, "seed \(seed) early")
        }
        #expect(used >= 24)
    }

    /// A reader opened before a writer moved on passes over the newer checkpoint (it covers events
    /// the reader's state does not hold) without a word, for the older one.
    @Test func aCheckpointNewerThanTheReadersStateIsPassedOverSilently() throws {
        let directory = TemporaryDirectory(inMemory: true)
        var random = SplitMix64(seed: 5)
        var generator = RandomChanges(seed: 77, skus: 20)
        let events = generator.events(count: 500)
        let writer = try newStore(directory, "store")
        try commit(events[..<200], to: writer, random: &random)
        let today = writer.state.lastEventTime.day(offsetSeconds: 0) + 1
        let first = try HistoryCheckpointWriting.write(writer, utcOffsetSeconds: 0, today: today)
        try commit(events[200..<300], to: writer, random: &random)
        let reader = try Store.open(at: writer.path)
        try commit(events[300...], to: writer, random: &random)
        _ = try HistoryCheckpointWriting.write(writer, utcOffsetSeconds: 0, today: today)
        let with = try read(reader, offset: 0, today: today + 2, checkpoint: true)
        #expect(with.warnings.isEmpty, "\(with.warnings)")
        #expect(with.checkpoint?.sequence == first.sequence)
        let without = try read(reader, offset: 0, today: today + 2, checkpoint: false)
        expectSame(with, without, state: reader.state, today: today + 2, "reader behind")
    }

    // MARK: - Checkpoints that do not match

    @Test func aCheckpointThatDoesNotMatchIsPassedOverWithOneWarningAndKept() throws {
        let directory = TemporaryDirectory(inMemory: true)
        var random = SplitMix64(seed: 9)
        var generator = RandomChanges(seed: 99, skus: 20, bundles: 2)
        let events = generator.events(count: 400)
        let store = try newStore(directory, "a")
        try commit(events[...], to: store, random: &random)
        let today = store.state.lastEventTime.day(offsetSeconds: 0) + 1
        let written = try HistoryCheckpointWriting.write(store, utcOffsetSeconds: 0, today: today)
        let path = try #require(written.path)
        let name = FileSystem.lastComponent(of: path)
        let good = RawFile.bytes(path)

        func expectPassedOver(_ reader: Store, offset: Int = 0, _ reason: String, _ note: String) throws {
            let before = try snapshotFiles(reader)
            let with = try read(reader, offset: offset, today: today, checkpoint: true)
            #expect(with.checkpoint == nil, "\(note)")
            #expect(with.warnings.count == 1, "\(note): \(with.warnings)")
            #expect(with.warnings.first?.contains(reason) == true, "\(note): \(with.warnings)")
            #expect(with.warnings.first?.contains(name) == true, "\(note): names the file")
            let without = try read(reader, offset: offset, today: today, checkpoint: false)
            expectSame(with, without, state: reader.state, today: today, note)
            #expect(try snapshotFiles(reader) == before, "\(note): a reader changes no file")
        }

        // Another UTC offset (the zone moved to summer time since it was written).
        try expectPassedOver(store, offset: 3_600, "UTC offset", "other offset")

        // Damaged: one byte of the payload, then of the header.
        RawFile.flipByte(path, at: good.count - 3)
        try expectPassedOver(try Store.open(at: store.path), "checksum", "damaged payload")
        RawFile.write(good, to: path)
        RawFile.flipByte(path, at: 20)
        try expectPassedOver(try Store.open(at: store.path), "checksum", "damaged header")
        RawFile.write(good, to: path)

        // A format this onepool does not know.
        var newer = good
        newer[8] = 2
        RawFile.write(newer, to: path)
        try expectPassedOver(try Store.open(at: store.path), "format 2", "unknown version")
        RawFile.write(good, to: path)

        // Another store's, with the same events.
        let other = try newStore(directory, "b")
        try commit(events[...], to: other, random: &random)
        RawFile.write(good, to: "\(other.layout.snapshots)/\(name)")
        try expectPassedOver(try Store.open(at: other.path), "not this one", "another store")

        // The same store's identity, but a journal that differs at the anchor.
        var otherGenerator = RandomChanges(seed: 100, skus: 20)
        let otherEvents = otherGenerator.events(count: 800)
        let twin = try newStore(directory, "c", identity: store.metadata.identity)
        try commit(otherEvents[...], to: twin, random: &random)
        #expect(twin.state.lastSequence >= written.sequence)
        RawFile.write(good, to: "\(twin.layout.snapshots)/\(name)")
        try expectPassedOver(try Store.open(at: twin.path), "journal", "journal differs at the anchor")

        // The same store's identity and first events, but a journal that ends before the anchor.
        let cut = try newStore(directory, "d", identity: store.metadata.identity)
        try commit(events[..<200], to: cut, random: &random)
        RawFile.write(good, to: "\(cut.layout.snapshots)/\(name)")
        try expectPassedOver(try Store.open(at: cut.path), "journal ends", "journal shorter")

        // The good one is still there and still used.
        RawFile.write(good, to: path)
        let reading = try read(try Store.open(at: store.path), offset: 0, today: today, checkpoint: true)
        #expect(reading.checkpoint?.sequence == written.sequence)
        #expect(reading.warnings.isEmpty)
    }

    /// Writing again keeps the two newest checkpoints, and does nothing when the newest is current.
    @Test func writersKeepTheTwoNewest() throws {
        let directory = TemporaryDirectory(inMemory: true)
        var random = SplitMix64(seed: 4)
        var generator = RandomChanges(seed: 44, skus: 10)
        let events = generator.events(count: 300)
        let store = try newStore(directory, "store")
        var sequences: [UInt64] = []
        for part in [events[..<100], events[100..<200], events[200...]] {
            try commit(part, to: store, random: &random)
            let written = try HistoryCheckpointWriting.write(store, utcOffsetSeconds: 0, today: 20_700)
            #expect(written.path != nil)
            sequences.append(written.sequence)
        }
        #expect(try store.layout.historyCheckpointSequences() == [sequences[2], sequences[1]])
        let again = try HistoryCheckpointWriting.write(store, utcOffsetSeconds: 0, today: 20_700)
        #expect(again.path == nil, "current already: nothing written")
        #expect(try store.layout.historyCheckpointSequences() == [sequences[2], sequences[1]])
    }

    // MARK: - Fuzzing the reader

    /// `bytes` with both checksums set right again, so that a change reaches the decoders.
    private func resealed(_ bytes: [UInt8]) -> [UInt8] {
        var sealed = bytes
        guard sealed.count >= HistoryCheckpointCodec.headerSize else { return sealed }
        func put(_ value: UInt32, at offset: Int) {
            for index in 0..<4 { sealed[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(index))) }
        }
        let payload = Array(sealed[HistoryCheckpointCodec.headerSize...])
        put(CRC32C.mask(payload.withUnsafeBytes { CRC32C.checksum($0) }), at: 96)
        let header = Array(sealed[0..<HistoryCheckpointCodec.headerChecksumAt])
        put(CRC32C.mask(header.withUnsafeBytes { CRC32C.checksum($0) }), at: HistoryCheckpointCodec.headerChecksumAt)
        return sealed
    }

    @Test func theReaderNeverTrapsWhateverTheBytes() throws {
        let directory = TemporaryDirectory(inMemory: true)
        var random = SplitMix64(seed: 12)
        var generator = RandomChanges(seed: 1_212, skus: 12, bundles: 2)
        let store = try newStore(directory, "store")
        try commit(generator.events(count: 400)[...], to: store, random: &random)
        let written = try HistoryCheckpointWriting.write(
            store, utcOffsetSeconds: 0, today: store.state.lastEventTime.day(offsetSeconds: 0))
        let good = RawFile.bytes(try #require(written.path))
        #expect((try? HistoryCheckpointCodec.decode(good)) != nil)
        #expect(resealed(good) == good)

        // Random bytes, some with a plausible start.
        for round in 0..<2_000 {
            var bytes = (0..<Int.random(in: 0...400, using: &random)).map { _ in
                UInt8.random(in: 0...255, using: &random)
            }
            if round % 2 == 0 { bytes = Array(good.prefix(12)) + bytes }
            if round % 4 == 0 { bytes = resealed(bytes) }
            #expect(throws: HistoryCheckpointCodec.Problem.self) { try HistoryCheckpointCodec.decode(bytes) }
        }
        // Every truncation.
        for length in stride(from: 0, to: good.count, by: max(1, good.count / 500)) {
            let cut = Array(good.prefix(length))
            #expect(throws: HistoryCheckpointCodec.Problem.self) { try HistoryCheckpointCodec.decode(cut) }
            #expect(throws: HistoryCheckpointCodec.Problem.self) { try HistoryCheckpointCodec.decode(resealed(cut)) }
        }
        // Bytes changed anywhere, checksums set right: refused or read, never a trap.
        var refused = 0
        for _ in 0..<3_000 {
            var bytes = good
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let at = Int.random(in: 8..<bytes.count, using: &random)
                bytes[at] =
                    Int.random(in: 0...3, using: &random) == 0 ? 0xFF : UInt8.random(in: 0...255, using: &random)
            }
            if (try? HistoryCheckpointCodec.decode(resealed(bytes))) == nil { refused += 1 }
        }
        #expect(refused > 100)
        // Bytes inserted or removed in the payload (lengths no longer line up).
        for _ in 0..<500 {
            var bytes = good
            let at = Int.random(in: HistoryCheckpointCodec.headerSize..<bytes.count, using: &random)
            if Bool.random(using: &random) {
                bytes.insert(UInt8.random(in: 0...255, using: &random), at: at)
            } else {
                bytes.remove(at: at)
            }
            var length = UInt64(bytes.count - HistoryCheckpointCodec.headerSize)
            for index in 0..<8 {
                bytes[88 + index] = UInt8(truncatingIfNeeded: length)
                length >>= 8
            }
            _ = try? HistoryCheckpointCodec.decode(resealed(bytes))
        }
    }
}
