import OnePoolCore

/// Builds events for tests with fixed time and actor, numbering them in order.
struct EventFactory {
    var sequence: UInt64 = 0
    var time = Timestamp(secondsSince1970: 1_780_000_000)

    mutating func event(_ change: Change, key: String? = nil) -> Event {
        sequence += 1
        time = Timestamp(millisecondsSince1970: time.millisecondsSince1970 + 1000)
        return Event(sequence: sequence, time: time, actor: "tester", idempotencyKey: key, change: change)
    }

    /// Checks, then applies, like the store does; fails the test if refused.
    mutating func apply(_ change: Change, to state: inout StockState, key: String? = nil) throws {
        try state.check(change)
        state.apply(event(change, key: key))
    }

    static func line(
        _ channel: ChannelName = "shopify", order: String, line: Int = 1, sku: SKUCode = "MUG", quantity: Int
    )
        -> OrderLineFacts
    {
        OrderLineFacts(
            id: OrderLineID(channel: channel, order: order, line: line), sku: sku, quantity: quantity,
            unitPrice: Money(cents: 1200), time: Timestamp(secondsSince1970: 1_780_000_000))
    }
}

/// A small store most tests start from: two channels, one SKU with 10 on hand.
func startingState() throws -> (StockState, EventFactory) {
    var state = StockState()
    var factory = EventFactory()
    try factory.apply(.channelAdded(Channel(name: "shopify", kind: .shopify)), to: &state)
    try factory.apply(.channelAdded(Channel(name: "amazon", kind: .amazon)), to: &state)
    try factory.apply(
        .skuCreated(SKU(code: "MUG", title: "Blue mug", unitCost: Money(cents: 310), price: Money(cents: 1200))),
        to: &state)
    try factory.apply(.received(sku: "MUG", quantity: 10, reference: nil, fromIncoming: 0), to: &state)
    return (state, factory)
}
