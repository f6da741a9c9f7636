import Foundation
import OnePoolChannels
import OnePoolCore
import OnePoolStore
import SPAPIEmulator
import Testing

@testable import OnePoolSync

/// The Reports API half of the Amazon connector through the emulator: a backlog caught up by
/// one orders report and continued by the search, returns pulled by report, and the faults a
/// report can meet (FATAL, 429, a download reset mid-body, an expired document URL).
@Suite(.serialized) struct AmazonReportSyncTests {
    /// Reports on at once (any search with pages left), windows up to now, returns every step.
    static func settings(returns: Bool = false) -> AmazonReportSettings {
        var settings = AmazonReportSettings()
        settings.catchUpAfter = 0.001
        settings.settle = 0
        settings.returnsEvery = returns ? 0.001 : nil
        settings.retryAfterFailure = 0
        return settings
    }

    /// A connector whose first pull starts a day ago (a report window is at most 30 days).
    static func connector(_ fixture: AmazonEngineFixture, _ settings: AmazonReportSettings) -> AmazonConnector {
        let dayAgo = AmazonClient.wallClock().millisecondsSince1970 - 86_400_000
        return AmazonConnector(
            channel: AmazonEngineFixture.channel, client: fixture.connector.client,
            since: Timestamp(millisecondsSince1970: dayAgo), reports: settings)
    }

    /// orderPlaced events by idempotency key (each must be 1).
    static func placedKeys(_ fixture: AmazonEngineFixture) throws -> [String: Int] {
        var keys: [String: Int] = [:]
        for event in try fixture.events() {
            if case .orderPlaced = event.change, let key = event.idempotencyKey { keys[key, default: 0] += 1 }
        }
        return keys
    }

    static func cancelledLines(_ emulator: SPAPIEmulator) -> Int {
        emulator.allOrders().filter { $0.status == "CANCELLED" }.reduce(0) { $0 + $1.items.count }
    }

    static func merchantLines(_ emulator: SPAPIEmulator) -> Int {
        emulator.allOrders().filter { $0.fulfilledBy == "MERCHANT" }.reduce(0) { $0 + $1.items.count }
    }

    // MARK: - The same meaning

