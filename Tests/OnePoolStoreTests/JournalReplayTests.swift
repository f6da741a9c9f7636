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

    /// Thousands of SKU codes, more than the decoder's table of recurring strings holds: codes
    /// evict one another there, and every event must still name its own SKU. The two-stage fold
    /// equals the events folded one by one, as the generator checked and applied them.
    @Test func aCatalogueLargerThanTheStringTableFoldsAsTheEventsDo() throws {
        let directory = TemporaryDirectory()
        var generator = RandomChanges(seed: 23, skus: 1500)
        let events = generator.events(count: 3500)
        var incremental = StockState()
        for event in events { incremental.apply(event) }
        var writer = ByteWriter()
        var rest = events[...]
        while !rest.isEmpty {
            RecordFormat.appendBatch(Array(rest.prefix(50)), into: &writer)
            rest = rest.dropFirst(50)
        }
        for window in [4096, 1 << 16] {
            let (scan, state) = try twoStage(writer.bytes, window: window, in: directory)
            #expect(scan.tail == .clean)
            #expect(scan.eventCount == events.count)
            #expect(state == incremental, "window \(window)")
        }
    }

    @Test func recurringStringsAreAlwaysTheBytesRead() {
        var table = StringTable(size: 64)
        var random = SplitMix64(seed: 5)
        let texts =
            (0..<500).map { "SKU-\($0)" } + ["", "shopify", "0123456789abcdef", "0123456789abcdefg", "caf\u{E9}"]
        for _ in 0..<20_000 {
            let text = texts[Int(random.next() % UInt64(texts.count))]
            let asCode = random.next() % 2 == 0
            var copy = text
            copy.withUTF8 { utf8 in
                let bytes = UnsafeRawBufferPointer(utf8)
                if asCode {
                    let code = table.sku(bytes)
                    #expect(code == SKUCode(text))
                    #expect(code.rawValue.utf8.elementsEqual(text.utf8))
                } else {
                    #expect(table.string(bytes).utf8.elementsEqual(text.utf8))
                }
            }
        }
    }

    @Test func zeroFilledSpaceAfterTheJournalIsJudgedTheSame() throws {
        let directory = TemporaryDirectory()
        try expectSameFold(journal() + [UInt8](repeating: 0, count: 3000), "zero tail", in: directory)
    }
}
