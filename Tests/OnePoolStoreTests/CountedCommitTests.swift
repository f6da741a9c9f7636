import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolStore

/// `Store.transactCounting` appends without making an `Event` per change and encodes order lines
/// through the inlined varints. Neither may change a byte of the journal, the state, what is
/// refused or what counts as a duplicate: each is checked here against `transact` (the events
/// returned, each change copied into its event as before) and against an encoder written out in
/// this file from the format's description, which shares no code with `ByteWriter`.
@Suite struct CountedCommitTests {
    /// The same stream through both APIs, in the same batches, on two stores.
    @Test func countedAndReturnedCommitsWriteTheSameJournalAndState() throws {
        for seed: UInt64 in [3, 15, 2026] {
            var generator = RandomChanges(seed: seed, bundles: 2)
            let events = generator.events(count: 600)
            let directory = TemporaryDirectory(inMemory: true)
            let returned = try Store.create(at: directory.child("returned"), metadata: testMetadata)
            let counted = try Store.create(at: directory.child("counted"), metadata: testMetadata)
            returned.snapshotInterval = 0
            counted.snapshotInterval = 0
            var sizes = SplitMix64(seed: seed)
            for cut in events.sameTimeBatches(largest: 40, sizes: &sizes) {
                let (size, time) = (cut.size, cut.time)
                // Every other batch is proposed twice over: the second copy is all duplicates.
                var changes = cut.changes
                if size.isMultiple(of: 2) { changes += changes.filter { $0.idempotencyKey != nil } }
                let one = try returned.transact(actor: "prop", time: time) { _ in (changes, size) }
                let two = try counted.transactCounting(actor: "prop", time: time) { _ in (changes, size) }
                #expect(two.appended == one.appended.count)
                #expect(two.duplicates == one.duplicates)
                #expect(two.result == one.result)
            }
            #expect(counted.state == returned.state)
            #expect(counted.journalPosition == returned.journalPosition)
            #expect(try segmentBytes(counted) == (try segmentBytes(returned)))
            #expect(try Store.open(at: counted.path).state == returned.state)
            var replayed: [Event] = []
            try counted.forEachEvent { replayed.append($0) }
            #expect(replayed.map(\.change) == events.map(\.change))
            #expect(replayed.map(\.idempotencyKey) == events.map(\.idempotencyKey))
        }
    }

    /// A refused change refuses the whole batch the same way through both APIs, and leaves
    /// each store as it was.
    @Test func refusalsAreTheSameAndWriteNothing() throws {
        let directory = TemporaryDirectory(inMemory: true)
        let other = TemporaryDirectory(inMemory: true)
        let returned = try makeStore(in: other)
        let counted = try Store.create(at: directory.child("counted"), metadata: testMetadata)
        _ = try counted.transactCounting(actor: "test", time: testTime) { _ in
            (
                [
                    ProposedChange(.channelAdded(Channel(name: "shopify", kind: .shopify))),
                    ProposedChange(.channelAdded(Channel(name: "amazon", kind: .amazon))),
                    ProposedChange(.skuCreated(SKU(code: "MUG", title: "Blue mug", price: Money(cents: 1200)))),
                    ProposedChange(.received(sku: "MUG", quantity: 10, reference: nil, fromIncoming: 0)),
                ], ()
            )
        }
        #expect(try segmentBytes(counted) == (try segmentBytes(returned)))
        let line = OrderLineFacts(
            id: OrderLineID(channel: "shopify", order: "1", line: 1), sku: "MUG", quantity: 2,
            unitPrice: Money(cents: 1200), time: testTime)
        let unknown = OrderLineFacts(
            id: OrderLineID(channel: "ebay", order: "2", line: 1), sku: "MUG", quantity: 1,
            unitPrice: Money(cents: 1200), time: testTime)
        let batches: [[ProposedChange]] = [
            [ProposedChange(.orderPlaced(line), idempotencyKey: "a"), ProposedChange(.orderPlaced(unknown))],
            [ProposedChange(.orderShipped(line))],
            [ProposedChange(.held(sku: "MUG", quantity: 11, reason: "too many"))],
        ]
        for changes in batches {
            let before = (returned.state, try segmentBytes(returned))
            var first: String?
            var second: String?
            do { _ = try returned.transact(actor: "test", time: testTime) { _ in (changes, ()) } } catch {
                first = "\(error)"
            }
            do { _ = try counted.transactCounting(actor: "test", time: testTime) { _ in (changes, ()) } } catch {
                second = "\(error)"
            }
            #expect(first != nil)
            #expect(first == second)
            #expect(returned.state == before.0 && counted.state == before.0)
            #expect(try segmentBytes(returned) == before.1 && (try segmentBytes(counted)) == before.1)
        }
    }

    /// A batch that is all duplicates writes nothing, and says so.
    @Test func aBatchOfDuplicatesAppendsNothing() throws {
        let directory = TemporaryDirectory(inMemory: true)
        let store = try makeStore(in: directory)
        let changes = (1...5).map { order in
            ProposedChange(
                .orderPlaced(
                    OrderLineFacts(
                        id: OrderLineID(channel: "amazon", order: "\(order)", line: 1), sku: "MUG", quantity: 1,
                        unitPrice: Money(cents: 999), time: testTime)), idempotencyKey: "order:amazon:\(order):1")
        }
        #expect(try store.transactCounting(actor: "test", time: testTime) { _ in (changes, ()) }.appended == 5)
        let bytes = try segmentBytes(store)
        let again = try store.transactCounting(actor: "test", time: testTime) { _ in (changes, ()) }
        #expect(again.appended == 0)
        #expect(again.duplicates == changes)
        #expect(try segmentBytes(store) == bytes)
    }