    @Test func aReportRowAndTheSearchGiveTheSameLines() async throws {
        let fixture = try AmazonEngineFixture(
            stock: ["A": 100, "B": 100], listings: ["A": 50, "B": 50, "F": nil])
        let emulator = fixture.emulator
        let client = fixture.connector.client
        let shipped = try #require(emulator.sell([("A", 2), ("B", 1)], unitPrice: "12.50"))
        emulator.setStatus(shipped, "SHIPPED")
        _ = emulator.sell([("A", 1)], status: "PENDING")
        let cancelled = try #require(emulator.sell([("B", 3)], unitPrice: "7.25"))
        emulator.cancel(cancelled)
        let partly = try #require(emulator.sell([("A", 1), ("B", 2)], unitPrice: "3.10"))
        emulator.shipItem(partly, sku: "A")
        _ = emulator.sell([("F", 1)], fulfilledByAmazon: true)
        _ = emulator.sell([("A", 1), ("A", 2)], unitPrice: "1.00")
        await AmazonEngineFixture.pastSearchBound()

        let searched = AmazonOrderLines.read(try await client.pullOrders(since: AmazonFixture.epoch).orders)
        let id = try await client.createReport(
            .ordersByLastUpdate, from: Timestamp(millisecondsSince1970: 0), to: AmazonClient.wallClock())
        var report = try await client.report(id)
        while report.status != .done {
            #expect([.inQueue, .inProgress].contains(report.status))
            report = try await client.report(id)
        }
        let rows = try AmazonReportRows.orders(
            try await client.reportDocument(try #require(report.documentID)), reportID: id)
        func facts(_ lines: [ImportedLine]) -> [String] {
            lines.map {
                "\($0.order)#\($0.line) \($0.listing) x\($0.quantity) \($0.unitPrice?.cents ?? -1) \($0.status)"
            }
            .sorted()
        }
        #expect(facts(rows.lines) == facts(searched.lines))
        #expect(rows.lines.count == 8)
        #expect(rows.skipped == searched.skipped)
        #expect(rows.problems.isEmpty)
        #expect(emulator.documentDownloadsWithAccessToken() == 0)
    }

    // MARK: - A backlog

    @Test func aBacklogIsCaughtUpByOneReportThenTheSearchGoesOnEachOrderOnce() async throws {
        let skus = ["A", "B", "C", "D"]
        let fixture = try AmazonEngineFixture(
            stock: Dictionary(uniqueKeysWithValues: skus.map { ($0, 100_000) }), cap: .units(50_000),
            listings: Dictionary(uniqueKeysWithValues: skus.map { ($0, 20_000) }))
        let emulator = fixture.emulator
        for index in 0..<320 {
            let order = emulator.sell([(skus[index % 4], 1 + index % 3)])
            if index % 17 == 0, let order {
                emulator.cancel(order)
            } else if index % 11 == 0, let order {
                emulator.setStatus(order, "SHIPPED")
            }
        }
        // The search reads one page, then Amazon answers 429 for a long while.
        emulator.inject(.throttle, on: .searchOrders, times: 100_000, skip: 1)
        await AmazonEngineFixture.pastSearchBound()
        let engine = try fixture.engine(wrap: { _ in Self.connector(fixture, Self.settings()) })
        let lines = Self.merchantLines(emulator)
        var steps = 0
        while try Self.placedKeys(fixture).count < lines - Self.cancelledLines(emulator) && steps < 12 {
            _ = await engine.step()
            steps += 1
        }
        let reports = emulator.reportsCreated().filter { $0.type == AmazonReportType.ordersByLastUpdate.rawValue }
        #expect(reports.count == 1)
        #expect(reports.first?.status == "DONE")
        #expect(emulator.requests(.searchOrders).filter { $0.status == 200 }.count == 1)
        #expect(try Self.placedKeys(fixture).count == lines - Self.cancelledLines(emulator))

        // The search goes on from the report's end.
        emulator.clearFaults(on: .searchOrders)
        for index in 0..<25 { emulator.sell([(skus[index % 4], 1)]) }
        await AmazonEngineFixture.pastSearchBound()
        for _ in 0..<3 { _ = await engine.step() }
        let keys = try Self.placedKeys(fixture)
        #expect(keys.values.allSatisfy { $0 == 1 })
        // Orders cancelled before any pull saw them open are never placed (the import's meaning).
        let neverOpen = Self.cancelledLines(emulator)
        #expect(keys.count == Self.merchantLines(emulator) - neverOpen)
        for order in emulator.allOrders() where order.status != "CANCELLED" {
            #expect(keys["order:amz:\(order.orderID):1"] == 1, "order \(order.orderID) \(order.status)")
        }
        let state = try fixture.state()
        let cursor = try AmazonOrdersCursor(text: try #require(state.sync.cursors[AmazonEngineFixture.channel]))
        #expect(cursor.pageToken == nil)
        for sku in skus {
            let open = emulator.allOrders().filter { ["UNSHIPPED", "PENDING"].contains($0.status) }
                .flatMap(\.items).filter { $0.sellerSKU == sku }.reduce(0) { $0 + $1.quantityOrdered }
            #expect(state.stock(SKUCode(sku))?.committed == open, "\(sku) committed")
        }
    }

    // MARK: - Faults

    @Test func aFatalReportIsNamedAndTheSearchCarriesOnThenAnotherReportIsAsked() async throws {
        let fixture = try AmazonEngineFixture(stock: ["A": 10_000], cap: .units(5_000), listings: ["A": 5_000])
        let emulator = fixture.emulator
        for _ in 0..<150 { emulator.sell([("A", 1)]) }
        emulator.failNextReports(["FATAL"])
        await AmazonEngineFixture.pastSearchBound()
        let connector = Self.connector(fixture, Self.settings())
        let engine = try fixture.engine(wrap: { _ in connector })
        var problems: [String] = []
        for _ in 0..<4 { problems += (await engine.step()).flatMap(\.problems) }
        #expect(problems.contains { $0.contains("failed at Amazon (FATAL)") && $0.contains("searchOrders") })
        // The search read everything meanwhile; a later report is asked for only with a backlog.
        let keys = try Self.placedKeys(fixture)
        #expect(keys.count == 150)
        #expect(keys.values.allSatisfy { $0 == 1 })
        #expect(emulator.reportsCreated().first?.status == "FATAL")
    }

    @Test func throttledReportCallsWaitAndARetryFinishesTheCatchUp() async throws {
        let fixture = try AmazonEngineFixture(stock: ["A": 10_000], cap: .units(5_000), listings: ["A": 5_000])
        let emulator = fixture.emulator
        for _ in 0..<150 { emulator.sell([("A", 1)]) }
        emulator.setPlan(.searchOrders, rate: 0.0001, burst: 1)
        emulator.inject(.throttle, on: .getReport, times: 6)
        emulator.inject(.throttle, on: .getReportDocument, times: 3)
        await AmazonEngineFixture.pastSearchBound()
        let engine = try fixture.engine(wrap: { _ in Self.connector(fixture, Self.settings()) })
        var steps = 0
        var reports: [ChannelStepReport] = []
        while try Self.placedKeys(fixture).count < 150 && steps < 15 {
            reports += await engine.step()
            steps += 1
        }
        #expect(try Self.placedKeys(fixture).count == 150)
        #expect(emulator.requests(.getReport).contains { $0.status == 429 })
        #expect(emulator.requests(.getReportDocument).contains { $0.status == 429 })
        #expect(reports.allSatisfy { $0.failure == nil })
        #expect(emulator.reportsCreated().count == 1)
    }

    @Test func aDownloadResetMidBodyAndAnExpiredURLAreFetchedAgain() async throws {
        let fixture = try AmazonEngineFixture(stock: ["A": 10_000], cap: .units(5_000), listings: ["A": 5_000])
        let emulator = fixture.emulator
        for _ in 0..<130 { emulator.sell([("A", 1)]) }
        emulator.setPlan(.searchOrders, rate: 0.0001, burst: 1)
        emulator.inject(.resetMidBody, on: .downloadReportDocument, times: 2)
        await AmazonEngineFixture.pastSearchBound()
        let client = fixture.connector.client
        let id = try await client.createReport(
            .ordersByLastUpdate, from: Timestamp(millisecondsSince1970: 0), to: AmazonClient.wallClock())
        var report = try await client.report(id)
        while report.status != .done { report = try await client.report(id) }
        let document = try await client.reportDocument(try #require(report.documentID))
        #expect(try AmazonReportRows.orders(document, reportID: id).lines.count == 130)
        #expect(emulator.requests(.downloadReportDocument).count == 3)

        // An expired URL (403 from S3) is asked for again once: a new URL, then the body.
        let before = emulator.requests(.getReportDocument).count
        emulator.setDocumentURLLifetime(-1)
        await #expect(throws: AmazonError.self) { try await client.reportDocument(try #require(report.documentID)) }
        #expect(emulator.requests(.getReportDocument).count == before + 2)
        emulator.setDocumentURLLifetime(300)
        #expect(try await client.reportDocument(try #require(report.documentID)) == document)
        #expect(emulator.documentDownloadsWithAccessToken() == 0)
    }

    // MARK: - Returns

    @Test func returnsArePulledByReportOnceEvenWhenPulledTwiceAndNeverBeyondShipped() async throws {
        let fixture = try AmazonEngineFixture(stock: ["A": 100, "B": 100], listings: ["A": 50, "B": 50])
        let emulator = fixture.emulator
        let order = try #require(emulator.sell([("A", 2), ("B", 1)]))
        emulator.setStatus(order, "SHIPPED")
        await AmazonEngineFixture.pastSearchBound()
        let engine = try fixture.engine(wrap: { _ in Self.connector(fixture, Self.settings(returns: true)) })
        _ = await engine.step()  // the order is recorded shipped
        let received = Date()
        emulator.addReturn(order: order, sku: "A", quantity: 1, rma: "RMA-1", delivered: received)
        emulator.addReturn(order: order, sku: "B", quantity: 1, rma: "RMA-2", delivered: nil)  // in transit
        // More than was shipped: refused by the one rule, named in the status.
        emulator.addReturn(order: order, sku: "A", quantity: 5, rma: "RMA-3", delivered: received)
        var problems: [String] = []
        for _ in 0..<4 { problems += (await engine.step()).flatMap(\.problems) }
        func returned() throws -> Int {
            try fixture.events().filter { if case .returns(.arrived) = $0.change { true } else { false } }.count
        }
        #expect(try returned() == 1)
        #expect(problems.contains { $0.contains(order) })
        let returnsReports = emulator.reportsCreated().filter {
            $0.type == AmazonReportType.returnsByReturnDate.rawValue
        }
        #expect(returnsReports.count >= 2)  // pulled again: the same return is not recorded twice
        let state = try fixture.state()
        let cursor = try AmazonOrdersCursor(text: try #require(state.sync.cursors[AmazonEngineFixture.channel]))
        #expect(cursor.returnsSince != nil)

        // The in-transit return arrives: a later report records it, once. How many steps that takes
        // depends on the clock, not on the connector: a report asked for before the arrival may
        // still be pending (its window ends before it), and the next is due `returnsEvery` (1 ms)
        // after, so a step quicker than a millisecond asks for nothing. Three fixed steps failed
        // about 1 run in 10 on an idle machine; step until it is recorded (bounded), then more.
        emulator.addReturn(order: order, sku: "B", quantity: 1, rma: "RMA-2", delivered: Date())
        var steps = 0
        while try returned() < 2 && steps < 40 {
            _ = await engine.step()
            steps += 1
            if steps % 4 == 0 { try await Task.sleep(nanoseconds: 2_000_000) }
        }
        let recorded = try returned()
        #expect(recorded == 2, "\(recorded) return(s) recorded after \(steps) steps")
        for _ in 0..<4 {
            _ = await engine.step()
            try await Task.sleep(nanoseconds: 2_000_000)
        }
        #expect(try returned() == 2)  // and not again
    }
}
