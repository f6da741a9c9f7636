import OnePoolTestSupport
import Testing

@testable import OnePoolCore
@testable import OnePoolStore

/// Replay decodes order lines placed, cancelled and shipped by `OrderLineDecoding`'s route, and
/// every other payload (or one that route does not take) by the general one. Whenever the route
/// gives an event, it must be the general route's event, having read the same bytes: on valid
/// payloads with fields of every size (numbers beyond the clamps, varints of one to ten bytes,
/// keys and ids long, short, empty, not ASCII, not UTF-8), and on the same payloads cut short or
/// with a byte changed anywhere.
@Suite struct OrderLineDecodingTests {
    /// An order-line payload as `EventCodec.encode` lays it out, with fields drawn at random.
    private static func payload(_ random: inout SplitMix64) -> [UInt8] {
        func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        let numbers: [Int64] = [
            0, 1, -1, 63, -64, 64, 8191, -8192, 1 << 20, 1_780_000_000_000, -1_780_000_000_000, 1 << 40, (1 << 40) + 1,
            -(1 << 40) - 1, 1 << 48, (1 << 48) + 5, 1 << 50, (1 << 50) + 1, -(1 << 50) - 1, 1 << 55, .max, .min,
        ]
        let texts: [[UInt8]] = [
            [], Array("shopify".utf8), Array("100234".utf8), Array("SKU-0042".utf8),
            Array("order:shopify:100234:1".utf8),
            Array("caf\u{E9}".utf8), Array("\u{212A}".utf8), [0x41, 0xFF, 0xC3], Array("0123456789abcdef".utf8),
            Array("0123456789abcdefg-longer-than-a-slot".utf8),
        ]
        var writer = ByteWriter()
        writer.u64(random.next())
        writer.inlineInt(pick(numbers))
        writer.string("import:bench")
        switch random.next() % 3 {
        case 0: writer.varint(0)
        default:
            let key = pick(texts)
            writer.varint(UInt64(key.count) + 1)
            writer.raw(key)
        }
        // Mostly the three kinds the route takes; now and then a return, which it must leave alone.
        writer.u8(pick([20, 21, 22, 20, 21, 22, 23]))
        for _ in 0..<2 {
            let text = pick(texts)
            writer.varint(UInt64(text.count))
            writer.raw(text)
        }
        writer.int(pick(numbers))
        let sku = pick(texts)
        writer.varint(UInt64(sku.count))
        writer.raw(sku)
        writer.int(pick(numbers))
        writer.inlineInt(pick(numbers))
        writer.inlineInt(pick(numbers))
        if random.next() % 4 == 0 { writer.bool(true) }
        return writer.bytes
    }

    /// The general route's event and how far it read, or nil where it throws.
    private static func general(_ bytes: [UInt8], strings: UnsafeMutablePointer<StringTable>) -> (FoldEvent, Int)? {
        bytes.withUnsafeBytes { buffer in
            var reader = ByteReader(buffer)
            reader.strings = strings
            guard let event = try? EventCodec.decodeForFoldInGeneral(from: &reader) else { return nil }
            return (event, reader.index)
        }
    }

    private static func route(_ bytes: [UInt8], strings: UnsafeMutablePointer<StringTable>) -> (FoldEvent, Int)? {
        bytes.withUnsafeBytes { buffer in
            OrderLineDecoding.event(buffer, strings: strings).map { ($0.event, $0.count) }
        }
    }

    /// Compares the route with the general route on `bytes`; returns whether the route took them.
    private static func expectSame(
        _ bytes: [UInt8], _ note: @autoclosure () -> String,
        tables: (UnsafeMutablePointer<StringTable>, UnsafeMutablePointer<StringTable>)
    ) -> Bool {
        guard let (fast, read) = route(bytes, strings: tables.0) else { return false }
        guard let (slow, generalRead) = general(bytes, strings: tables.1) else {
            Issue.record("the route decoded what the general route refuses: \(note())")
            return true
        }
        #expect(read == generalRead, "\(note())")
        #expect(fast.sequence == slow.sequence, "\(note())")
        #expect(fast.time == slow.time, "\(note())")
        #expect(fast.digest == slow.digest, "\(note())")
        #expect(fast.facts == slow.facts, "\(note())")
        #expect(fast.shippedLine == slow.shippedLine, "\(note())")
        #expect(fast.change == slow.change, "\(note())")
        return true
    }

    @Test func theRouteGivesTheGeneralEventOrNone() {
        let tables = (
            UnsafeMutablePointer<StringTable>.allocate(capacity: 1),
            UnsafeMutablePointer<StringTable>.allocate(capacity: 1)
        )
        tables.0.initialize(to: StringTable(size: 16))
        tables.1.initialize(to: StringTable(size: 4096))
        defer {
            for table in [tables.0, tables.1] {
                table.deinitialize(count: 1)
                table.deallocate()
            }
        }
        var random = SplitMix64(seed: 0x0D_EC0D)
        var taken = 0
        var valid = 0
        for round in 0..<3_000 {
            let bytes = Self.payload(&random)
            if Self.expectSame(bytes, "payload \(round): \(bytes)", tables: tables) { taken += 1 }
            if Self.general(bytes, strings: tables.1) != nil { valid += 1 }
            // Cut short anywhere, and one byte changed anywhere.
            let cut = Int(random.next() % UInt64(bytes.count))
            _ = Self.expectSame(Array(bytes[..<cut]), "payload \(round) cut at \(cut)", tables: tables)
            var altered = bytes
            let at = Int(random.next() % UInt64(bytes.count))
            altered[at] ^= UInt8(truncatingIfNeeded: 1 + random.next() % 255)
            _ = Self.expectSame(altered, "payload \(round) with byte \(at) changed", tables: tables)
        }
        // The route is taken for most valid payloads (not just never), and never for a return.
        #expect(taken > 1_000)
        #expect(taken < valid)
    }

    /// The benchmark's own events, as a store writes them: the route takes every order line.
    @Test func theRouteTakesWhatAStoreWrites() {
        let tables = (
            UnsafeMutablePointer<StringTable>.allocate(capacity: 1),
            UnsafeMutablePointer<StringTable>.allocate(capacity: 1)
        )
        tables.0.initialize(to: StringTable())
        tables.1.initialize(to: StringTable())
        defer {
            for table in [tables.0, tables.1] {
                table.deinitialize(count: 1)
                table.deallocate()
            }
        }
        let events = StringTableCacheTests.stream(seed: 9, count: 2_000)
        var lines = 0
        for event in events {
            var writer = ByteWriter()
            EventCodec.encode(event, into: &writer)
            let taken = Self.expectSame(writer.bytes, "\(event)", tables: tables)
            switch event.change {
            case .orderPlaced, .orderCancelled, .orderShipped:
                lines += 1
                #expect(taken, "\(event)")
            default:
                #expect(!taken, "\(event)")
            }
        }
        #expect(lines > 1_500)
    }
}
