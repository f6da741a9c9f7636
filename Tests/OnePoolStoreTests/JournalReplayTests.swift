import OnePoolTestSupport
import Testing

@testable import OnePoolCore
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
        let table = StringTable(size: 64)
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

    /// Lines placed and shipped with order ids of every length from 1 to 40 bytes, ASCII and not
    /// (the decoder hashes a shipment's key from ASCII bytes, from strings otherwise), and with
    /// line numbers of any size: every window size folds what the events folded one by one give,
    /// and each decoded shipment carries exactly `ShippedLineKey(line.id)`.
    @Test func shipmentsOfAnyOrderIDFoldAsTheEventsDo() throws {
        let directory = TemporaryDirectory()
        var random = SplitMix64(seed: 31)
        let pieces = ["7", "A", "-", "caf\u{E9}", "\u{8BA2}\u{5355}", "e\u{301}", "\u{1F4E6}", "#", "Z9"]
        let time = Timestamp(secondsSince1970: 1_780_000_000)
        var changes: [Change] = [
            .channelAdded(Channel(name: "shopify", kind: .shopify)),
            .channelAdded(Channel(name: "\u{E9}tal", kind: .other)),
        ]
        let codes: [SKUCode] = ["MUG", "CAP-\u{E9}", "SKU-0123456789abcdefXYZ"]
        for code in codes {
            changes.append(.skuCreated(SKU(code: code, title: "t", price: Money(cents: 500))))
            changes.append(.received(sku: code, quantity: 100_000, reference: nil, fromIncoming: 0))
        }
        var placed: [OrderLineFacts] = []
        for number in 0..<400 {
            var order = ""
            while order.utf8.count < 1 + number % 40 { order += pieces[Int(random.next() % UInt64(pieces.count))] }
            let id = OrderLineID(
                channel: number % 5 == 0 ? "\u{E9}tal" : "shopify", order: order,
                line: number % 7 == 0 ? Int(Int32.max) + number : number % 3)
            let line = OrderLineFacts(
                id: id, sku: codes[number % codes.count], quantity: 1 + number % 4, unitPrice: Money(cents: 500),
                time: time)
            changes.append(.orderPlaced(line))
            placed.append(line)
            if number >= 10 { changes.append(.orderShipped(placed[number - 10])) }
        }
        var events: [Event] = []
        var incremental = StockState()
        for (index, change) in changes.enumerated() {
            let event = Event(
                sequence: UInt64(index + 1), time: time, actor: "test", idempotencyKey: "k\(index)", change: change)
            events.append(event)
            incremental.apply(event)
        }
        var writer = ByteWriter()
        var rest = events[...]
        while !rest.isEmpty {
            let size = 1 + Int(random.next() % 30)
            RecordFormat.appendBatch(Array(rest.prefix(size)), into: &writer)
            rest = rest.dropFirst(size)
        }
        let bytes = writer.bytes
        try expectSameFold(bytes, "odd order ids", in: directory)
        for window in [256, 4096, 1 << 16] {
            let (scan, state) = try twoStage(bytes, window: window, in: directory)
            #expect(scan.tail == .clean && scan.eventCount == events.count)
            #expect(state == incremental, "window \(window)")
        }
        // A table of 16 slots for a few hundred strings: every way evicts, and keys stay right.
        var shipments = 0
        let tablePointer = UnsafeMutablePointer<StringTable>.allocate(capacity: 1)
        tablePointer.initialize(to: StringTable(size: 16))
        defer {
            tablePointer.deinitialize(count: 1)
            tablePointer.deallocate()
        }
        _ = bytes.withUnsafeBytes { buffer in
            RecordScanner.scan(
                buffer, fileOffset: 0, nextSequence: 1,
                decode: { (reader: inout ByteReader) throws(DecodeError) in
                    reader.strings = tablePointer
                    return try EventCodec.decodeForFold(from: &reader)
                },
                deliver: { (event: consuming FoldEvent) in
                    if case .orderShipped(let line) = event.change {
                        shipments += 1
                        #expect(event.shippedLine == ShippedLineKey(line.id), "\(line.id)")
                    } else {
                        #expect(event.shippedLine == nil)
                    }
                })
        }
        #expect(shipments == 390)
    }

    /// An order id whose bytes are not UTF-8 is repaired when it becomes a `String`; the
    /// shipment's key must be that string's key, as before replay hashed bytes.
    @Test func aShipmentWhoseOrderIDIsNotUTF8KeysTheRepairedString() throws {
        var writer = ByteWriter()
        writer.u64(1)
        writer.int(Int64(1_780_000_000_000))
        writer.string("test")
        writer.optionalString("ship:1")
        writer.u8(22)  // orderShipped
        writer.string("shopify")
        writer.varint(3)
        writer.raw([0x41, 0xFF, 0xC3])
        writer.int(1)
        writer.string("MUG")
        writer.int(2)
        writer.int(Int64(500))
        writer.int(Int64(1_780_000_000_000))
        let event = try writer.bytes.withUnsafeBytes { buffer throws(DecodeError) in
            var reader = ByteReader(buffer)
            return try EventCodec.decodeForFold(from: &reader)
        }
        guard case .orderShipped(let line) = event.change else {
            Issue.record("not a shipment: \(event.change)")
            return
        }
        #expect(line.id.order == String(decoding: [0x41, 0xFF, 0xC3], as: UTF8.self))
        #expect(event.shippedLine == ShippedLineKey(line.id))
        let full = try writer.bytes.withUnsafeBytes { buffer throws(DecodeError) in
            var reader = ByteReader(buffer)
            return try EventCodec.decode(from: &reader)
        }
        #expect(full.change == event.change)
    }

    /// A journal of 3,500 events in batches of 1 to 60, whose record `damaged` (if any) passes
    /// its checksum but names an event kind no build knows: it must be judged as damage where one
    /// scan judges it, with exactly the events before it delivered.
    private func journalWithUndecodableRecord(_ damaged: Int?) -> [UInt8] {
        var generator = RandomChanges(seed: 47, skus: 60)
        var rest = generator.events(count: 3500)[...]
        var writer = ByteWriter()
        var sizes = SplitMix64(seed: 3)
        while !rest.isEmpty {
            let size = 1 + Int(sizes.next() % 60)
            RecordFormat.appendBatch(Array(rest.prefix(size)), into: &writer)
            rest = rest.dropFirst(size)
        }
        var bytes = writer.bytes
        guard let damaged else { return bytes }
        var start = 0
        for _ in 0..<damaged {
            start += RecordFormat.headerSize + Int(bytes[start + 4]) + Int(bytes[start + 5]) << 8
        }
        let length = Int(bytes[start + 4]) + Int(bytes[start + 5]) << 8
        let payloadStart = start + RecordFormat.headerSize
        let tagOffset = bytes.withUnsafeBytes { buffer -> Int in
            var reader = ByteReader(UnsafeRawBufferPointer(rebasing: buffer[payloadStart..<(payloadStart + length)]))
            _ = try? reader.u64()
            _ = try? reader.milliseconds()
            try? reader.skipString()
            _ = try? reader.optionalStringBytes()
            return payloadStart + reader.index
        }
        bytes[tagOffset] = 0xEE
        let crc = bytes.withUnsafeBytes { buffer in
            CRC32C.checksum(UnsafeRawBufferPointer(rebasing: buffer[(start + 4)..<(payloadStart + length)]))
        }
        withUnsafeBytes(of: CRC32C.mask(crc).littleEndian) { bytes.replaceSubrange(start..<(start + 4), with: $0) }
        return bytes
    }

    /// Framing, then decoding the chunks in reverse order (as a helper may take them), gives what
    /// one scan gives: the same verdict, the same events, for damage in any chunk or none.
    @Test func chunksDecodedInAnyOrderScanAsOneScanDoes() throws {
        for damaged in [nil, 0, 1, 255, 256, 257, 700, 2048, 3499] as [Int?] {
            let bytes = journalWithUndecodableRecord(damaged)
            bytes.withUnsafeBytes { buffer in
                var sequences: [UInt64] = []
                let expected = RecordScanner.scan(
                    buffer, fileOffset: 100, nextSequence: 1, decode: EventCodec.decodeForFold,
                    deliver: { sequences.append($0.sequence) })
                var framed = ChunkedScan.Framed()
                ChunkedScan.frame(buffer, fileOffset: 100, nextSequence: 1, into: &framed)
                let count = framed.payloads.count
                let chunks = (count + ChunkedScan.chunkSize - 1) / ChunkedScan.chunkSize
                let slots = UnsafeMutablePointer<FoldEvent>.allocate(capacity: max(1, count))
                let strings = UnsafeMutablePointer<StringTable>.allocate(capacity: 1)
                strings.initialize(to: StringTable(size: 8))
                var outcomes = [ChunkedScan.ChunkOutcome](repeating: .init(decoded: 0, failure: nil), count: chunks)
                framed.payloads.withUnsafeBufferPointer { payloads in
                    for chunk in (0..<chunks).reversed() {
                        outcomes[chunk] = ChunkedScan.decode(chunk: chunk, of: payloads, into: slots, strings: strings)
                    }
                }
                let failure = outcomes.withUnsafeBufferPointer { ChunkedScan.firstFailure($0) }
                let scan = ChunkedScan.result(
                    framed, failure: failure, bytes: buffer, fileOffset: 100, nextSequence: 1)
                #expect(scan == expected, "damaged record \(String(describing: damaged))")
                let delivered = failure?.index ?? count
                #expect((0..<delivered).map { slots[$0].sequence } == sequences)
                if damaged != nil {
                    guard case .damaged = scan.tail else {
                        Issue.record("not judged damaged: \(scan.tail)")
                        return
                    }
                }
                for (chunk, outcome) in outcomes.enumerated() {
                    (slots + chunk * ChunkedScan.chunkSize).deinitialize(count: outcome.decoded)
                }
                slots.deallocate()
                strings.deinitialize(count: 1)
                strings.deallocate()
            }
        }
    }

    /// The same damage through the two-stage fold, where the calling thread decodes chunks of
    /// the worker's window: the state and the verdict are one scan's, at every window size.
    @Test func anUndecodableRecordIsJudgedTheSameByTheTwoStageFold() throws {
        let directory = TemporaryDirectory()
        for damaged in [nil, 3, 300, 1700, 3499] as [Int?] {
            let bytes = journalWithUndecodableRecord(damaged)
            let (expectedScan, expectedState) = sequential(bytes)
            for window in [2048, 1 << 15, 1 << 17] {
                let (scan, state) = try twoStage(bytes, window: window, in: directory)
                #expect(scan == expectedScan, "damaged \(String(describing: damaged)), window \(window)")
                #expect(state == expectedState, "damaged \(String(describing: damaged)), window \(window)")
            }
        }
    }

    /// Events placing order lines whose ids are spelled one way, then shipping or cancelling them
    /// spelled a canonically equivalent way (Kelvin sign and K, é precomposed and decomposed,
    /// Hangul syllables and jamo), each with its own key; enough of them (over 1 MiB) that
    /// `JournalReplay.fold` sizes the key index and folds in two stages.
    private func equivalentSpellingsJournal() -> (bytes: [UInt8], events: [Event]) {
        let spellings: [(String, String)] = [
            ("\u{212A}", "K"), ("caf\u{E9}", "cafe\u{301}"), ("\u{D55C}", "\u{1112}\u{1161}\u{11AB}"),
            ("R", "R"), ("\u{212B}", "\u{C5}"),
        ]
        let time = Timestamp(secondsSince1970: 1_780_000_000)
        var changes: [Change] = [.channelAdded(Channel(name: "shopify", kind: .shopify))]
        let codes: [SKUCode] = ["MUG", "CAP"]
        for code in codes {
            changes.append(.skuCreated(SKU(code: code, title: "t", price: Money(cents: 500))))
            changes.append(.received(sku: code, quantity: 1_000_000, reference: nil, fromIncoming: 0))
        }
        func line(_ order: String, _ number: Int) -> OrderLineFacts {
            OrderLineFacts(
                id: OrderLineID(channel: "shopify", order: order, line: 1 + number % 2),
                sku: codes[number % codes.count], quantity: 1 + number % 3, unitPrice: Money(cents: 500), time: time)
        }
        for number in 0..<12_000 {
            let (one, _) = spellings[number % spellings.count]
            changes.append(.orderPlaced(line("\(one)-\(number)", number)))
            if number >= 8 {
                let earlier = number - 8
                let (_, otherEarlier) = spellings[earlier % spellings.count]
                let closing = line("\(otherEarlier)-\(earlier)", earlier)
                changes.append(earlier % 3 == 0 ? .orderCancelled(closing) : .orderShipped(closing))
            }
        }
        let events = changes.enumerated().map { index, change in
            Event(
                sequence: UInt64(index + 1), time: time, actor: "test", idempotencyKey: "key-\(index)", change: change)
        }
        var writer = ByteWriter()
        var rest = events[...]
        while !rest.isEmpty {
            RecordFormat.appendBatch(Array(rest.prefix(50)), into: &writer)
            rest = rest.dropFirst(50)
        }
        return (writer.bytes, events)
    }

    /// Replay (sized key index, two stages, ids hashed by `TextHash`) ends in the state applying
    /// the events one by one does, and equivalent spellings of an order close the line.
    @Test func aReplayWithEquivalentSpellingsAndAReservedIndexFoldsAsTheEventsDo() throws {
        let directory = TemporaryDirectory()
        let (bytes, events) = equivalentSpellingsJournal()
        #expect(bytes.count >= JournalReplay.parallelThreshold)
        var incremental = StockState()
        for event in events { incremental.apply(event) }
        // Only the last 8 orders are open: every other line was closed under its other spelling.
        #expect(incremental.openLines.count == 8)
        let path = directory.child("segment")
        RawFile.write(bytes, to: path)
        let file = try PosixFile.open(path, .read)
        var state = StockState()
        let outcome = JournalReplay.fold(file, from: 0, to: bytes.count, nextSequence: 1, into: &state)
        #expect(outcome.readFailure == nil)
        #expect(outcome.scan.tail == .clean && outcome.scan.eventCount == events.count)
        #expect(state == incremental)
        #expect(state.openLines == incremental.openLines)
        #expect(state.openLines.count == 8)
        // The index was sized before the fold, and held every key without growing past it.
        let estimate = JournalReplay.expectedKeys(inBytes: bytes.count)
        #expect(estimate >= events.count)
        #expect(state.idempotency.recentCapacity * 3 >= estimate * 4)
        #expect(state.idempotency.count == events.count)
        for index in [0, 1, events.count / 2, events.count - 1] {
            #expect(state.hasSeen(idempotencyKey: "key-\(index)"))
        }
        #expect(!state.hasSeen(idempotencyKey: "key-\(events.count)"))
    }
}
