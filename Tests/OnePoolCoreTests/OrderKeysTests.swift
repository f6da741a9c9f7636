import Testing

@testable import OnePoolCore

/// Order keys are written into the journal and hashed into the idempotency index: the builder
/// that writes them into one buffer must give exactly the bytes string interpolation gave.
@Suite struct OrderKeysTests {
    private static func interpolated(_ prefix: String, _ id: OrderLineID) -> String {
        "\(prefix)\(id.channel):\(id.order):\(id.line)"
    }

    private static let lines = [0, 1, 9, 10, 99, 100, 12_345, -1, -10, Int.max, Int.min, 1_000_000_007]
    private static let names = ["", "shopify", "#1001", "5301234567890", "é-shop", "日本", "a:b", "x y"]

    @Test func keysAreTheBytesInterpolationWrites() {
        for channel in Self.names {
            for order in Self.names {
                for line in Self.lines {
                    let id = OrderLineID(channel: ChannelName(channel), order: order, line: line)
                    #expect(OrderKeys.placed(id) == Self.interpolated("order:", id))
                    #expect(OrderKeys.shipped(id) == Self.interpolated("ship:", id))
                    #expect(OrderKeys.cancelled(id) == Self.interpolated("cancel:", id))
                    #expect(Array(OrderKeys.placed(id).utf8) == Array(Self.interpolated("order:", id).utf8))
                }
            }
        }
    }

    @Test func digestsOfKeysAreUnchanged() {
        // A digest stored in a snapshot must still match the key a new import makes.
        let id = OrderLineID(channel: "shopify", order: "100234", line: 1)
        #expect(OrderKeys.placed(id) == "order:shopify:100234:1")
        #expect(IdempotencyDigest(key: OrderKeys.placed(id)) == IdempotencyDigest(key: "order:shopify:100234:1"))
    }
}
