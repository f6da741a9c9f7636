import Foundation
import OnePoolChannels
import OnePoolCore
import OnePoolStore
import OnePoolSync
import OnePoolTestSupport
import SPAPIEmulator
import Testing

/// The real binary catching up a backlog of Amazon orders through the Reports API while
/// `onepool sync --every 1` is SIGKILLed at random moments (asking for the report, polling it,
/// downloading it, writing its rows) and started again; the storefront keeps selling. Then the
/// search is let through and the last runs read the rest. Every order is counted once.
/// Sized for CI (about 15 s); ONEPOOL_SYNC_E2E_KILLS=30 kills more often.
@Suite(.serialized) struct SyncEndToEndAmazonReportTests {
    static let skus = ["MUG", "CUP", "TEE", "CAP"]

    @Test func killsDuringAReportCatchUpLoseAndDoubleCountNothing() throws {
        let rounds = Int(ProcessInfo.processInfo.environment["ONEPOOL_SYNC_E2E_KILLS"] ?? "") ?? 6
        let home = TemporaryDirectory("onepool-e2e-amazon-report")
        let store = home.child("store")
        var configuration = SyncEndToEnd.relaxedAmazon()
        configuration.reportPollsBeforeDone = 2
        let amazon = SPAPIEmulator(configuration)
        let base = try amazon.start()
        defer { amazon.stop() }
        for sku in Self.skus { amazon.addListing(sku: sku, quantity: 50_000) }
        let environment = ["ONEPOOL_AMAZON_BASE_URL": base]

        try SyncEndToEnd.createStore(
            at: store, name: "E2E", channels: [.init(name: "z", kind: .amazon, rule: ChannelRule(priority: 1))],
            stock: Self.skus.map { ($0, 40_000) })
        let connect = try SyncEndToEnd.connectAmazon(
            channel: "z", configuration, since: SyncEndToEnd.hourAgo(), store: store, home: home.path,
            extra: environment)
        #expect(connect.status == 0, "connect: \(connect.stdout) \(connect.stderr)")

        // The backlog: 350 orders, some cancelled and some shipped before any sync.
        var random = SplitMix64(seed: 41)
        func sellSome(_ count: Int) {
            for _ in 0..<count {
                let sku = Self.skus[Int(random.next() % UInt64(Self.skus.count))]
                guard let order = amazon.sell([(sku, 1 + Int(random.next() % 3))]) else { continue }
                switch random.next() % 20 {
                case 0: amazon.cancel(order)
                case 1, 2: amazon.setStatus(order, "SHIPPED")
                default: break
                }
            }
        }
        sellSome(350)
        let backlog = amazon.allOrders().filter { $0.status != "CANCELLED" }.reduce(0) { $0 + $1.items.count }
        // The search reads one page, then Amazon refuses it (429) until the end: the rest must
        // come from reports. Downloads are slow now and then, to be killed in the middle.
        amazon.inject(.throttle, on: .searchOrders, times: 1_000_000, skip: 1)
        amazon.inject(.slow(0.6), on: .downloadReportDocument, times: 3)
        amazon.inject(.slow(0.4), on: .getReport, times: 4, skip: 1)
        Thread.sleep(forTimeInterval: 0.01)

        let options = [
            "--store", store, "--amazon-report-after", "1", "--amazon-report-settle", "0",
            "--amazon-returns-every", "0",
        ]
        var kills = 0
        for round in 0..<rounds {
            let sync = try OnePoolBinary.start(
                ["sync", "--every", "1"] + options, home: home.path, apiBase: nil, extra: environment)
            Thread.sleep(forTimeInterval: 0.3 + Double(random.next() % 1700) / 1000)
            kill(sync.processIdentifier, SIGKILL)
            sync.waitUntilExit()
            kills += 1
            if round % 2 == 0 { sellSome(15) }
        }
        // While the search is still refused, a run left alone catches up through a report alone.
        // (Orders sold after the last report's window wait for the search: no search has pages
        // left, so no report is asked for.)
        let alone = try OnePoolBinary.start(
            ["sync", "--every", "1"] + options, home: home.path, apiBase: nil, extra: environment)
        let deadline = Date().addingTimeInterval(20)
        while SyncEndToEnd.placedCount(store: store) < backlog && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.3)
        }
        kill(alone.processIdentifier, SIGKILL)
        alone.waitUntilExit()
        #expect(
            SyncEndToEnd.placedCount(store: store) >= backlog,
            "reports caught up \(SyncEndToEnd.placedCount(store: store)) of the backlog's \(backlog) lines")
        // Each search page holds at most 100 orders: the backlog cannot have come from them.
        #expect(amazon.requests(.searchOrders).filter { $0.status == 200 }.count <= 2)

        sellSome(20)
        amazon.clearFaults(on: .searchOrders)
        Thread.sleep(forTimeInterval: 0.01)
        var outputs = ""
        for _ in 0..<3 {
            let run = try OnePoolBinary.run(["sync", "--once"] + options, home: home.path, extra: environment)
            #expect(run.status == 0, "final sync: \(run.stdout) \(run.stderr)")
            outputs += run.stdout + run.stderr
        }
        for secret in [configuration.clientSecret, configuration.refreshToken] { #expect(!outputs.contains(secret)) }

        var placed: [String: Int] = [:]
        try Store.open(at: store).forEachEvent { event in
            if case .orderPlaced = event.change, let key = event.idempotencyKey { placed[key, default: 0] += 1 }
        }
        #expect(placed.values.allSatisfy { $0 == 1 })
        var expected = 0
        for order in amazon.allOrders() where order.status != "CANCELLED" {
            for index in order.items.indices {
                expected += 1
                #expect(placed["order:z:\(order.orderID):\(index + 1)"] == 1, "order \(order.orderID)")
            }
        }
        // An order cancelled before any pull saw it is never placed; one seen open and then
        // cancelled was placed once (and cancelled).
        let cancelledSeen = placed.count - expected
        #expect(cancelledSeen >= 0)
        #expect(kills == rounds)
        let reports = amazon.reportsCreated().filter {
            $0.type == "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL"
        }
        #expect(reports.contains { $0.status == "DONE" })
        #expect(amazon.documentDownloadsWithAccessToken() == 0)
        let state = try Store.open(at: store).state
        for sku in Self.skus {
            let open = amazon.allOrders().filter { ["UNSHIPPED", "PENDING"].contains($0.status) }
                .flatMap(\.items).filter { $0.sellerSKU == sku }.reduce(0) { $0 + $1.quantityOrdered }
            #expect(state.stock(SKUCode(sku))?.committed == open, "\(sku) committed")
        }
        print(
            "e2e amazon reports: \(amazon.allOrders().count) orders, \(placed.count) lines placed, \(kills) kills, "
                + "\(reports.count) orders reports (\(reports.filter { $0.status == "DONE" }.count) done)")
    }

    /// The figure of Benchmarks/SYNC.md when no release build is at hand: a backlog of
    /// ONEPOOL_AMAZON_CATCHUP_ORDERS orders read by the debug binary at the documented usage
    /// plans, through a report (ONEPOOL_AMAZON_CATCHUP_METHOD=report) or by searchOrders only
    /// (=search), for at most ONEPOOL_AMAZON_CATCHUP_SECONDS. Skipped unless the first is set.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["ONEPOOL_AMAZON_CATCHUP_ORDERS"] != nil))
    func catchUpFigure() throws {
        let environment = ProcessInfo.processInfo.environment
        let orders = Int(environment["ONEPOOL_AMAZON_CATCHUP_ORDERS"] ?? "") ?? 5000
        let seconds = Double(environment["ONEPOOL_AMAZON_CATCHUP_SECONDS"] ?? "") ?? 300
        let byReport = environment["ONEPOOL_AMAZON_CATCHUP_METHOD"] != "search"
        let home = TemporaryDirectory("onepool-amazon-catchup")
        let store = home.child("store")
        var configuration = SPAPIEmulator.Configuration()
        configuration.compressDocuments = true
        let amazon = SPAPIEmulator(configuration)
        let base = try amazon.start()
        defer { amazon.stop() }
        for sku in Self.skus { amazon.addListing(sku: sku, quantity: orders) }
        for index in 0..<orders { amazon.sell([(Self.skus[index % Self.skus.count], 1)]) }
        try SyncEndToEnd.createStore(
            at: store, name: "Fig", channels: [.init(name: "z", kind: .amazon, rule: ChannelRule(priority: 1))],
            stock: Self.skus.map { ($0, orders * 2) })
        let extra = ["ONEPOOL_AMAZON_BASE_URL": base]
        let connect = try SyncEndToEnd.connectAmazon(
            channel: "z", configuration, since: SyncEndToEnd.hourAgo(), store: store, home: home.path, extra: extra)
        #expect(connect.status == 0)
        amazon.setPlan(.searchOrders, rate: 0.0056, burst: 20)  // full again after connect's check
        let sync = try OnePoolBinary.start(
            [
                "sync", "--every", "1", "--store", store, "--amazon-report-after", byReport ? "1" : "0",
                "--amazon-report-settle", "0", "--amazon-returns-every", "0",
            ], home: home.path, apiBase: nil, extra: extra)
        let start = Date()
        var count = 0
        while Date().timeIntervalSince(start) < seconds {
            Thread.sleep(forTimeInterval: 0.5)
            count = SyncEndToEnd.placedCount(store: store)
            if count >= orders { break }
        }
        let elapsed = Date().timeIntervalSince(start)
        kill(sync.processIdentifier, SIGTERM)
        sync.waitUntilExit()
        let load =
            (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
            .joined(separator: " ") ?? "?"
        print(
            "amazon-catchup method=\(byReport ? "report" : "searchOrders") orders=\(orders) read=\(count) "
                + "seconds=\(String(format: "%.1f", elapsed)) "
                + "per_minute=\(String(format: "%.0f", Double(count) / elapsed * 60)) "
                + "searchOrders=\(amazon.requests(.searchOrders).count) "
                + "searchOrders_429=\(amazon.requests(.searchOrders).filter { $0.status == 429 }.count) "
                + "createReport=\(amazon.requests(.createReport).count) getReport=\(amazon.requests(.getReport).count) "
                + "load=\(load)")
    }
}
