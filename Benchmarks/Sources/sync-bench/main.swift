// The live sync's figures (issue 14): the real `onepool` binary (release) against the Shopify
// emulator on a loopback port. See SYNC.md; run by sync.sh.
//
//   sync-bench latency --every N --seconds S --rate R   order on shop B → shop A's quantity set
//   sync-bench pull --orders N                          orders pulled per minute (Standard plan bucket)
//   sync-bench push --listings N                        listings set per minute
//   sync-bench reconcile --variants N [--restore P] [--preparation S] [--locations L] [--pages 0|1]
//                                                       a full reconciliation: bulk export vs paging
//   sync-bench amazon-latency --every N --seconds S (--rate R | --per-minute M)
//                             --from amazon|shopify --plans documented|relaxed
//                                                       an order on one channel → the other's quantity set,
//                                                       Shopify shop A and Amazon seller Z (SP-API emulator)
//   sync-bench amazon-catchup --orders N --seconds S --method report|search
//                                                       a backlog of N Amazon orders read at the documented
//                                                       usage plans: through one orders report, or by searchOrders
//
// ONEPOOL_BIN names the onepool executable. Results: one JSON line each on standard output.
import BenchSupport
import Foundation
import OnePoolCore
import OnePoolStore
import SPAPIEmulator
import ShopifyEmulator

#if canImport(Glibc)
    import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String, _ fallback: Int) -> Int {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Int(arguments[index + 1])
    else {
        return fallback
    }
    return value
}
/// The onepool executable (release) the figures are of.
enum Binary {
    static let path: String = {
        let environment = ProcessInfo.processInfo.environment
        guard let path = environment["ONEPOOL_BIN"], FileManager.default.isExecutableFile(atPath: path) else {
            fail("set ONEPOOL_BIN to the onepool executable (release)")
        }
        return path
    }()
}
_ = Binary.path

/// A scratch home: store, config, secret.
final class Home {
    let path: String
    let binary = Binary.path
    /// More environment for every run (ONEPOOL_AMAZON_BASE_URL).
    var extra: [String: String] = [:]
    init() {
        var template = Array((NSTemporaryDirectory() + "onepool-sync-bench-XXXXXX").utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }
    var store: String { "\(path)/store" }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    func environment(_ emulator: ShopifyEmulator) -> [String: String] {
        [
            "HOME": path, "XDG_CONFIG_HOME": "\(path)/config", "PATH": "/usr/bin:/bin",
            "ONEPOOL_API_BASE_URL": emulator.baseURL,
        ].merging(extra) { _, new in new }
    }

    @discardableResult
    func run(_ arguments: [String], _ emulator: ShopifyEmulator) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments + ["--store", store]
        process.environment = environment(emulator)
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        do { try process.run() } catch { fail("cannot run \(binary): \(error)") }
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus != 0 { log("onepool \(arguments.joined(separator: " ")): \(text)") }
        return process.terminationStatus
    }

    func start(_ arguments: [String], _ emulator: ShopifyEmulator) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments + ["--store", store]
        process.environment = environment(emulator)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { fail("cannot run \(binary): \(error)") }
        return process
    }

    /// A store with `channels` (name, rule) and `skus` SKUs of `units` each, connected to the
    /// emulator's shops of the same names.
    func prepare(_ emulator: ShopifyEmulator, channels: [(ChannelName, ChannelRule)], skus: [String], units: Int) {
        do {
            let store = try Store.create(
                at: store, metadata: StoreMetadata(name: "Bench", createdAt: 0, timeZone: "UTC"))
            _ = try store.transact(actor: "bench", time: Timestamp(secondsSince1970: 1_780_000_000)) { _ in
                var changes: [ProposedChange] = []
                for (name, rule) in channels {
                    changes.append(ProposedChange(.channelAdded(Channel(name: name, kind: .shopify))))
                    changes.append(
                        ProposedChange(
                            .channelConfigured(name: name, settings: ChannelSettings(rule: rule, format: .shopify))))
                }
                for sku in skus {
                    changes.append(ProposedChange(.skuCreated(SKU(code: SKUCode(sku), title: sku, price: Money(cents: 1000)))))
                    changes.append(
                        ProposedChange(.received(sku: SKUCode(sku), quantity: units, reference: nil, fromIncoming: 0)))
                }
                return (changes, ())
            }
        } catch { fail("store: \(error)") }
        let secret = "\(path)/secret"
        FileManager.default.createFile(
            atPath: secret, contents: Data("emulated-secret\n".utf8), attributes: [.posixPermissions: 0o600])
        for (name, _) in channels {
            guard
                run(
                    [
                        "connect", "shopify", "--channel", name.rawValue, "--shop", "\(name).myshopify.com", "--client-id",
                        "emulated-client",
                        "--client-secret-file", secret,
                    ], emulator) == 0
            else { fail("connect \(name) failed") }
        }
    }
}

