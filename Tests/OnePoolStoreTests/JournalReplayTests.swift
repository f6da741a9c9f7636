import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolStore

/// The two-stage replay (large reads) must fold exactly what one sequential scan folds, and judge
/// the tail exactly as it does, wherever its windows happen to cut the records.
@Suite struct JournalReplayTests {
    private let windowSizes = [40, 97, 512, 4096]

    /// Events in batches of assorted sizes, some larger than the smaller windows.
    private func journal() -> [UInt8] {
        var generator = RandomChanges(seed: 11)
        var events = generator.events(count: 160)[...]
        var writer = ByteWriter()
        let sizes = [1, 3, 7, 1, 20, 2, 45, 1, 5]
        var next = 0
        while !events.isEmpty {
            RecordFormat.appendBatch(Array(events.prefix(sizes[next % sizes.count])), into: &writer)
            events = events.dropFirst(sizes[next % sizes.count])
            next += 1
        }
        return writer.bytes
    }

    /// The reference: one `RecordScanner` pass over all the bytes, applying full events.
    private func sequential(_ bytes: [UInt8]) -> (RecordScan, StockState) {
        var state = StockState()
        let scan = bytes.withUnsafeBytes { buffer in
            RecordScanner.scan(buffer, fileOffset: 0, nextSequence: 1) { state.apply($0) }
        }
        return (scan, state)
    }

    private func twoStage(_ bytes: [UInt8], window: Int, in directory: TemporaryDirectory) throws -> (
        RecordScan, StockState
    ) {
        let path = directory.child("segment")
        RawFile.write(bytes, to: path)
        let file = try PosixFile.open(path, .read)
        var state = StockState()
        let outcome = JournalReplay.foldInTwoStages(
            file, from: 0, to: bytes.count, nextSequence: 1, into: &state, windowSize: window)
        #expect(outcome.readFailure == nil)
        return (outcome.scan, state)
    }

    private func expectSameFold(_ bytes: [UInt8], _ note: String, in directory: TemporaryDirectory) throws {
        let (expectedScan, expectedState) = sequential(bytes)
        for window in windowSizes {
            let (scan, state) = try twoStage(bytes, window: window, in: directory)
            #expect(scan == expectedScan, "\(note), window \(window)")
            #expect(state == expectedState, "\(note), window \(window)")
        }
    }

    @Test func aCleanJournalFoldsTheSameAtAnyWindowSize() throws {
        let directory = TemporaryDirectory()
        let bytes = journal()
        try expectSameFold(bytes, "clean", in: directory)
        #expect(sequential(bytes).0.tail == .clean)
    }

    @Test func aJournalCutAtAnyByteIsJudgedTheSame() throws {
        let directory = TemporaryDirectory()
        let bytes = journal()
        for cut in stride(from: 1, to: bytes.count, by: 13) {
            try expectSameFold(Array(bytes[..<cut]), "cut at \(cut)", in: directory)
        }
    }

    @Test func aFlippedByteAnywhereIsJudgedTheSame() throws {
        let directory = TemporaryDirectory()
        let bytes = journal()
        for offset in stride(from: 0, to: bytes.count, by: 29) {
            var damaged = bytes
            damaged[offset] ^= 0x5A
            try expectSameFold(damaged, "flip at \(offset)", in: directory)
        }
    }

    @Test func zeroFilledSpaceAfterTheJournalIsJudgedTheSame() throws {
        let directory = TemporaryDirectory()
        try expectSameFold(journal() + [UInt8](repeating: 0, count: 3000), "zero tail", in: directory)
    }
}
