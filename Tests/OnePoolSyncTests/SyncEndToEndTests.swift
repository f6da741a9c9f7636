import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolSync
import OnePoolTestSupport
import ShopifyEmulator
import Testing

/// The real binary against two emulated shops selling the same SKUs at the same time, while
/// `onepool sync --every 1` is SIGKILLed at random moments and started again.
///
/// Sized for CI (about a minute); ONEPOOL_SYNC_E2E_SALES=1000 runs a longer one.
@Suite(.serialized) struct SyncEndToEndTests {
    static let skus = ["MUG", "CUP", "TEE", "CAP", "BAG", "PEN"]

    @Test func concurrentSalesWithKillsCountEveryOrderOnceAndNeverRelist() throws {
        let sales = Int(ProcessInfo.processInfo.environment["ONEPOOL_SYNC_E2E_SALES"] ?? "") ?? 150
        let unitsPerSKU = max(10, sales / 4)
        let home = TemporaryDirectory("onepool-e2e")
        let store = home.child("store")
        let emulator = try ShopifyEmulator(
            shops: ["a", "b"].map { name in
                EmulatedShop(domain: "\(name).myshopify.com", variants: Self.skus.map { ($0, 0) })
            })
        // The store: A is served first up to half of the sellable pool, B gets the rest.
        let created = try Store.create(at: store, metadata: StoreMetadata(name: "E2E", createdAt: 0, timeZone: "UTC"))
        _ = try created.transact(actor: "test", time: Timestamp(secondsSince1970: 1_780_000_000)) { _ in
            var changes: [ProposedChange] = [
                ProposedChange(.channelAdded(Channel(name: "a", kind: .shopify))),
                ProposedChange(.channelAdded(Channel(name: "b", kind: .shopify))),
                ProposedChange(
                    .channelConfigured(
                        name: "a",
                        settings: ChannelSettings(
                            rule: ChannelRule(priority: 1, cap: .percent(50)), format: .shopify))),
                ProposedChange(
                    .channelConfigured(
                        name: "b", settings: ChannelSettings(rule: ChannelRule(priority: 2), format: .shopify))),
            ]
            for sku in Self.skus {
                changes.append(
                    ProposedChange(.skuCreated(SKU(code: SKUCode(sku), title: sku, price: Money(cents: 1000)))))
                changes.append(
                    ProposedChange(.received(sku: SKUCode(sku), quantity: unitsPerSKU, reference: nil, fromIncoming: 0))
                )
            }
            return (changes, ())
        }
        let secret = SyncBinary.secretFile("emulated-secret", in: home.path, name: "secret")
        for name in ["a", "b"] {
            let result = try SyncBinary.run(
                [
                    "connect", "shopify", "--channel", name, "--shop", "\(name).myshopify.com", "--client-id",
                    "emulated-client",
                    "--client-secret-file", secret, "--store", store,
                ], home: home.path, apiBase: emulator.baseURL)
            #expect(result.status == 0, "connect \(name): \(result.stderr)")
            // The secret is never echoed.
            #expect(!result.stdout.contains("emulated-secret") && !result.stderr.contains("emulated-secret"))
        }

        // The storefront sells on both shops while the sync runs and is killed.
        let done = OnceFlag()
        let sold = Counter()
        let storefronts = ["a", "b"].map { name in
            Thread {
                var random = SplitMix64(seed: name == "a" ? 11 : 29)
                let shop = "\(name).myshopify.com"
                while sold.value < sales && !done.peek {
                    if random.next() % 100 < 12,
                        let order = emulator.openOrders(shop: shop).randomElement(using: &random)
                    {
                        emulator.cancelOrder(shop: shop, id: order, restock: true)
                    } else {
                        let sku = Self.skus[Int(random.next() % UInt64(Self.skus.count))]
                        let quantity = 1 + Int(random.next() % 2)
                        if case .placed = emulator.placeOrder(shop: shop, lines: [(sku, quantity)]) { sold.add(1) }
                    }
                    Thread.sleep(forTimeInterval: 0.12 + Double(random.next() % 250) / 1000)
                }
            }
        }
        // The warehouse damages a unit now and then (another process writing the store): the
        // allocations of both channels drop, so pushes race the customers.
        let warehouse = Thread {
            var random = SplitMix64(seed: 5)
            while !done.peek {
                Thread.sleep(forTimeInterval: 0.4 + Double(random.next() % 600) / 1000)
                let sku = Self.skus[Int(random.next() % UInt64(Self.skus.count))]
                guard let writer = try? Store.open(at: store), (writer.state.stock(SKUCode(sku))?.available ?? 0) >= 2
                else {
                    continue
                }
                let written = try? writer.transact(actor: "warehouse", time: Timestamp(secondsSince1970: 1_780_000_000))
                { _ in
                    ([ProposedChange(.adjusted(sku: SKUCode(sku), delta: -1, reason: "damaged"))], ())
                }
                if written != nil { emulator.noteStockChange(sku: sku, delta: -1) }
            }
        }
        warehouse.start()
        storefronts.forEach { $0.start() }
        var kills = 0
        var random = SplitMix64(seed: 7)
        let started = Date()
        while sold.value < sales && Date().timeIntervalSince(started) < Double(max(90, sales)) {
            let sync = try SyncBinary.start(
                ["sync", "--every", "1", "--store", store], home: home.path, apiBase: emulator.baseURL)
            Thread.sleep(forTimeInterval: 0.3 + Double(random.next() % 2500) / 1000)
            kill(sync.processIdentifier, SIGKILL)
            sync.waitUntilExit()
            kills += 1
        }
        _ = done.take()
        Thread.sleep(forTimeInterval: 1.2)
        // Settle: a couple of clean steps.
        for _ in 0..<2 {
            let settle = try SyncBinary.run(
                ["sync", "--once", "--store", store], home: home.path, apiBase: emulator.baseURL)
            #expect(settle.status == 0, "final sync: \(settle.stderr)")
        }
        let log = emulator.events()
        let saleEvents = log.compactMap { event -> (shop: String, order: String, sku: String, quantity: Int)? in
            if case .sale(let shop, let order, let sku, let quantity, _, _) = event {
                (shop, order, sku, quantity)
            } else {
                nil
            }
        }
        #expect(kills >= 3)
        #expect(saleEvents.count >= min(sales, 40))

        // Every order counted exactly once; what is still open is committed.
        let reopened = try Store.open(at: store)
        var placedKeys: [String: Int] = [:]
        try reopened.forEachEvent { event in
            if case .orderPlaced = event.change, let key = event.idempotencyKey { placedKeys[key, default: 0] += 1 }
        }
        #expect(placedKeys.values.allSatisfy { $0 == 1 })
        // An order cancelled before any pull saw it open is never recorded: the import's
        // meaning (a line never seen open changes nothing), and nothing is committed for it.
        let cancelled = Set(
            log.compactMap { event -> String? in
                if case .cancel(let shop, let order, _, _, _, _) = event { "\(shop.prefix(1)):\(order)" } else { nil }
            })
        var unseen = 0
        for sale in saleEvents {
            let channel = String(sale.shop.prefix(1))
            let count = placedKeys["order:\(channel):\(sale.order):1"] ?? 0
            if count == 0 && cancelled.contains("\(channel):\(sale.order)") {
                unseen += 1
                continue
            }
            #expect(count == 1, "order \(sale.order) on \(channel) recorded \(count) times")
        }
        #expect(placedKeys.count == saleEvents.count - unseen)
        let state = reopened.state
        #expect(state.sync.drift.isEmpty)

        // Replay the emulator's log against the truth: no set above the channel's allocation at
        // that moment (computed from every sale, cancellation and damage so far), none above
        // zero once the SKU had nothing left.
        let allocator = Allocator(rules: state.channelOrder.compactMap { state.channelSettings[$0]?.rule })
        var committed: [String: [String: Int]] = [:]
        var onHand = Dictionary(uniqueKeysWithValues: Self.skus.map { ($0, unitsPerSKU) })
        var sets = 0
        for event in log {
            switch event {
            case .sale(let shop, _, let sku, let quantity, _, _):
                committed[sku, default: [:]][String(shop.prefix(1)), default: 0] += quantity
            case .cancel(let shop, _, let sku, let quantity, _, _):
                committed[sku, default: [:]][String(shop.prefix(1)), default: 0] -= quantity
            case .stockChanged(let sku, let delta, _):
                onHand[sku, default: 0] += delta
            case .set(let shop, let sku, _, let to, _):
                sets += 1
                let channel = String(shop.prefix(1))
                let open = committed[sku] ?? [:]
                let available = (onHand[sku] ?? 0) - open.values.reduce(0, +)
                let allocation = allocator.allocate(
                    available: available, committed: state.channelOrder.map { open[$0] ?? 0 })
                let index = state.channelOrder.firstIndex(of: channel) ?? 0
                #expect(
                    to <= allocation.allocations[index],
                    "\(shop) \(sku) set to \(to), allocation then \(allocation.allocations[index])")
                if available <= 0 { #expect(to == 0, "\(shop) \(sku) set to \(to) with nothing left") }
            case .adminSet:
                break
            }
        }
        for sku in Self.skus {
            let open = (committed[sku] ?? [:]).values.reduce(0, +)
            #expect(state.stock(SKUCode(sku))?.committed == open, "\(sku) committed")
            #expect(state.stock(SKUCode(sku))?.onHand == onHand[sku], "\(sku) on hand")
        }
        print(
            "e2e: \(saleEvents.count) sales (\(cancelled.count) cancelled, \(unseen) before any pull), \(kills) "
                + "kills, \(sets) sets"
        )
    }
}

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