func load() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(
        separator: " ") ?? "?"
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
}

// MARK: - Latency: an order on shop B → shop A's quantity updated

/// A is served first with no cap; B has a floor of 50 units, granted before A. A sale on B
/// takes from the pool, so A's allocation drops by as much (and B is raised back to 50): the
/// time from the sale on B to the set on A is the latency of a cross-channel update.
func latency() {
    let every = option("--every", 1)
    let seconds = option("--seconds", 60)
    let rate = option("--rate", 2)
    let skus = (0..<40).map { "SKU\($0)" }
    let units = 100_000
    let emulator: ShopifyEmulator
    do {
        emulator = try ShopifyEmulator(
            shops: ["a", "b"].map { EmulatedShop(domain: "\($0).myshopify.com", variants: skus.map { ($0, 0) }) })
    } catch { fail("emulator: \(error)") }
    let home = Home()
    home.prepare(
        emulator, channels: [("a", ChannelRule(priority: 1)), ("b", ChannelRule(priority: 2, floor: 50))], skus: skus,
        units: units)
    let sync = home.start(["sync", "--every", "\(every)"], emulator)
    // Wait for the first offers.
    let warmUp = now()
    while emulator.available(shop: "a.myshopify.com", sku: skus.last!) != units - 50 {
        if now() - warmUp > 120 { fail("no first push within 120 s") }
        usleep(100_000)
    }
    var random = SystemRandomNumberGenerator()
    var sales: [(sku: String, at: Date, target: Int)] = []
    var sold: [String: Int] = [:]
    let start = now()
    var next = start
    while now() - start < Double(seconds) {
        let sku = skus.randomElement(using: &random)!
        if case .placed = emulator.placeOrder(shop: "b.myshopify.com", lines: [(sku, 1)]) {
            sold[sku, default: 0] += 1
            sales.append((sku, Date(), units - sold[sku]! - 50))
        }
        next += 1.0 / Double(rate)
        let wait = next - now()
        if wait > 0 { usleep(useconds_t(wait * 1_000_000)) }
    }
    // Let the last sales through.
    usleep(useconds_t(Double(every * 3 + 3) * 1_000_000))
    kill(sync.processIdentifier, SIGTERM)
    sync.waitUntilExit()
    var sets: [String: [(at: Date, to: Int)]] = [:]
    for event in emulator.events() {
        if case .set(let shop, let sku, _, let to, let at) = event, shop == "a.myshopify.com" {
            sets[sku, default: []].append((at, to))
        }
    }
    var latencies: [Double] = []
    var missed = 0
    for sale in sales {
        guard let set = sets[sale.sku]?.first(where: { $0.at >= sale.at && $0.to <= sale.target }) else {
            missed += 1
            continue
        }
        latencies.append(set.at.timeIntervalSince(sale.at))
    }
    latencies.sort()
    print(
        json([
            ("bench", "latency"), ("every_s", every), ("seconds", seconds), ("rate_per_s", rate),
            ("sales", sales.count),
            ("missed", missed), ("p50_s", percentile(latencies, 0.5)), ("p90_s", percentile(latencies, 0.9)),
            ("p99_s", percentile(latencies, 0.99)), ("max_s", latencies.last ?? .nan), ("load", load()),
        ]))
}

