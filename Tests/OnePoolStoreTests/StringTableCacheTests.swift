import OnePoolTestSupport
import Testing

@testable import OnePoolCore
@testable import OnePoolStore

/// Replay's string table keeps, beside an order id, its text hash (`HashedText`) and the hashing
/// of its shipped-line key on one channel (`ShippedLineKey.Prefix`). What it hands out must be
/// exactly what the strings give: ids equal and hashing alike to ids made from the text, keys
/// equal to `ShippedLineKey(id)`, whichever channel last shipped the order, at any table size,
/// for ASCII, non-ASCII, canonically equivalent, long and empty order ids.
@Suite struct StringTableCacheTests {
    static let channels: [ChannelName] = ["shopify", "amazon", "\u{E9}tal", "a-channel-name-over-16-bytes", "K"]
    static let orders = [
        "", "1", "100123", "100124", "ORDER-0123456789", "ORDER-0123456789A", "\u{212A}", "K", "caf\u{E9}",
        "cafe\u{301}", "\u{8BA2}\u{5355}-7", "#1001", "an-order-id-well-over-sixteen-bytes-long",
    ]

    /// A random stream of placements, shipments and cancellations over few orders and channels,
    /// so that one order id meets every channel in turn. A fifth are hostile: shipments and
    /// cancellations of lines never placed, of too many units, of none, under another SKU.
    static func stream(seed: UInt64, count: Int) -> [Event] {
        var random = SplitMix64(seed: seed)
        func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        let time = Timestamp(secondsSince1970: 1_780_000_000)
        let codes: [SKUCode] = ["MUG", "CAP-\u{E9}", "SKU-0123456789abcdefXYZ"]
        var changes: [Change] = channels.map { .channelAdded(Channel(name: $0, kind: .other)) }
        for code in codes {
            changes.append(.skuCreated(SKU(code: code, title: "t", price: Money(cents: 500))))
            changes.append(.received(sku: code, quantity: 100_000, reference: nil, fromIncoming: 0))
        }
        var placed: [OrderLineFacts] = []
        while changes.count < count {
            let roll = random.next() % 10
            if roll < 4 || placed.isEmpty {
                let id = OrderLineID(channel: pick(channels), order: pick(orders), line: Int(random.next() % 4))
                let line = OrderLineFacts(
                    id: id, sku: pick(codes), quantity: 1 + Int(random.next() % 5), unitPrice: Money(cents: 500),
                    time: time)
                changes.append(.orderPlaced(line))
                placed.append(line)
            } else if roll < 8 {
                let line = placed.remove(at: Int(random.next() % UInt64(placed.count)))
                changes.append(random.next() % 4 == 0 ? .orderCancelled(line) : .orderShipped(line))
            } else {
                // Hostile: a line never placed, too many or no units, or the wrong SKU.
                var line = pick(placed)
                switch random.next() % 4 {
                case 0:
                    let number = 7 + Int(random.next() % 3)
                    line.id = OrderLineID(channel: pick(channels), order: pick(orders), line: number)
                case 1: line.quantity += 1 + Int(random.next() % 9)
                case 2: line.quantity = 0
                default: line.sku = pick(codes)
                }
                changes.append(random.next() % 2 == 0 ? .orderShipped(line) : .orderCancelled(line))
            }
        }
        return changes.enumerated().map { index, change in
            Event(
                sequence: UInt64(index + 1), time: time, actor: "test",
                idempotencyKey: index % 3 == 0 ? nil : "k\(index)", change: change)
        }
    }

    private static func payload(_ event: Event) -> [UInt8] {
        var writer = ByteWriter()
        EventCodec.encode(event, into: &writer)
        return writer.bytes
    }

