import Foundation
import LoopbackHTTP

/// An emulator of the Shopify Admin API subset OnePool uses, on a loopback port: the client
/// credentials grant, the Admin GraphQL endpoint (API 2026-04) with its cost-based throttle, and
/// a storefront that keeps selling while a sync runs. Several shops share one emulator; a
/// request's first path segment names its shop (`ONEPOOL_API_BASE_URL` puts it there).
///
/// Shapes follow shopify.dev: each handler names the reference it follows. Faults are queued per
/// shop (`inject`) and taken by the next matching requests.
public final class ShopifyEmulator: @unchecked Sendable {
    public let server: LoopbackHTTPServer
    let lock = NSLock()
    var shops: [String: ShopState] = [:]
    var log: [EmulatorEvent] = []
    /// Bulk export files by path (/bulk-results/SHOP/N.jsonl).
    var bulkFiles: [String: Data] = [:]
    /// Added to the wall clock: lets a test age orders or tokens without waiting.
    var clockOffset: Double = 0

    public var baseURL: String { server.baseURL }

    public init(shops setups: [EmulatedShop]) throws {
        let holder = HandlerHolder()
        server = try LoopbackHTTPServer(connections: .keepAlive) { request in holder.handle(request) }
        for (index, setup) in setups.enumerated() {
            shops[setup.domain] = ShopState(setup: setup, shopNumber: index + 1)
        }
        holder.emulator = self
    }

    deinit { server.stop() }

    public func stop() { server.stop() }

    var now: Date { Date().addingTimeInterval(clockOffset) }

    /// An order's new `updatedAt`: now, but always after the shop's previous update, so that the
    /// (updatedAt, id) positions cursors encode are unique and only grow, as Shopify's
    /// microsecond timestamps make them in practice.
    func nextUpdate(_ shop: String) -> Date {
        let last = shops[shop]?.lastUpdate ?? .distantPast
        let time = max(now, last.addingTimeInterval(0.000_001))
        shops[shop]?.lastUpdate = time
        return time
    }

    // MARK: - Control for tests

    /// The next `count` requests of `operation` (nil: any request) to `shop` meet `fault`.
    public func inject(_ fault: EmulatorFault, shop: String, operation: String? = nil, count: Int = 1) {
        withLock {
            for _ in 0..<count { shops[shop]?.faults.append((fault, operation)) }
        }
    }

    /// Moves the emulator's clock (tokens expire, orders age).
    public func advanceClock(by seconds: Double) { withLock { clockOffset += seconds } }

    /// The emulator's clock, for a client that should see the same time (a test that moves
    /// time instead of waiting for it).
    public var clock: Date { withLock { now } }

    public func setScopes(_ scopes: [String], shop: String) { withLock { shops[shop]?.setup.scopes = scopes } }

    /// Requests per operation ("token", "orders", "productVariants", "inventoryLevels",
    /// "inventorySetQuantities", "check", "locations").
    public func requestCount(shop: String, operation: String) -> Int {
        withLock { shops[shop]?.requests[operation] ?? 0 }
    }

    public func events() -> [EmulatorEvent] { withLock { log } }

    /// `available` of a SKU at one of the shop's locations (0: the primary; nil: not stocked there).
    public func available(shop: String, sku: String, location: Int = 0) -> Int? {
        withLock {
            guard let state = shops[shop], let variant = state.variant(sku: sku),
                state.locations.indices.contains(location)
            else { return nil }
            return state.available[variant.itemID]?[state.locations[location].id]
        }
    }

    /// The id of one of the shop's locations (0: the primary), as its API gives it.
    public func locationID(shop: String, location: Int) -> String? {
        withLock {
            guard let state = shops[shop], state.locations.indices.contains(location) else { return nil }
            return state.locations[location].id
        }
    }

    /// Quantities `inventorySetQuantities` has set at one of the shop's locations (0: the primary).
    public func quantitiesSet(shop: String, location: Int) -> Int {
        withLock {
            guard let state = shops[shop], state.locations.indices.contains(location) else { return 0 }
            return state.setsAt[state.locations[location].id] ?? 0
        }
    }

    /// Orders of a shop neither cancelled nor fulfilled, by numeric id.
    public func openOrders(shop: String) -> [String] {
        withLock {
            (shops[shop]?.orders ?? []).filter { order in
                order.cancelledAt == nil && order.lines.contains { $0.unfulfilled > 0 }
            }
            .map { String($0.id) }
        }
    }

    /// Records a change of the truth outside the shops (see `EmulatorEvent.stockChanged`).
    public func noteStockChange(sku: String, delta: Int) {
        withLock { log.append(.stockChanged(sku: sku, delta: delta, at: now)) }
    }

    /// Adds a variant (a new product in the shop's admin).
    public func addVariant(shop: String, sku: String, available: Int) {
        withLock {
            guard var state = shops[shop] else { return }
            let number = 900_000 + state.variants.count
            let item = "gid://shopify/InventoryItem/\(number)"
            state.variants.append(
                EmulatedVariant(
                    id: "gid://shopify/ProductVariant/\(number)", sku: sku, title: "Product \(sku) - Default Title",
                    itemID: item))
            state.available[item] = [state.primaryLocation: available]
            shops[shop] = state
        }
    }

    // MARK: - The storefront and the shop's admin

    public enum SaleResult: Sendable, Hashable {
        /// The order's numeric id (what OnePool keys its lines by) and its name (#1001).
        case placed(id: String, name: String)
        case soldOut(sku: String)
    }

