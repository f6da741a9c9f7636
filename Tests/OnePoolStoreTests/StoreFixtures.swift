import OnePoolCore
import OnePoolTestSupport

@testable import OnePoolStore

let testMetadata = StoreMetadata(name: "Test", createdAt: 0, timeZone: "UTC")
let testTime = Timestamp(secondsSince1970: 1_780_000_000)

/// A new store with two channels and one SKU holding 10 units (4 events).
func makeStore(in directory: TemporaryDirectory) throws -> Store {
    let store = try Store.create(at: directory.child("store"), metadata: testMetadata)
    _ = try store.transact(actor: "test", time: testTime) { _ in
        (
            [
                ProposedChange(.channelAdded(Channel(name: "shopify", kind: .shopify))),
                ProposedChange(.channelAdded(Channel(name: "amazon", kind: .amazon))),
                ProposedChange(.skuCreated(SKU(code: "MUG", title: "Blue mug", price: Money(cents: 1200)))),
                ProposedChange(.received(sku: "MUG", quantity: 10, reference: nil, fromIncoming: 0)),
            ], ()
        )
    }
    return store
}

/// One sale of `quantity` MUG as its own commit, keyed by order number.
@discardableResult
func sell(_ store: Store, order: Int, quantity: Int = 1) throws -> Commit<Void> {
    let id = OrderLineID(channel: "shopify", order: "\(order)", line: 1)
    let facts = OrderLineFacts(id: id, sku: "MUG", quantity: quantity, unitPrice: Money(cents: 1200), time: testTime)
    return try store.transact(actor: "test", time: testTime) { _ in
        ([ProposedChange(.orderPlaced(facts), idempotencyKey: "order:\(id)")], ())
    }
}

/// Appends already-valid events (from `RandomChanges`) in batches of the given sizes.
func append(_ events: ArraySlice<Event>, to store: Store, batchSizes: inout SplitMix64) throws {
    for batch in events.sameTimeBatches(largest: 8, sizes: &batchSizes) {
        _ = try store.transact(actor: "prop", time: batch.time) { _ in (batch.changes, ()) }
    }
}

extension StockState {
    /// The fold of the events, from nothing.
    static func replaying(_ events: some Sequence<Event>) -> StockState {
        var state = StockState()
        for event in events { state.apply(event) }
        return state
    }
}