// MARK: - Orders pulled per minute

/// N orders waiting in a shop with the Standard plan's bucket (1,000 points, 100/s): how long
/// `sync --every 1` takes to record them all.
func pull() {
    let orders = option("--orders", 3000)
    let skus = (0..<20).map { "SKU\($0)" }
    let emulator: ShopifyEmulator
    do {
        emulator = try ShopifyEmulator(shops: [
            EmulatedShop(domain: "a.myshopify.com", variants: skus.map { ($0, orders * 3) })
        ])
    } catch { fail("emulator: \(error)") }
    var random = SystemRandomNumberGenerator()
    for _ in 0..<orders {
        let lines = (0..<Int.random(in: 1...3, using: &random)).map { _ in
            (skus.randomElement(using: &random)!, Int.random(in: 1...2, using: &random))
        }
        emulator.placeOrder(shop: "a.myshopify.com", lines: lines)
    }
    let home = Home()
    home.prepare(emulator, channels: [("a", ChannelRule(priority: 1))], skus: skus, units: orders * 10)
    let start = now()
    let sync = home.start(["sync", "--every", "1"], emulator)
    var recorded = 0
    while true {
        usleep(250_000)
        if let store = try? Store.open(at: home.store) {
            recorded = Set(store.state.openLines.keys.map(\.order)).count
            if recorded >= orders { break }
        }
        if now() - start > 1800 { break }
    }
    let elapsed = now() - start
    kill(sync.processIdentifier, SIGTERM)
    sync.waitUntilExit()
    print(
        json([
            ("bench", "pull"), ("orders", orders), ("recorded", recorded), ("seconds", elapsed),
            ("orders_per_min", Double(recorded) / elapsed * 60),
            ("requests", emulator.requestCount(shop: "a.myshopify.com", operation: "orders")),
            ("bucket", "1000 points, 100/s"), ("load", load()),
        ]))
}

// MARK: - Pushes per minute

/// N listings to set: one `sync --once` after more stock arrives for every SKU.
func push() {
    let listings = option("--listings", 2000)
    let skus = (0..<listings).map { "SKU\($0)" }
    let emulator: ShopifyEmulator
    do {
        emulator = try ShopifyEmulator(shops: [EmulatedShop(domain: "a.myshopify.com", variants: skus.map { ($0, 0) })])
    } catch { fail("emulator: \(error)") }
    let home = Home()
    home.prepare(emulator, channels: [("a", ChannelRule(priority: 1))], skus: skus, units: 10)
    guard home.run(["sync", "--once"], emulator) == 0 else { fail("first sync failed") }
    // More stock for every SKU: every listing must be raised.
    do {
        let store = try Store.open(at: home.store)
        _ = try store.transact(actor: "bench", time: Timestamp(secondsSince1970: 1_780_000_100)) { _ in
            (skus.map { ProposedChange(.received(sku: SKUCode($0), quantity: 5, reference: nil, fromIncoming: 0)) }, ())
        }
    } catch { fail("receive: \(error)") }
    let before = emulator.events().count
    let start = now()
    guard home.run(["sync", "--once"], emulator) == 0 else { fail("second sync failed") }
    let elapsed = now() - start
    let sets = emulator.events().dropFirst(before).compactMap { event -> Date? in
        if case .set(_, _, _, _, let at) = event { at } else { nil }
    }
    let span = (sets.last?.timeIntervalSince(sets.first ?? Date()) ?? 0)
    print(
        json([
            ("bench", "push"), ("listings", listings), ("set", sets.count), ("step_seconds", elapsed),
            ("listings_per_min_step", Double(sets.count) / elapsed * 60),
            ("mutations", emulator.requestCount(shop: "a.myshopify.com", operation: "inventorySetQuantities")),
            ("first_to_last_set_s", span), ("load", load()),
        ]))
}

// MARK: - Reconciliation: bulk export against paging

