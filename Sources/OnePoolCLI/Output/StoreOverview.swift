import Foundation
import OnePoolCore
import OnePoolStore

/// The few lines `onepool` prints with no verb (until the console takes over): what the store
/// holds and what needs attention.
struct StoreOverview {
    var store: Store

    func render() -> String {
        let state = store.state
        let pools = state.pools.values
        let oversold = pools.filter { $0.stock.isOversold }
        let out = pools.filter { $0.stock.condition == .outOfStock }
        let units = pools.reduce(0) { $0 + $1.stock.onHand }
        let value = pools.reduce(Money.zero) { $0 + $1.sku.unitCost * max(0, $1.stock.onHand) }
        let zone = DateText.timeZone(of: store.metadata.timeZone)
        var lines = [
            "\(store.metadata.name) — \(store.path)",
            "  \(state.pools.count) SKUs · \(state.channels.count) channels · \(state.lastSequence) events"
                + (state.lastSequence > 0 ? " (last \(DateText.format(state.lastEventTime, timeZone: zone)))" : ""),
            "  \(units) units on hand, \(value) at cost · \(state.openLines.count) open order lines",
            "  \(oversold.count) oversold · \(out.count) out of stock",
        ]
        // Most oversold first; ties by code, so the same store prints the same overview every time.
        let worst = oversold.sorted { ($0.stock.available, $0.sku.code) < ($1.stock.available, $1.sku.code) }.prefix(5)
        for pool in worst {
            lines.append("    OVERSOLD \(pool.sku.code): available \(pool.stock.available) (\(pool.sku.title))")
        }
        lines.append("Try: onepool stock · onepool log · onepool --help")
        return lines.joined(separator: "\n")
    }
}
