import Foundation
import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolStore

/// Damages a small store in many ways and opens each mutant. Each must open to the same state,
/// or to a stated prefix (a warning says what is not shown, and the bytes are still there), or
/// be refused naming a file — never crash, hang, or show a state in between.
///
/// CI runs `mutantsPerRun` mutants (split over the classes); `ONEPOOL_FUZZ_MUTANTS=200000`
/// runs more, `ONEPOOL_FUZZ_SEED` another seed.
@Suite struct StoreFuzzTests {
    static let mutantsPerRun = Int(ProcessInfo.processInfo.environment["ONEPOOL_FUZZ_MUTANTS"] ?? "") ?? 10_000
    static let seed = UInt64(ProcessInfo.processInfo.environment["ONEPOOL_FUZZ_SEED"] ?? "") ?? 20_261_206

    enum Mutation: String, CaseIterable {
        case flipBit, truncate, insertBytes, deleteBytes, zeroRange, swapSegments, foreignSnapshot, truncateSnapshot
    }

    /// `shorterJournal`: the last segment cut exactly at a batch boundary after the newest
    /// snapshot. Nothing in the files tells that from a journal that simply ended there (as if
    /// restored from an older backup with no newer snapshot): a known limit, counted apart.
    enum Outcome: String { case sameState, statedPrefix, shorterJournal, refused }

    /// The pristine store: its files, and the state after every event (any allowed prefix).
    struct Original {
        var files: [String: [UInt8]]
        var prefixes: [UInt64: StockState]
        var full: StockState
        var foreignSnapshot: [UInt8]
    }

    static func makeOriginal() throws -> Original {
        let directory = TemporaryDirectory()
        var generator = RandomChanges(seed: 77)
        let events = generator.events(count: 60)
        let store = try Store.create(at: directory.child("store"), metadata: testMetadata)
        store.segmentLimit = 1500
        var batches = SplitMix64(seed: 5)
        try append(events.prefix(30), to: store, batchSizes: &batches)
        try store.writeSnapshot()
        try append(events.dropFirst(30), to: store, batchSizes: &batches)
        var prefixes: [UInt64: StockState] = [0: StockState()]
        var state = StockState()
        for event in events {
            state.apply(event)
            prefixes[event.sequence] = state
        }
        let otherDirectory = TemporaryDirectory()
        let other = try Store.create(at: otherDirectory.child("other"), metadata: testMetadata)
        try append(events.prefix(30), to: other, batchSizes: &batches)
        let foreign = RawFile.bytes(try other.writeSnapshot())
        return Original(
            files: ReadersNeverWriteTests.contents(of: store.path), prefixes: prefixes, full: store.state,
            foreignSnapshot: foreign)
    }

    @Test func everyMutantOpensWholeOrToAStatedPrefixOrIsRefusedNamingAFile() throws {
        let original = try Self.makeOriginal()
        #expect(original.files.keys.filter { $0.hasPrefix("journal/") }.count >= 2, "the store should span segments")
        var random = SplitMix64(seed: Self.seed)
        var tally: [Mutation: [Outcome: Int]] = [:]
        let directory = TemporaryDirectory("onepool-fuzz", inMemory: true)
        let root = directory.child("m")
        for index in 0..<Self.mutantsPerRun {
            let mutation = Mutation.allCases[index % Mutation.allCases.count]
            var files = original.files
            Self.mutate(&files, mutation, original: original, random: &random)
            Self.write(files, to: root)
            let before = ReadersNeverWriteTests.contents(of: root)
            let outcome = Self.judgeOpen(root: root, original: original, mutation: mutation, index: index)
            tally[mutation, default: [:]][outcome, default: 0] += 1
            if ReadersNeverWriteTests.contents(of: root) != before {
                Issue.record("mutant \(index) (\(mutation)): opening to read changed a file")
            }
            // Every 10th mutant also meets a writer: it must set damage aside (keeping the bytes)
            // or refuse, and what it shows afterwards is still a prefix plus its own change.
            if index % 10 == 0, outcome != .refused {
                Self.judgeWrite(root: root, original: original, mutation: mutation, index: index)
            }
        }
        let summary = Mutation.allCases.map { mutation in
            "\(mutation.rawValue): "
                + [Outcome.sameState, .statedPrefix, .shorterJournal, .refused].map {
                    "\($0.rawValue) \(tally[mutation]?[$0] ?? 0)"
                }.joined(separator: ", ")
        }.joined(separator: "; ")
        print("StoreFuzzTests: \(Self.mutantsPerRun) mutants (seed \(Self.seed)) — \(summary)")
        // Each class must have reached more than one outcome, or the mutations are too timid.
        for mutation in Mutation.allCases
        where ![.foreignSnapshot, .truncateSnapshot, .swapSegments].contains(mutation) {
            #expect((tally[mutation]?.count ?? 0) >= 2, "\(mutation) reached only \(tally[mutation] ?? [:])")
        }
    }

    static func judgeOpen(root: String, original: Original, mutation: Mutation, index: Int) -> Outcome {
        do {
            let store = try Store.open(at: root)
            let sequence = store.state.lastSequence
            guard let expected = original.prefixes[sequence], store.state == expected else {
                Issue.record(
                    "mutant \(index) (\(mutation)): opened to a state that is no prefix of the journal (sequence \(sequence))"
                )
                return .sameState
            }
            if sequence == original.full.lastSequence { return .sameState }
            let tail = store.journalPosition
            let tailSize = RawFile.size(StoreLayout(root: root).segment(tail.segment))
            if store.warnings.isEmpty, mutation == .truncate, tailSize == tail.offset,
                (try? StoreLayout(root: root).segmentNumbers().last) == tail.segment
            {
                return .shorterJournal
            }
            if store.warnings.isEmpty {
                Issue.record(
                    "mutant \(index) (\(mutation)): shows only events 1–\(sequence) of \(original.full.lastSequence) without a warning"
                )
            }
            return .statedPrefix
        } catch let error as StoreError {
            if !error.description.contains(root) {
                Issue.record("mutant \(index) (\(mutation)): refused without naming a file: \(error)")
            }
            if case .damaged(_, let offset, _) = error, offset < 0 {
                Issue.record("mutant \(index) (\(mutation)): a negative offset")
            }
            return .refused
        } catch {
            Issue.record("mutant \(index) (\(mutation)): unexpected error \(error)")
            return .refused
        }
    }