/// A shop of N variants, all offered once; then one `sync --once` that must reconcile the
/// whole catalogue (its status file removed, so the last reconciliation is unknown), read
/// from a bulk export (`--bulk-above 1`) or page by page (`--bulk-above 0`). The bucket is the
/// Standard plan's unless `--restore` says otherwise (1,000 points, `--restore` points/s);
/// `--preparation` seconds is the emulator's time to prepare the export (Shopify documents
/// none). A `sync --once` without the reconciliation is timed too, so the difference is the
/// reconciliation alone. `--locations L`: the shop has L locations and every variant is stocked
/// at each (the export then holds L inventory-level lines a variant); `--pages 0` skips paging.
func reconcile() {
    let variants = option("--variants", 20_000)
    let restore = Double(option("--restore", 100))
    let preparation = Double(option("--preparation", 0))
    let locations = max(1, option("--locations", 1))
    let skus = (0..<variants).map { "SKU\($0)" }
    let shop = "a.myshopify.com"
    let emulator: ShopifyEmulator
    do {
        emulator = try ShopifyEmulator(shops: [
            EmulatedShop(
                domain: shop, restoreRate: restore, locations: (1...locations).map { "Location \($0)" },
                variants: skus.map { ($0, 0) })
        ])
    } catch { fail("emulator: \(error)") }
    for location in 1..<locations {
        for sku in skus { emulator.adminSetAvailable(shop: shop, sku: sku, to: 3, location: location) }
    }
    emulator.setBulkPreparation(shop: shop, seconds: preparation)
    let home = Home()
    home.prepare(emulator, channels: [("a", ChannelRule(priority: 1))], skus: skus, units: 10)
    guard home.run(["sync", "--once", "--bulk-above", "1"], emulator) == 0 else { fail("first sync failed") }
    var figures: [(String, Any)] = [
        ("bench", "reconcile"), ("variants", variants), ("restore_per_s", restore), ("locations", locations),
    ]
    let statusFile = "\(home.store)/sync/a.json"
    // Without reconciliation: the status file says the catalogue was just read.
    var start = now()
    guard home.run(["sync", "--once"], emulator) == 0 else { fail("plain sync failed") }
    let plain = now() - start
    figures.append(("step_without_reconcile_s", plain))
    let methods = option("--pages", 1) == 0 ? [("bulk", "1")] : [("bulk", "1"), ("pages", "0")]
    for (name, threshold) in methods {
        try? FileManager.default.removeItem(atPath: statusFile)
        let before = ["productVariants", "bulkOperation", "bulkDownload"].map {
            emulator.requestCount(shop: shop, operation: $0)
        }
        // The bucket full again, as after a quiet hour.
        Thread.sleep(forTimeInterval: 1000 / restore + 1)
        start = now()
        guard home.run(["sync", "--once", "--bulk-above", threshold], emulator) == 0 else { fail("\(name) failed") }
        let elapsed = now() - start
        let after = ["productVariants", "bulkOperation", "bulkDownload"].map {
            emulator.requestCount(shop: shop, operation: $0)
        }
        figures += [
            ("\(name)_step_s", elapsed), ("\(name)_reconcile_s", elapsed - plain),
            ("\(name)_variant_pages", after[0] - before[0]), ("\(name)_polls", after[1] - before[1]),
            ("\(name)_downloads", after[2] - before[2]), ("\(name)_load", load()),
        ]
        log("\(name): \(elapsed) s")
    }
    figures.append(("bulk_preparation_s", preparation))
    print(json(figures))
}

// MARK: - Latency across Shopify and Amazon

