import OnePoolCore
import OnePoolStore

/// Three gift sets in the demo store, made of its best-stocked SKUs, with today's orders:
/// so `stock`, `bundle list`, `allocation` and the console show bundles, their limiting
/// components and the share of the channels' allocations they take.
enum DemoBundles {
    static let codes: [SKUCode] = ["GIFT-SET-A", "GIFT-SET-B", "GIFT-SET-C"]

    static func setUp(store: Store, now: Timestamp) throws {
        let state = store.state
        // The six SKUs with the most available (ties by code): enough to make a few sets.
        let stocked = state.skuCodes.compactMap { code in state.pools[code].map { (code, $0) } }
            .filter { $0.1.stock.available > 0 }
            .sorted { ($0.1.stock.available, $1.0) > ($1.1.stock.available, $0.0) }
            .prefix(6).map(\.1)
        guard stocked.count == 6 else { return }
        let recipes: [[(SKUPool, Int)]] = [
            [(stocked[0], 2)], [(stocked[1], 1), (stocked[2], 1)], [(stocked[3], 1), (stocked[4], 1), (stocked[5], 2)],
        ]
        var changes: [ProposedChange] = []
        for (code, recipe) in zip(codes, recipes) {
            let title =
                "Gift set: "
                + recipe.map { $0.1 == 1 ? $0.0.sku.title : "\($0.1) × \($0.0.sku.title)" }
                .joined(separator: " + ")
            let price = recipe.reduce(Int64(0)) { $0 + $1.0.sku.price.cents * Int64($1.1) } * 9 / 10
            let cost = recipe.reduce(Int64(0)) { $0 + $1.0.sku.unitCost.cents * Int64($1.1) }
            changes.append(
                ProposedChange(
                    .skuCreated(
                        SKU(
                            code: code, title: title, category: "gift sets", unitCost: Money(cents: cost),
                            price: Money(cents: price)))))
            changes.append(
                ProposedChange(
                    .bundles(
                        .defined(
                            BundleDefinition(
                                code: code,
                                components: recipe.map { BundleComponent(sku: $0.0.sku.code, quantity: $0.1) })))))
        }
        _ = try store.transact(actor: DemoGenerator.actor, time: now) { _ in (changes, ()) }
        // Today's gift-set orders on the web shop (a line is recorded on the day it is placed):
        // the first of each shipped, the rest open.
        var sales: [ProposedChange] = []
        for (index, code) in codes.enumerated() {
            for order in 0..<(2 + index) {
                let id = OrderLineID(channel: "shopify", order: "GS-\(index)-\(order)", line: 1)
                let line = OrderLineFacts(
                    id: id, sku: code, quantity: 1 + order % 2,
                    unitPrice: store.state.sku(code)?.price ?? Money(cents: 0),
                    time: now)
                sales.append(ProposedChange(.orderPlaced(line), idempotencyKey: OrderKeys.placed(id)))
                if order == 0 {
                    sales.append(ProposedChange(.orderShipped(line), idempotencyKey: OrderKeys.shipped(id)))
                }
            }
        }
        _ = try store.transact(actor: DemoGenerator.actor, time: now) { _ in (sales, ()) }
    }
}
