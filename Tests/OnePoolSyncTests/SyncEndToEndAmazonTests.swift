import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolSync
import OnePoolTestSupport
import SPAPIEmulator
import ShopifyEmulator
import Testing

/// The real binary against two channels of two kinds — a Shopify shop and an Amazon seller
/// account, each in its emulator — selling the same SKUs at the same time, while
/// `onepool sync --every 1` is SIGKILLed at random moments and started again.
///
/// The SP-API emulator's usage plans are relaxed (searchOrders at 0.0056/s would let the sync
/// read Amazon's orders once every three minutes: see Benchmarks/SYNC.md for that rate).
/// Sized for CI (well under a minute); ONEPOOL_SYNC_E2E_SALES=1000 runs a longer one.
@Suite(.serialized) struct SyncEndToEndAmazonTests {
    static let skus = ["MUG", "CUP", "TEE", "CAP", "BAG", "PEN"]

    /// What happened to the truth, from both emulators and the warehouse, in time order.
    enum Fact {
        case sale(channel: String, order: String, sku: String, quantity: Int)
        case cancel(channel: String, order: String, sku: String, quantity: Int)
        case damaged(sku: String)
        case set(channel: String, sku: String, to: Int)
    }

    @Test func shopifyAndAmazonSellingWithKillsCountEveryOrderOnceAndNeverRelist() throws {
        let sales = Int(ProcessInfo.processInfo.environment["ONEPOOL_SYNC_E2E_SALES"] ?? "") ?? 120
        let unitsPerSKU = max(10, sales / 4)
        let home = TemporaryDirectory("onepool-e2e-amazon")
        let store = home.child("store")
        let shopify = try ShopifyEmulator(shops: [
            EmulatedShop(domain: "a.myshopify.com", variants: Self.skus.map { ($0, 0) })
        ])
        var configuration = SPAPIEmulator.Configuration()
        for operation in EmulatedOperation.allCases where operation != .lwaToken && operation != .control {
            configuration.plans[operation] = (rate: 100, burst: 50)
        }
        let amazon = SPAPIEmulator(configuration)
        let amazonBase = try amazon.start()
        defer { amazon.stop() }
        for sku in Self.skus { amazon.addListing(sku: sku, quantity: 0) }
        let environment = ["ONEPOOL_AMAZON_BASE_URL": amazonBase]

        // The store: Shopify (a) is served first up to half of the pool, Amazon (z) the rest.
        let created = try Store.create(at: store, metadata: StoreMetadata(name: "E2E", createdAt: 0, timeZone: "UTC"))
        _ = try created.transact(actor: "test", time: Timestamp(secondsSince1970: 1_780_000_000)) { _ in
            var changes: [ProposedChange] = [
                ProposedChange(.channelAdded(Channel(name: "a", kind: .shopify))),
                ProposedChange(.channelAdded(Channel(name: "z", kind: .amazon))),
                ProposedChange(
                    .channelConfigured(
                        name: "a",
                        settings: ChannelSettings(
                            rule: ChannelRule(priority: 1, cap: .percent(50)), format: .shopify))),
                ProposedChange(
                    .channelConfigured(
                        name: "z", settings: ChannelSettings(rule: ChannelRule(priority: 2), format: .amazon))),
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
        let connectShopify = try SyncBinary.run(
            [
                "connect", "shopify", "--channel", "a", "--shop", "a.myshopify.com", "--client-id", "emulated-client",
                "--client-secret-file", secret, "--store", store,
            ], home: home.path, apiBase: shopify.baseURL, extra: environment)
        #expect(connectShopify.status == 0, "connect a: \(connectShopify.stderr)")
        let connectAmazon = try SyncBinary.run(
            [
                "connect", "amazon", "--channel", "z", "--region", "na", "--seller-id", configuration.sellerID,
                "--marketplace", configuration.marketplaces[0],
                "--client-id-file", SyncBinary.secretFile(configuration.clientID, in: home.path, name: "lwa-id"),
                "--client-secret-file",
                SyncBinary.secretFile(configuration.clientSecret, in: home.path, name: "lwa-secret"),
                "--refresh-token-file",
                SyncBinary.secretFile(configuration.refreshToken, in: home.path, name: "lwa-refresh"),
                "--store", store,
            ], home: home.path, apiBase: shopify.baseURL, extra: environment)
        #expect(connectAmazon.status == 0, "connect z: \(connectAmazon.stdout) \(connectAmazon.stderr)")
        for secret in [configuration.clientSecret, configuration.refreshToken] {
            #expect(!connectAmazon.stdout.contains(secret) && !connectAmazon.stderr.contains(secret))
        }

        // The storefronts sell on both channels while the sync runs and is killed; the
        // warehouse damages a unit now and then (another process writing the store).
        let done = OnceFlag()
        let sold = Counter()
        let damage = DamageLog()
        let shop = Thread {
            var random = SplitMix64(seed: 11)
            while sold.value < sales && !done.peek {
                if random.next() % 100 < 12,
                    let order = shopify.openOrders(shop: "a.myshopify.com").randomElement(
                        using: &random)
                {
                    shopify.cancelOrder(shop: "a.myshopify.com", id: order, restock: true)
                } else {
                    let sku = Self.skus[Int(random.next() % UInt64(Self.skus.count))]
                    let placed = shopify.placeOrder(shop: "a.myshopify.com", lines: [(sku, 1 + Int(random.next() % 2))])
                    if case .placed = placed { sold.add(1) }
                }
                Thread.sleep(forTimeInterval: 0.12 + Double(random.next() % 250) / 1000)
            }
        }
        let marketplace = Thread {
            var random = SplitMix64(seed: 29)
            while sold.value < sales && !done.peek {
                if random.next() % 100 < 12, let order = amazon.openOrders().randomElement(using: &random) {
                    amazon.cancel(order)
                } else {
                    let sku = Self.skus[Int(random.next() % UInt64(Self.skus.count))]
                    if amazon.sell([(sku, 1 + Int(random.next() % 2))]) != nil { sold.add(1) }
                }
                Thread.sleep(forTimeInterval: 0.12 + Double(random.next() % 250) / 1000)
            }
        }
        let warehouse = Thread {
            var random = SplitMix64(seed: 5)
            while !done.peek {
                Thread.sleep(forTimeInterval: 0.4 + Double(random.next() % 600) / 1000)
                let sku = Self.skus[Int(random.next() % UInt64(Self.skus.count))]
                guard let writer = try? Store.open(at: store), (writer.state.stock(SKUCode(sku))?.available ?? 0) >= 2
                else {
                    continue
                }
                // Noted before the write lands, so the replay never credits a set with stock it no
                // longer had.
                damage.note(sku)
                let written = try? writer.transact(actor: "warehouse", time: Timestamp(secondsSince1970: 1_780_000_000))
                { _ in ([ProposedChange(.adjusted(sku: SKUCode(sku), delta: -1, reason: "damaged"))], ()) }
                if written == nil { damage.undo(sku) }
            }
        }
        warehouse.start()
        shop.start()
        marketplace.start()
        var kills = 0
        var random = SplitMix64(seed: 7)
        let started = Date()
        while sold.value < sales && Date().timeIntervalSince(started) < Double(max(90, sales)) {
            let sync = try SyncBinary.start(
                ["sync", "--every", "1", "--store", store], home: home.path, apiBase: shopify.baseURL,
                extra: environment)
            Thread.sleep(forTimeInterval: 0.3 + Double(random.next() % 2500) / 1000)
            kill(sync.processIdentifier, SIGKILL)
            sync.waitUntilExit()
            kills += 1
        }
        _ = done.take()
        Thread.sleep(forTimeInterval: 1.2)
        for _ in 0..<3 {
            let settle = try SyncBinary.run(
                ["sync", "--once", "--store", store], home: home.path, apiBase: shopify.baseURL, extra: environment)
            #expect(settle.status == 0, "final sync: \(settle.stdout) \(settle.stderr)")
            Thread.sleep(forTimeInterval: 0.05)
        }
        let elapsed = Date().timeIntervalSince(started)

        // The truth, in time order.
        var timeline: [(at: Date, fact: Fact)] = []
        for event in shopify.events() {
            switch event {
            case .sale(_, let order, let sku, let quantity, _, let at):
                timeline.append((at, .sale(channel: "a", order: order, sku: sku, quantity: quantity)))
            case .cancel(_, let order, let sku, let quantity, _, let at):
                timeline.append((at, .cancel(channel: "a", order: order, sku: sku, quantity: quantity)))
            case .set(_, let sku, _, let to, let at):
                timeline.append((at, .set(channel: "a", sku: sku, to: to)))
            case .adminSet, .stockChanged:
                break
            }
        }
        for event in amazon.events() {
            switch event {
            case .sale(let order, let sku, let quantity, let at):
                timeline.append((at, .sale(channel: "z", order: order, sku: sku, quantity: quantity)))
            case .cancel(let order, let sku, let quantity, let at):
                timeline.append((at, .cancel(channel: "z", order: order, sku: sku, quantity: quantity)))
            case .set(let sku, _, let to, let at):
                timeline.append((at, .set(channel: "z", sku: sku, to: to)))
            }
        }
        for (at, sku) in damage.entries { timeline.append((at, .damaged(sku: sku))) }
        timeline.sort { $0.at < $1.at }

        // Every order counted exactly once (an order cancelled before any pull saw it open is
        // never recorded: the import's meaning).
        let reopened = try Store.open(at: store)
        var placedKeys: [String: Int] = [:]
        try reopened.forEachEvent { event in
            if case .orderPlaced = event.change, let key = event.idempotencyKey { placedKeys[key, default: 0] += 1 }
        }
        #expect(placedKeys.values.allSatisfy { $0 == 1 })
        var cancelledOrders: Set<String> = []
        var saleOrders: [(channel: String, order: String)] = []
        for (_, fact) in timeline {
            switch fact {
            case .sale(let channel, let order, _, _): saleOrders.append((channel, order))
            case .cancel(let channel, let order, _, _): cancelledOrders.insert("\(channel):\(order)")
            default: break
            }
        }
        var unseen = 0
        for sale in saleOrders {
            let count = placedKeys["order:\(sale.channel):\(sale.order):1"] ?? 0
            if count == 0 && cancelledOrders.contains("\(sale.channel):\(sale.order)") {
                unseen += 1
                continue
            }
            #expect(count == 1, "order \(sale.order) on \(sale.channel) recorded \(count) times")
        }
        #expect(placedKeys.count == saleOrders.count - unseen)
        #expect(kills >= 3)
        #expect(saleOrders.filter { $0.channel == "z" }.count >= min(sales / 4, 20))
        #expect(saleOrders.filter { $0.channel == "a" }.count >= min(sales / 4, 20))

        // Replay: no set above the channel's allocation at that moment, none above zero once the
        // SKU had nothing left.
        let state = reopened.state
        let allocator = Allocator(rules: state.channelOrder.compactMap { state.channelSettings[$0]?.rule })
        var committed: [String: [String: Int]] = [:]
        var onHand = Dictionary(uniqueKeysWithValues: Self.skus.map { ($0, unitsPerSKU) })
        var sets = 0
        for (_, fact) in timeline {
            switch fact {
            case .sale(let channel, _, let sku, let quantity):
                committed[sku, default: [:]][channel, default: 0] += quantity
            case .cancel(let channel, _, let sku, let quantity):
                committed[sku, default: [:]][channel, default: 0] -= quantity
            case .damaged(let sku):
                onHand[sku, default: 0] -= 1
            case .set(let channel, let sku, let to):
                sets += 1
                let open = committed[sku] ?? [:]
                let available = (onHand[sku] ?? 0) - open.values.reduce(0, +)
                let allocation = allocator.allocate(
                    available: available, committed: state.channelOrder.map { open[$0] ?? 0 })
                let index = state.channelOrder.firstIndex(of: channel) ?? 0
                #expect(
                    to <= allocation.allocations[index],
                    "\(channel) \(sku) set to \(to), allocation then \(allocation.allocations[index])")
                if available <= 0 { #expect(to == 0, "\(channel) \(sku) set to \(to) with nothing left") }
            }
        }
        for sku in Self.skus {
            let open = (committed[sku] ?? [:]).values.reduce(0, +)
            #expect(state.stock(SKUCode(sku))?.committed == open, "\(sku) committed")
            #expect(state.stock(SKUCode(sku))?.onHand == onHand[sku], "\(sku) on hand")
        }
        let amazonSales = saleOrders.filter { $0.channel == "z" }.count
        print(
            "e2e shopify+amazon: \(saleOrders.count) sales (\(amazonSales) on Amazon, \(cancelledOrders.count) "
                + "cancelled, \(unseen) before any pull), \(kills) kills, \(sets) sets, "
                + "\(state.sync.drift.count) listings with drift, \(Int(elapsed)) s")
    }
}

/// Units the warehouse damaged, with when (for the replay's timeline).
final class DamageLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [(Date, String)] = []

    func note(_ sku: String) {
        lock.lock()
        list.append((Date(), sku))
        lock.unlock()
    }

    func undo(_ sku: String) {
        lock.lock()
        if let index = list.lastIndex(where: { $0.1 == sku }) { list.remove(at: index) }
        lock.unlock()
    }

    var entries: [(Date, String)] {
        lock.lock()
        defer { lock.unlock() }
        return list
    }
}
