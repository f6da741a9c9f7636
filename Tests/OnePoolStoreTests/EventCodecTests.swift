import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolStore

@Suite struct EventCodecTests {
    private func roundTrip(_ event: Event) throws -> Event {
        var writer = ByteWriter()
        EventCodec.encode(event, into: &writer)
        return try writer.bytes.withUnsafeBytes { buffer in
            var reader = ByteReader(buffer)
            let decoded = try EventCodec.decode(from: &reader)
            #expect(reader.remaining == 0)
            return decoded
        }
    }

    @Test func everyKindOfChangeSurvivesEncoding() throws {
        let line = OrderLineFacts(
            id: OrderLineID(channel: "amazon", order: "113-2231-ü", line: 3), sku: "MUG", quantity: 2,
            unitPrice: Money(cents: 1299), time: Timestamp(millisecondsSince1970: -5))
        let sku = SKU(
            code: "MUG", title: "Tasse “bleue” ☕", barcode: "5012345678900", category: "kitchen",
            unitCost: Money(cents: 310),
            price: Money(cents: 1200), supplier: "Acme", leadTimeDays: 0, casePack: 6, minimumOrderQuantity: 12)
        let changes: [Change] = [
            .skuCreated(sku), .skuUpdated(SKU(code: "X", title: "bare")),
            .channelAdded(Channel(name: "ebay", kind: .ebay)),
            .safetySet(sku: "MUG", quantity: 3), .received(sku: "MUG", quantity: 5, reference: "PO-1", fromIncoming: 5),
            .received(sku: "MUG", quantity: 5, reference: nil, fromIncoming: 0),
            .incomingChanged(sku: "MUG", delta: -4, reference: nil),
            .counted(sku: "MUG", quantity: 0, reason: "count"), .adjusted(sku: "MUG", delta: -2, reason: "broken"),
            .held(sku: "MUG", quantity: 1, reason: "promise"), .released(sku: "MUG", quantity: 1, reason: nil),
            .markedUnsellable(sku: "MUG", quantity: 1, reason: "chip"),
            .restored(sku: "MUG", quantity: 1, reason: "ok"),
            .orderPlaced(line), .orderCancelled(line), .orderShipped(line), .orderReturned(line, restocked: false),
            .orderAmended(
                OrderAmendment(
                    before: line,
                    after: OrderLineFacts(
                        id: line.id, sku: "CUP", quantity: 5, unitPrice: Money(cents: 999), time: line.time),
                    source: "orders.csv:12")),
            .orderAmended(OrderAmendment(before: nil, after: line, source: "sell")),
        ]
        for (index, change) in changes.enumerated() {
            let event = Event(
                sequence: UInt64(index + 1) << 40, time: Timestamp(millisecondsSince1970: 1_780_000_000_123),
                actor: "import:shopify", idempotencyKey: index.isMultiple(of: 2) ? "key-\(index)" : nil, change: change)
            #expect(try roundTrip(event) == event)
        }
    }

    @Test func randomStreamsSurviveEncoding() throws {
        var generator = RandomChanges(seed: 99)
        for event in generator.events(count: 500) {
            #expect(try roundTrip(event) == event)
        }
    }

    @Test func anUnknownKindIsRefusedNotGuessed() {
        var writer = ByteWriter()
        EventCodec.encode(
            Event(sequence: 1, time: testTime, actor: "a", change: .safetySet(sku: "M", quantity: 1)), into: &writer)
        var bytes = writer.bytes
        let tagOffset = 8 + 6 + 2 + 1  // sequence, time varint, actor, no key
        bytes[tagOffset] = 200
        let thrown = bytes.withUnsafeBytes { buffer -> Bool in
            var reader = ByteReader(buffer)
            return (try? EventCodec.decode(from: &reader)) == nil
        }
        #expect(thrown)
    }

    @Test func crc32cMatchesTheStandardCheckValue() {
        // The CRC-32C of "123456789" is 0xE3069283 (RFC 3720, appendix B.4).
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    }
}