    static func judgeWrite(root: String, original: Original, mutation: Mutation, index: Int) {
        guard let store = try? Store.open(at: root) else { return }
        let shown = store.state
        let shownPosition = store.journalPosition
        let before = ReadersNeverWriteTests.contents(of: root)
        let code = shown.skuCodes.first ?? "none"
        let change = ProposedChange(.adjusted(sku: code, delta: 1, reason: "fuzz"))
        do {
            _ = try store.transact(actor: "fuzz", time: testTime) { _ in ([change], ()) }
        } catch {
            // A refusal (no SKU yet, a damaged journal) must leave every byte as it was, apart
            // from a tail set aside and the identity given to an old store.
            let after = ReadersNeverWriteTests.contents(of: root)
            let changed = Set(after.keys).symmetricDifference(before.keys).union(
                after.keys.filter { after[$0] != before[$0] })
            if changed.contains(where: { !$0.hasPrefix("journal/damaged-") && !$0.hasPrefix("journal/0") }) {
                Issue.record("mutant \(index) (\(mutation)): a refused write changed \(changed.sorted())")
            }
            return
        }
        guard let reopened = try? Store.open(at: root) else {
            Issue.record("mutant \(index) (\(mutation)): the store does not open after a write")
            return
        }
        if reopened.state.lastSequence != shown.lastSequence + 1 {
            Issue.record("mutant \(index) (\(mutation)): the write did not follow what was shown")
        }
        // Whatever was cut is kept, byte for byte, in a damaged piece.
        let tail = StoreLayout(root: root).segment(shownPosition.segment)
        let name = "journal/" + FileSystem.lastComponent(of: tail)
        if let bytes = before[name], bytes.count > shownPosition.offset {
            let cut = Array(bytes[shownPosition.offset...])
            if !reopened.damagedPieces.map(RawFile.bytes).contains(cut) {
                Issue.record("mutant \(index) (\(mutation)): the \(cut.count) bytes cut from \(name) were not kept")
            }
        }
    }

    static func write(_ files: [String: [UInt8]], to root: String) {
        try? FileManager.default.removeItem(atPath: root)
        for directory in ["", "/journal", "/snapshots"] {
            try? FileManager.default.createDirectory(atPath: root + directory, withIntermediateDirectories: true)
            chmod(root + directory, 0o700)
        }
        for (name, bytes) in files {
            RawFile.write(bytes, to: "\(root)/\(name)")
        }
    }

    static func mutate(
        _ files: inout [String: [UInt8]], _ mutation: Mutation, original: Original, random: inout SplitMix64
    ) {
        let segments = files.keys.filter { $0.hasPrefix("journal/") && $0.hasSuffix(".opj") }.sorted()
        let snapshots = files.keys.filter { $0.hasPrefix("snapshots/") }.sorted()
        let journalAndSnapshots = segments + snapshots
        func pick(_ names: [String]) -> String { names[Int.random(in: 0..<names.count, using: &random)] }
        switch mutation {
        case .flipBit:
            // Mostly the journal and snapshots; now and then the metadata.
            let name = Int.random(in: 0..<20, using: &random) == 0 ? "onepool-store.json" : pick(journalAndSnapshots)
            guard var bytes = files[name], !bytes.isEmpty else { return }
            let at = Int.random(in: 0..<bytes.count, using: &random)
            bytes[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
            files[name] = bytes
        case .truncate:
            let name = pick(segments)
            guard let bytes = files[name] else { return }
            files[name] = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
        case .insertBytes:
            let name = pick(journalAndSnapshots)
            guard var bytes = files[name] else { return }
            let at = Int.random(in: 0...bytes.count, using: &random)
            let count = Int.random(in: 1...16, using: &random)
            bytes.insert(contentsOf: (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }, at: at)
            files[name] = bytes
        case .deleteBytes:
            let name = pick(journalAndSnapshots)
            guard var bytes = files[name], !bytes.isEmpty else { return }
            let at = Int.random(in: 0..<bytes.count, using: &random)
            bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...16, using: &random)))
            files[name] = bytes
        case .zeroRange:
            let name = pick(journalAndSnapshots)
            guard var bytes = files[name], !bytes.isEmpty else { return }
            let at = Int.random(in: 0..<bytes.count, using: &random)
            let end =
                Bool.random(using: &random)
                ? bytes.count : min(bytes.count, at + Int.random(in: 1...64, using: &random))
            for index in at..<end { bytes[index] = 0 }
            files[name] = bytes
        case .swapSegments:
            guard segments.count >= 2 else { return }
            let a = pick(segments)
            let b = pick(segments.filter { $0 != a })
            (files[a], files[b]) = (files[b], files[a])
        case .foreignSnapshot:
            let name =
                Bool.random(using: &random) && !snapshots.isEmpty
                ? pick(snapshots) : "snapshots/00000000000000000099.ops"
            files[name] = original.foreignSnapshot
        case .truncateSnapshot:
            guard !snapshots.isEmpty else { return }
            let name = pick(snapshots)
            guard let bytes = files[name] else { return }
            files[name] = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random)))
        }
    }
}