    /// Each event decoded through tables of 2, 16 and 4,096 slots (and none): order ids equal and
    /// hashing as ids made from their text, shipment keys those of the ids.
    @Test func orderIDsAndShipmentKeysAreThoseOfTheText() throws {
        let events = Self.stream(seed: 41, count: 3_000)
        for size in [2, 16, 4096, 0] {
            let table = UnsafeMutablePointer<StringTable>.allocate(capacity: 1)
            table.initialize(to: StringTable(size: max(2, size)))
            defer {
                table.deinitialize(count: 1)
                table.deallocate()
            }
            var shipments = 0
            for event in events {
                let bytes = Self.payload(event)
                let decoded = try bytes.withUnsafeBytes { buffer throws(DecodeError) in
                    var reader = ByteReader(buffer)
                    if size > 0 { reader.strings = table }
                    return try EventCodec.decodeForFold(from: &reader)
                }
                #expect(decoded.change == event.change)
                switch decoded.change {
                case .orderPlaced(let line), .orderCancelled(let line), .orderShipped(let line):
                    let fresh = OrderLineID(channel: line.id.channel, order: line.id.order, line: line.id.line)
                    #expect(line.id == fresh)
                    #expect(line.id.hashValue == fresh.hashValue, "\(line.id), table \(size)")
                    #expect(line.id._rawHashValue(seed: 3) == fresh._rawHashValue(seed: 3))
                    if case .orderShipped = decoded.change {
                        shipments += 1
                        #expect(decoded.shippedLine == ShippedLineKey(fresh), "\(line.id), table \(size)")
                    } else {
                        #expect(decoded.shippedLine == nil)
                    }
                default:
                    #expect(decoded.shippedLine == nil)
                }
            }
            #expect(shipments > 500)
        }
    }

    /// The same stream in batches, replayed in two stages at several window sizes, folds to
    /// the state the events give one by one.
    @Test func aReplayOfTheStreamFoldsAsTheEventsDo() throws {
        let directory = TemporaryDirectory()
        for seed: UInt64 in [3, 17] {
            let events = Self.stream(seed: seed, count: 2_500)
            var incremental = StockState()
            for event in events { incremental.apply(event) }
            var writer = ByteWriter()
            var random = SplitMix64(seed: seed)
            var rest = events[...]
            while !rest.isEmpty {
                let size = 1 + Int(random.next() % 40)
                RecordFormat.appendBatch(Array(rest.prefix(size)), into: &writer)
                rest = rest.dropFirst(size)
            }
            let path = directory.child("segment-\(seed)")
            RawFile.write(writer.bytes, to: path)
            let file = try PosixFile.open(path, .read)
            for window in [64, 700, 4096, 1 << 20] {
                var state = StockState()
                let outcome = JournalReplay.foldInTwoStages(
                    file, from: 0, to: writer.bytes.count, nextSequence: 1, into: &state, windowSize: window)
                #expect(outcome.readFailure == nil)
                #expect(outcome.scan.tail == .clean && outcome.scan.eventCount == events.count)
                #expect(state == incremental, "seed \(seed), window \(window)")
            }
        }
    }

    /// One order id shipped on channel after channel through a two-slot table: the key's kept
    /// hashing belongs to one channel, and a shipment on another must not reuse it.
    @Test func aKeptShipmentHashingIsTheChannelsOwn() {
        let table = StringTable(size: 2)
        for round in 0..<50 {
            let channel = Self.channels[round % Self.channels.count]
            for order in ["100123", "\u{212A}", "ORDER-0123456789"] {
                var channelText = channel.rawValue
                var orderText = order
                channelText.withUTF8 { channelUTF8 in
                    orderText.withUTF8 { orderUTF8 in
                        let (hashed, prefix) = table.shippedOrder(
                            UnsafeRawBufferPointer(orderUTF8), channel: UnsafeRawBufferPointer(channelUTF8))
                        #expect(hashed.text == order)
                        let line = round % 3
                        let id = OrderLineID(channel: channel, order: hashed, line: line)
                        #expect(id.hashValue == OrderLineID(channel: channel, order: order, line: line).hashValue)
                        let ascii = (channel.rawValue + order).utf8.allSatisfy { $0 < 0x80 }
                        #expect((prefix != nil) == ascii)
                        if let prefix {
                            #expect(prefix.key(line: line) == ShippedLineKey(id), "\(channel) \(order)")
                        }
                    }
                }
            }
        }
    }
}