    /// A customer checks out: every line's SKU must have that many available (inventory is
    /// tracked and overselling is off), or nothing is sold. Available drops at once, as
    /// Shopify commits stock when the order is created.
    @discardableResult
    public func placeOrder(
        shop: String, lines: [(sku: String, quantity: Int)], price: String = "10.00", createdAt: Date? = nil
    )
        -> SaleResult
    {
        withLock {
            guard var state = shops[shop] else { return .soldOut(sku: "?") }
            let location = state.primaryLocation
            for line in lines {
                guard let variant = state.variant(sku: line.sku), let have = state.available[variant.itemID]?[location],
                    have >= line.quantity
                else { return .soldOut(sku: line.sku) }
            }
            let time = nextUpdate(shop)
            state.lastUpdate = time
            let number = state.nextOrder
            state.nextOrder += 1
            let id = 450_000_000 + number
            var order = EmulatedOrder(
                id: id, name: "#\(number)", createdAt: createdAt ?? time, updatedAt: time, lines: [])
            for line in lines {
                guard let variant = state.variant(sku: line.sku) else { continue }
                let after = (state.available[variant.itemID]?[location] ?? 0) - line.quantity
                state.available[variant.itemID]?[location] = after
                order.lines.append(
                    EmulatedLine(
                        sku: line.sku, quantity: line.quantity, current: line.quantity, unfulfilled: line.quantity,
                        price: price))
                log.append(
                    .sale(
                        shop: shop, order: String(id), sku: line.sku, quantity: line.quantity, availableAfter: after,
                        at: time))
            }
            state.orders.append(order)
            shops[shop] = state
            return .placed(id: String(id), name: order.name)
        }
    }

    /// The merchant cancels an order, restocking its lines or not.
    public func cancelOrder(shop: String, id: String, restock: Bool) {
        withLock {
            guard var state = shops[shop], let index = state.orders.firstIndex(where: { String($0.id) == id }),
                state.orders[index].cancelledAt == nil
            else { return }
            let time = nextUpdate(shop)
            state.lastUpdate = time
            state.orders[index].cancelledAt = time
            state.orders[index].updatedAt = time
            let location = state.primaryLocation
            for line in state.orders[index].lines {
                if restock, let variant = state.variant(sku: line.sku) {
                    state.available[variant.itemID]?[location]? += line.unfulfilled
                }
                log.append(
                    .cancel(shop: shop, order: id, sku: line.sku, quantity: line.quantity, restocked: restock, at: time)
                )
            }
            shops[shop] = state
        }
    }

    /// The merchant fulfils every line of an order.
    public func fulfilOrder(shop: String, id: String) {
        withLock {
            guard var state = shops[shop], let index = state.orders.firstIndex(where: { String($0.id) == id }) else {
                return
            }
            for line in state.orders[index].lines.indices { state.orders[index].lines[line].unfulfilled = 0 }
            state.orders[index].updatedAt = nextUpdate(shop)
            state.lastUpdate = state.orders[index].updatedAt
            shops[shop] = state
        }
    }

    /// The merchant refunds units of an order's lines (by SKU), with a restock type: RETURN (the
    /// customer sent them back: they go back on sale at the primary location, as Shopify does),
    /// NO_RESTOCK (refunded, not sent back) or CANCEL (not shipped yet). The lines' current
    /// quantity drops by the units refunded.
    public func refundOrder(
        shop: String, id: String, lines: [(sku: String, quantity: Int)], restockType: String = "RETURN",
        note: String? = nil
    ) {
        withLock {
            guard var state = shops[shop], let index = state.orders.firstIndex(where: { String($0.id) == id }) else {
                return
            }
            let time = nextUpdate(shop)
            var refund = EmulatedRefund(
                id: 900_000 + state.orders[index].refunds.count + index * 10, createdAt: time, note: note, lines: [])
            for (sku, quantity) in lines {
                guard let line = state.orders[index].lines.firstIndex(where: { $0.sku == sku }) else { continue }
                state.orders[index].lines[line].current -= quantity
                if restockType == "CANCEL" { state.orders[index].lines[line].unfulfilled -= quantity }
                let location = state.primaryLocation
                if restockType != "NO_RESTOCK", let variant = state.variant(sku: sku) {
                    state.available[variant.itemID]?[location]? += quantity
                }
                refund.lines.append((line, quantity, restockType))
            }
            state.orders[index].refunds.append(refund)
            state.orders[index].financialStatus = "PARTIALLY_REFUNDED"
            state.orders[index].updatedAt = time
            state.lastUpdate = time
            shops[shop] = state
        }
    }

    /// Someone edits a quantity in the shop's admin (drift OnePool did not cause), at one of
    /// the shop's locations (0: the primary; another stocks the item there if it did not).
    public func adminSetAvailable(shop: String, sku: String, to quantity: Int, location index: Int = 0) {
        withLock {
            guard var state = shops[shop], let variant = state.variant(sku: sku),
                state.locations.indices.contains(index)
            else { return }
            let location = state.locations[index].id
            let before = state.available[variant.itemID]?[location] ?? 0
            state.available[variant.itemID, default: [:]][location] = quantity
            log.append(.adminSet(shop: shop, sku: sku, from: before, to: quantity, at: now))
            shops[shop] = state
        }
    }

    @discardableResult
    func withLock<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}

/// Breaks the reference cycle between the server's handler and the emulator that owns it.
final class HandlerHolder: @unchecked Sendable {
    weak var emulator: ShopifyEmulator?

    func handle(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        guard let emulator else { return HTTPResponseMessage(status: 503, faults: [.resetBeforeAnswer]) }
        return emulator.route(request)
    }
}
