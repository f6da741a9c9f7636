import Foundation
import OnePoolCore
import SPAPIEmulator
import Testing

@testable import OnePoolSync

@Suite("Amazon orders cursor: searches that outlast one pull")
struct AmazonOrdersCursorTests {
    static func fixture(
        orders: Int, configure: (inout SPAPIEmulator.Configuration) -> Void = { _ in },
        clientPlans: [SPAPIOperation: SPAPIUsagePlan]? = nil
    ) throws
        -> (AmazonFixture, [String])
    {
        let fixture = try AmazonFixture(configure: configure, clientPlans: clientPlans)
        fixture.emulator.addListing(sku: "MUG", quantity: 10_000)
        var ids: [String] = []
        for _ in 0..<orders { ids.append(try #require(fixture.emulator.sell([("MUG", 1)]))) }
        return (fixture, ids)
    }

    @Test("a backlog longer than maxPages is read over several pulls, resuming by token, each order once")
    func resumesAcrossPulls() async throws {
        let (fixture, ids) = try Self.fixture(orders: 50)
        let start = AmazonOrdersCursor(since: AmazonFixture.epoch)
        let first = try await fixture.client.pullOrders(from: start, pageSize: 10, maxPages: 2)
        #expect(first.orders.count == 20 && !first.complete && first.stoppedBy == nil)
        #expect(first.next.since == start.since && first.next.pageToken != nil && first.next.nextSince != nil)
        let second = try await fixture.client.pullOrders(
            from: AmazonOrdersCursor(text: first.next.text), pageSize: 10, maxPages: 2)
        #expect(second.orders.count == 20 && !second.complete)
        let third = try await fixture.client.pullOrders(from: second.next, pageSize: 10, maxPages: 2)
        #expect(third.orders.count == 10 && third.complete && third.next.pageToken == nil)
        #expect(third.next.since == first.next.nextSince, "the bound of the search, fixed by its first page")
        let all = (first.orders + second.orders + third.orders).map(\.orderID)
        #expect(all.count == 50 && Set(all) == Set(ids))
        let requests = fixture.emulator.requests(.searchOrders)
        #expect(requests.count == 5)
        #expect(
            requests[2].query["paginationToken"] == first.next.pageToken,
            "the second pull resumed with the stored token")
        #expect(
            Set(requests.map { $0.query["lastUpdatedAfter"] }) == ["1970-01-01T00:00:00Z"],
            "same parameters on every page")
    }

    @Test("throttled mid-search: the pages read are returned with the token to resume, not thrown away")
    func throttledMidSearchKeepsProgress() async throws {
        // 0.001/s rather than the documented 0.0056/s: see AmazonFaultTests.longWaitsAreReportedNotSlept.
        let (fixture, ids) = try Self.fixture(
            orders: 30, configure: { $0.plans[.searchOrders] = (rate: 0.001, burst: 2) },
            clientPlans: [.searchOrders: SPAPIUsagePlan(rate: 0.001, burst: 2)])
        let pull = try await fixture.client.pullOrders(
            from: AmazonOrdersCursor(since: AmazonFixture.epoch), pageSize: 10)
        #expect(pull.orders.count == 20 && pull.pages == 2 && !pull.complete)
        guard case .throttled(operation: "searchOrders", let retryAfter?)? = pull.stoppedBy else {
            Issue.record("expected throttled, got \(String(describing: pull.stoppedBy))")
            return
        }
        #expect(retryAfter > 100)
        #expect(pull.next.pageToken != nil)
        #expect(Set(pull.orders.map(\.orderID)).isSubset(of: Set(ids)))
        #expect(
            fixture.emulator.requests(.searchOrders).allSatisfy { $0.status == 200 }, "the client waited for no 429")
    }

    @Test("a fault after the first page returns the first page; on the first page it throws")
    func faultsAfterProgress() async throws {
        let (fixture, _) = try Self.fixture(orders: 15)
        fixture.emulator.inject(.status(500), on: .searchOrders, times: 4, skip: 1)
        let pull = try await fixture.client.pullOrders(
            from: AmazonOrdersCursor(since: AmazonFixture.epoch), pageSize: 10)
        #expect(pull.orders.count == 10 && !pull.complete)
        #expect(pull.stoppedBy == .serverError(operation: "searchOrders", status: 500, attempts: 4))
        let resumed = try await fixture.client.pullOrders(from: pull.next, pageSize: 10)
        #expect(resumed.orders.count == 5 && resumed.complete)

        fixture.emulator.inject(.status(503), on: .searchOrders, times: 10)
        await #expect(throws: AmazonError.serverError(operation: "searchOrders", status: 503, attempts: 4)) {
            _ = try await fixture.client.pullOrders(from: AmazonOrdersCursor(since: AmazonFixture.epoch))
        }
    }

    @Test("a refused or stale token starts the search again from `since`")
    func refusedOrStaleTokens() async throws {
        let (fixture, ids) = try Self.fixture(orders: 12)
        let bogus = try AmazonOrdersCursor(text: "amazon-orders/1 since=0 next=- issued=- token=not-a-real-token")
        let restarted = try await fixture.client.pullOrders(from: bogus, pageSize: 5)
        #expect(restarted.complete && Set(restarted.orders.map(\.orderID)) == Set(ids))
        let requests = fixture.emulator.requests(.searchOrders)
        #expect(requests.first?.status == 400 && requests[1].query["paginationToken"] == nil)

        let partial = try await fixture.client.pullOrders(
            from: AmazonOrdersCursor(since: AmazonFixture.epoch), pageSize: 5, maxPages: 1)
        let dayLater = Timestamp(
            millisecondsSince1970: (partial.next.tokenIssued?.millisecondsSince1970 ?? 0) + 24 * 3_600_000)
        let before = fixture.emulator.requests(.searchOrders).count
        let fresh = try await fixture.client.pullOrders(from: partial.next, pageSize: 5, now: dayLater)
        #expect(fresh.complete && fresh.orders.count == 12)
        #expect(
            fixture.emulator.requests(.searchOrders)[before].query["paginationToken"] == nil,
            "the old token was not sent")
    }

    @Test("the cursor's text round-trips, and anything else is refused with the expected form")
    func cursorText() throws {
        let cursor = AmazonOrdersCursor(
            since: Timestamp(millisecondsSince1970: 1_767_225_600_123), pageToken: "a+b/c= d%",
            nextSince: Timestamp(millisecondsSince1970: 1_767_225_700_000),
            tokenIssued: Timestamp(millisecondsSince1970: 5))
        #expect(try AmazonOrdersCursor(text: cursor.text) == cursor)
        #expect(!cursor.text.contains(" d%"), "the token is percent-encoded: the text has five fields")
        #expect(
            try AmazonOrdersCursor(text: AmazonOrdersCursor(since: .init(millisecondsSince1970: 7)).text).since
                .millisecondsSince1970 == 7)
        for bad in [
            "", "amazon-orders/2 since=0 next=- issued=- token=-", "amazon-orders/1 since=-5 next=- issued=- token=-",
            "amazon-orders/1 since=0 next=x issued=- token=-", "amazon-orders/1 since=0 next=-",
        ] {
            #expect(throws: AmazonError.self) { try AmazonOrdersCursor(text: bad) }
        }
    }
}