    /// Order-line events as the benchmark and an import write them, encoded by the store, against
    /// the format encoded by hand: sequence (8 bytes LE), time (zig-zag varint), actor, key
    /// (0 or length + 1), tag, channel, order, line, SKU, quantity, price, time.
    @Test func orderLinesEncodeAsTheFormatSays() throws {
        var random = SplitMix64(seed: 77)
        var events: [Event] = []
        for index in 1...500 {
            let time = Int64.random(in: -5_000_000_000_000...5_000_000_000_000, using: &random)
            let facts = OrderLineFacts(
                id: OrderLineID(
                    channel: ChannelName(["shopify", "amazon-eu", "é"][index % 3]),
                    order: String(repeating: "9", count: index % 40), line: Int.random(in: 1...100_000, using: &random)),
                sku: SKUCode(["SKU-0001", "a-much-longer-sku-code-than-sixteen", "M"][index % 3]),
                quantity: Int.random(in: 1...1_000_000, using: &random),
                unitPrice: Money(cents: Int64.random(in: 0...(1 << 58), using: &random)),
                time: Timestamp(millisecondsSince1970: time))
            let change: Change = [.orderPlaced(facts), .orderShipped(facts), .orderCancelled(facts)][index % 3]
            events.append(
                Event(
                    sequence: UInt64(index) << UInt64(index % 50), time: Timestamp(millisecondsSince1970: -time / 3),
                    actor: UserName(index % 7 == 0 ? "" : "import:shopify"),
                    idempotencyKey: index % 5 == 0 ? nil : "order:\(facts.id.channel):\(facts.id.order):\(index)",
                    change: change))
        }
        for capacity in [1, 200, 1 << 20] {
            var batch = BatchWriter(capacity: capacity, flushSize: .max)
            for event in events {
                batch.add(
                    sequence: event.sequence, time: event.time, actor: ByteWriter.encodedString(event.actor.rawValue),
                    idempotencyKey: event.idempotencyKey, change: event.change)
            }
            var written: [UInt8] = []
            _ = try batch.finish { (piece, _) throws(StoreError) in written += piece }
            #expect(payloads(of: written) == events.map(Self.byHand))
        }
    }

    /// Every varint length, through `varint` and `inlineInt`, from writers that must grow at
    /// every point, against LEB128 written out byte by byte.
    @Test func varintsAreLEB128() {
        var values: [UInt64] = [0, 1, 0x7F, 0x80, 0x3FFF, 0x4000, .max, .max - 1, 1 << 56, (1 << 56) - 1]
        for shift in 0..<64 { values += [1 << UInt64(shift), (1 << UInt64(shift)) - 1, (1 << UInt64(shift)) + 1] }
        var random = SplitMix64(seed: 5)
        for _ in 0..<2000 { values.append(random.next() >> (random.next() % 64)) }
        for capacity in [1, 3, 4096] {
            var plain = ByteWriter(capacity: capacity)
            var inlined = ByteWriter(capacity: capacity)
            var expected: [UInt8] = []
            var expectedSigned: [UInt8] = []
            for value in values {
                plain.varint(value)
                expected += Self.leb128(value)
                let signed = Int64(bitPattern: value)
                inlined.inlineInt(signed)
                expectedSigned += Self.leb128(UInt64(bitPattern: (signed << 1) ^ (signed >> 63)))
            }
            #expect(plain.bytes == expected)
            #expect(inlined.bytes == expectedSigned)
        }
    }

    // MARK: - The format by hand

    static func leb128(_ value: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        var rest = value
        repeat {
            let low = UInt8(rest & 0x7F)
            rest >>= 7
            bytes.append(rest == 0 ? low : low | 0x80)
        } while rest != 0
        return bytes
    }

    static func zigzag(_ value: Int64) -> [UInt8] { leb128(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

    static func text(_ value: String, extra: UInt64 = 0) -> [UInt8] {
        leb128(UInt64(value.utf8.count) + extra) + Array(value.utf8)
    }

    static func byHand(_ event: Event) -> [UInt8] {
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: event.sequence >> UInt64(8 * $0)) }
        bytes += zigzag(event.time.millisecondsSince1970)
        bytes += text(event.actor.rawValue)
        bytes += event.idempotencyKey.map { text($0, extra: 1) } ?? [0]
        let tag: UInt8
        let line: OrderLineFacts
        switch event.change {
        case .orderPlaced(let facts): (tag, line) = (20, facts)
        case .orderCancelled(let facts): (tag, line) = (21, facts)
        case .orderShipped(let facts): (tag, line) = (22, facts)
        default: return []
        }
        bytes.append(tag)
        bytes += text(line.id.channel.rawValue) + text(line.id.order) + zigzag(Int64(line.id.line))
        bytes += text(line.sku.rawValue) + zigzag(Int64(line.quantity)) + zigzag(line.unitPrice.cents)
        bytes += zigzag(line.time.millisecondsSince1970)
        return bytes
    }

    /// The payloads of the records in `bytes` (each `crc | length | type | payload`).
    private func payloads(of bytes: [UInt8]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var offset = 0
        while offset + RecordFormat.headerSize <= bytes.count {
            let length = (0..<4).reduce(0) { $0 | Int(bytes[offset + 4 + $1]) << (8 * $1) }
            let start = offset + RecordFormat.headerSize
            result.append(Array(bytes[start..<(start + length)]))
            offset = start + length
        }
        return result
    }

    private func segmentBytes(_ store: Store) throws -> [UInt8] {
        let file = try PosixFile.open(store.layout.segment(store.journalPosition.segment), .read)
        return try file.read(at: 0, count: try file.size())
    }
}
