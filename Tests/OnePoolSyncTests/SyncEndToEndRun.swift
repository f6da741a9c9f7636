import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport
import ShopifyEmulator
import Testing

/// The moving parts of an end-to-end sync run: storefronts and a warehouse working while
/// `onepool sync --every 1` is killed and started again, then clean steps to settle.
extension SyncEndToEnd {
    /// A storefront on `shop` until `sales` orders are sold (by every storefront) or `done` is
    /// taken: now and then it cancels an open order and restocks, else it sells 1–2 of a SKU.
    static func shopifyStorefront(
        _ emulator: ShopifyEmulator, shop: String, seed: UInt64, skus: [String], sales: Int, sold: Counter,
        done: OnceFlag
    ) -> Thread {
        Thread {
            var random = SplitMix64(seed: seed)
            while sold.value < sales && !done.peek {
                if random.next() % 100 < 12, let order = emulator.openOrders(shop: shop).randomElement(using: &random) {
                    emulator.cancelOrder(shop: shop, id: order, restock: true)
                } else {
                    let sku = skus[Int(random.next() % UInt64(skus.count))]
                    let quantity = 1 + Int(random.next() % 2)
                    if case .placed = emulator.placeOrder(shop: shop, lines: [(sku, quantity)]) { sold.add(1) }
                }
                Thread.sleep(forTimeInterval: 0.12 + Double(random.next() % 250) / 1000)
            }
        }
    }

    /// The warehouse (another process writing the store) damaging a unit of a SKU with at
    /// least 2 available now and then, until `done` is taken: the allocations of every channel
    /// drop, so pushes race the customers. `before` hears of a damage before it is written,
    /// `after` whether it was.
    static func warehouse(
        store: String, skus: [String], done: OnceFlag, before: @escaping @Sendable (String) -> Void = { _ in },
        after: @escaping @Sendable (String, _ written: Bool) -> Void
    ) -> Thread {
        Thread {
            var random = SplitMix64(seed: 5)
            while !done.peek {
                Thread.sleep(forTimeInterval: 0.4 + Double(random.next() % 600) / 1000)
                let sku = skus[Int(random.next() % UInt64(skus.count))]
                guard let writer = try? Store.open(at: store), (writer.state.stock(SKUCode(sku))?.available ?? 0) >= 2
                else {
                    continue
                }
                before(sku)
                let written = try? writer.transact(actor: "warehouse", time: Timestamp(secondsSince1970: 1_780_000_000))
                { _ in ([ProposedChange(.adjusted(sku: SKUCode(sku), delta: -1, reason: "damaged"))], ()) }
                after(sku, written != nil)
            }
        }
    }

    /// `onepool sync --every 1` started and SIGKILLed 0.3–2.8 s later, again and again, until
    /// `sales` orders are sold or the time allowed runs out. Returns the kills.
    static func killRepeatedly(
        store: String, home: String, apiBase: String?, extra: [String: String] = [:], sold: Counter, sales: Int
    ) throws -> Int {
        var kills = 0
        var random = SplitMix64(seed: 7)
        let started = Date()
        while sold.value < sales && Date().timeIntervalSince(started) < Double(max(90, sales)) {
            let sync = try OnePoolBinary.start(
                ["sync", "--every", "1", "--store", store], home: home, apiBase: apiBase, extra: extra)
            Thread.sleep(forTimeInterval: 0.3 + Double(random.next() % 2500) / 1000)
            kill(sync.processIdentifier, SIGKILL)
            sync.waitUntilExit()
            kills += 1
        }
        return kills
    }

    /// Stops the storefronts, lets their last orders land, and runs `steps` clean
    /// `sync --once`, each expected to succeed.
    static func settle(
        steps: Int, done: OnceFlag, store: String, home: String, apiBase: String?, extra: [String: String] = [:]
    ) throws {
        _ = done.take()
        Thread.sleep(forTimeInterval: 1.2)
        for _ in 0..<steps {
            let settle = try OnePoolBinary.run(
                ["sync", "--once", "--store", store], home: home, apiBase: apiBase, extra: extra)
            #expect(settle.status == 0, "final sync: \(settle.stdout) \(settle.stderr)")
            Thread.sleep(forTimeInterval: 0.05)
        }
    }
}

/// Orders sold so far, by every storefront of a run.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
    func add(_ amount: Int) {
        lock.lock()
        count += amount
        lock.unlock()
    }
}

extension OnceFlag {
    var peek: Bool {
        // A flag taken once stays taken: peeking takes nothing.
        !canTake
    }
}