/// Shop A (Shopify) and seller Z (Amazon) share 40 SKUs. The channel the orders come from
/// (`--from`) has a floor of 50 units granted first; the other is served with no cap, so each
/// sale lowers the other channel's allocation by one: the time from the sale to the set on the
/// other channel is the latency. `--plans documented` keeps the SP-API emulator's documented
/// usage plans (searchOrders 0.0056/s, burst 20 — started empty, as after a burst, so the
/// figure is the steady state); `relaxed` gives every operation 100/s.
func amazonLatency() {
    let every = option("--every", 1)
    let seconds = option("--seconds", 60)
    // Sales per minute (`--per-minute`), else per second (`--rate`): Amazon's documented
    // searchOrders reads at most 100 orders a search, one search every ~3 minutes.
    let perMinute = option("--per-minute", option("--rate", 2) * 60)
    let rate = Double(perMinute) / 60
    let fromAmazon = (arguments.firstIndex(of: "--from").map { arguments[$0 + 1] } ?? "amazon") == "amazon"
    let documented = (arguments.firstIndex(of: "--plans").map { arguments[$0 + 1] } ?? "relaxed") == "documented"
    let skus = (0..<40).map { "SKU\($0)" }
    let units = 100_000
    let shopify: ShopifyEmulator
    do {
        shopify = try ShopifyEmulator(shops: [EmulatedShop(domain: "a.myshopify.com", variants: skus.map { ($0, 0) })])
    } catch { fail("emulator: \(error)") }
    var configuration = SPAPIEmulator.Configuration()
    if !documented {
        for operation in EmulatedOperation.allCases where operation != .lwaToken && operation != .control {
            configuration.plans[operation] = (rate: 100, burst: 50)
        }
    }
    let amazon = SPAPIEmulator(configuration)
    let amazonBase: String
    do { amazonBase = try amazon.start() } catch { fail("SP-API emulator: \(error)") }
    for sku in skus { amazon.addListing(sku: sku, quantity: 0) }
    let home = Home()
    home.extra = ["ONEPOOL_AMAZON_BASE_URL": amazonBase]
    let source: ChannelName = fromAmazon ? "z" : "a"
    let other: ChannelName = fromAmazon ? "a" : "z"
    do {
        let store = try Store.create(
            at: home.store, metadata: StoreMetadata(name: "Bench", createdAt: 0, timeZone: "UTC"))
        _ = try store.transact(actor: "bench", time: Timestamp(secondsSince1970: 1_780_000_000)) { _ in
            var changes: [ProposedChange] = [
                ProposedChange(.channelAdded(Channel(name: "a", kind: .shopify))),
                ProposedChange(.channelAdded(Channel(name: "z", kind: .amazon))),
                ProposedChange(
                    .channelConfigured(
                        name: other, settings: ChannelSettings(rule: ChannelRule(priority: 1), format: .generic))),
                ProposedChange(
                    .channelConfigured(
                        name: source,
                        settings: ChannelSettings(rule: ChannelRule(priority: 2, floor: 50), format: .generic))),
            ]
            for sku in skus {
                changes.append(ProposedChange(.skuCreated(SKU(code: SKUCode(sku), title: sku, price: Money(cents: 1000)))))
                changes.append(ProposedChange(.received(sku: SKUCode(sku), quantity: units, reference: nil, fromIncoming: 0)))
            }
            return (changes, ())
        }
    } catch { fail("store: \(error)") }
    func secretFile(_ name: String, _ value: String) -> String {
        let path = "\(home.path)/\(name)"
        FileManager.default.createFile(
            atPath: path, contents: Data("\(value)\n".utf8), attributes: [.posixPermissions: 0o600])
        return path
    }
    guard
        home.run(
            [
                "connect", "shopify", "--channel", "a", "--shop", "a.myshopify.com", "--client-id", "emulated-client",
                "--client-secret-file", secretFile("secret", "emulated-secret"),
            ], shopify) == 0,
        home.run(
            [
                "connect", "amazon", "--channel", "z", "--region", "na", "--seller-id", configuration.sellerID,
                "--marketplace", configuration.marketplaces[0], "--client-id", configuration.clientID,
                "--client-secret-file", secretFile("lwa-secret", configuration.clientSecret),
                "--refresh-token-file", secretFile("lwa-refresh", configuration.refreshToken),
            ], shopify) == 0
    else { fail("connect failed") }
    let sync = home.start(["sync", "--every", "\(every)"], shopify)
    func otherQuantity(_ sku: String) -> Int? {
        fromAmazon ? shopify.available(shop: "a.myshopify.com", sku: sku) : amazon.listing(sku)?.merchantQuantity
    }
    let warmUp = now()
    while otherQuantity(skus.last!) != units - 50 {
        if now() - warmUp > 300 { fail("no first push within 300 s") }
        usleep(100_000)
    }
    if documented { amazon.setPlan(.searchOrders, rate: 0.0056, burst: 20, tokens: 0) }
    var random = SystemRandomNumberGenerator()
    var sales: [(sku: String, at: Date, target: Int)] = []
    var sold: [String: Int] = [:]
    let start = now()
    var next = start
    while now() - start < Double(seconds) {
        let sku = skus.randomElement(using: &random)!
        let placed: Bool
        if fromAmazon {
            placed = amazon.sell([(sku, 1)]) != nil
        } else if case .placed = shopify.placeOrder(shop: "a.myshopify.com", lines: [(sku, 1)]) {
            placed = true
        } else {
            placed = false
        }
        if placed {
            sold[sku, default: 0] += 1
            sales.append((sku, Date(), units - sold[sku]! - 50))
        }
        next += 1.0 / rate
        let wait = next - now()
        if wait > 0 { usleep(useconds_t(wait * 1_000_000)) }
    }
    // Let the last sales through (a documented searchOrders admits one search every ~3 minutes).
    usleep(useconds_t(Double(every * 3 + 3 + (documented ? 200 : 0)) * 1_000_000))
    kill(sync.processIdentifier, SIGTERM)
    sync.waitUntilExit()
    var sets: [String: [(at: Date, to: Int)]] = [:]
    if fromAmazon {
        for event in shopify.events() {
            if case .set(_, let sku, _, let to, let at) = event { sets[sku, default: []].append((at, to)) }
        }
    } else {
        for event in amazon.events() {
            if case .set(let sku, _, let to, let at) = event { sets[sku, default: []].append((at, to)) }
        }
    }
    var latencies: [Double] = []
    var missed = 0
    for sale in sales {
        guard let set = sets[sale.sku]?.first(where: { $0.at >= sale.at && $0.to <= sale.target }) else {
            missed += 1
            continue
        }
        latencies.append(set.at.timeIntervalSince(sale.at))
    }
    latencies.sort()
    print(
        json([
            ("bench", "amazon-latency"), ("from", fromAmazon ? "amazon" : "shopify"),
            ("plans", documented ? "documented" : "relaxed 100/s"), ("every_s", every), ("seconds", seconds),
            ("per_minute", perMinute), ("sales", sales.count), ("missed", missed),
            ("p50_s", percentile(latencies, 0.5)),
            ("p90_s", percentile(latencies, 0.9)), ("p99_s", percentile(latencies, 0.99)),
            ("max_s", latencies.last ?? .nan), ("searchOrders", amazon.requests(.searchOrders).count),
            ("searchOrders_429", amazon.requests(.searchOrders).filter { $0.status == 429 }.count), ("load", load()),
        ]))
}

/// A backlog of `--orders` Amazon orders (4 SKUs, one unit each) waiting before the first sync,
/// read by `onepool sync --every 1` with every SP-API operation at its documented usage plan
/// (the emulator's buckets start full, as an idle seller's do): `--method report` catches up
/// through `GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL` (`--amazon-report-after 1`),
/// `--method search` reads with `searchOrders` only (`--amazon-report-after 0`). Stops when
/// every order is recorded or after `--seconds`. Amazon's time to prepare a report is not
/// emulated (the emulator answers DONE on the second `getReport`): add it to the report figure.
func amazonCatchUp() {
    let orders = option("--orders", 20_000)
    let seconds = option("--seconds", 300)
    let byReport = (arguments.firstIndex(of: "--method").map { arguments[$0 + 1] } ?? "report") == "report"
    let skus = ["A", "B", "C", "D"]
    let shopify: ShopifyEmulator
    do { shopify = try ShopifyEmulator(shops: []) } catch { fail("emulator: \(error)") }
    var configuration = SPAPIEmulator.Configuration()
    configuration.compressDocuments = true
    let amazon = SPAPIEmulator(configuration)
    let base: String
    do { base = try amazon.start() } catch { fail("SP-API emulator: \(error)") }
    for sku in skus { amazon.addListing(sku: sku, quantity: orders) }
    for index in 0..<orders { amazon.sell([(skus[index % skus.count], 1)]) }
    let home = Home()
    home.extra = ["ONEPOOL_AMAZON_BASE_URL": base]
    do {
        let store = try Store.create(
            at: home.store, metadata: StoreMetadata(name: "Bench", createdAt: 0, timeZone: "UTC"))
        _ = try store.transact(actor: "bench", time: Timestamp(secondsSince1970: 1_780_000_000)) { _ in
            var changes: [ProposedChange] = [
                ProposedChange(.channelAdded(Channel(name: "z", kind: .amazon))),
                ProposedChange(
                    .channelConfigured(
                        name: "z", settings: ChannelSettings(rule: ChannelRule(priority: 1), format: .amazon))),
            ]
            for sku in skus {
                changes.append(ProposedChange(.skuCreated(SKU(code: SKUCode(sku), title: sku, price: Money(cents: 1000)))))
                changes.append(
                    ProposedChange(.received(sku: SKUCode(sku), quantity: orders * 2, reference: nil, fromIncoming: 0)))
            }
            return (changes, ())
        }
    } catch { fail("store: \(error)") }
    func secretFile(_ name: String, _ value: String) -> String {
        let path = "\(home.path)/\(name)"
        FileManager.default.createFile(
            atPath: path, contents: Data("\(value)\n".utf8), attributes: [.posixPermissions: 0o600])
        return path
    }
    let hourAgo = Date().addingTimeInterval(-3600)
    let since = ISO8601DateFormatter().string(from: hourAgo)
    guard
        home.run(
            [
                "connect", "amazon", "--channel", "z", "--region", "na", "--seller-id", configuration.sellerID,
                "--marketplace", configuration.marketplaces[0], "--client-id", configuration.clientID,
                "--client-secret-file", secretFile("lwa-secret", configuration.clientSecret),
                "--refresh-token-file", secretFile("lwa-refresh", configuration.refreshToken), "--since", since,
            ], shopify) == 0
    else { fail("connect failed") }
    // `connect` checked the connection with one search: the bucket is full again for the run.
    amazon.setPlan(.searchOrders, rate: 0.0056, burst: 20)
    func placed() -> Int {
        var count = 0
        try? Store.open(at: home.store).forEachEvent { if case .orderPlaced = $0.change { count += 1 } }
        return count
    }
    let sync = home.start(
        [
            "sync", "--every", "1", "--amazon-report-after", byReport ? "1" : "0", "--amazon-report-settle", "0",
            "--amazon-returns-every", "0",
        ], shopify)
    let start = now()
    var count = 0
    var firstRead: Double?
    while now() - start < Double(seconds) {
        usleep(500_000)
        count = placed()
        if count > 0 && firstRead == nil { firstRead = now() - start }
        if count >= orders { break }
    }
    let elapsed = now() - start
    kill(sync.processIdentifier, SIGTERM)
    sync.waitUntilExit()
    print(
        json([
            ("bench", "amazon-catchup"), ("method", byReport ? "report" : "searchOrders"), ("plans", "documented"),
            ("orders", orders), ("read", count), ("seconds", elapsed), ("first_read_s", firstRead ?? .nan),
            ("orders_per_minute", Double(count) / elapsed * 60),
            ("searchOrders", amazon.requests(.searchOrders).count),
            ("searchOrders_429", amazon.requests(.searchOrders).filter { $0.status == 429 }.count),
            ("createReport", amazon.requests(.createReport).count), ("getReport", amazon.requests(.getReport).count),
            ("load", load()),
        ]))
}

switch arguments.first {
case "amazon-catchup": amazonCatchUp()
case "amazon-latency": amazonLatency()
case "latency": latency()
case "pull": pull()
case "push": push()
case "reconcile": reconcile()
default: fail("usage: sync-bench latency|pull|push|reconcile|amazon-latency|amazon-catchup [options]")
}
