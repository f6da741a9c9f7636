import Foundation
import OnePoolCore
import SPAPIEmulator
import Testing

@testable import OnePoolSync

@Suite("Amazon faults: rate limits, 5xx, timeouts, dropped connections")
struct AmazonFaultTests {
    /// An emulator with `orders` merchant orders of one unit each.
    static func fixture(
        orders: Int, policy: RetryPolicy = AmazonFixture.fastPolicy,
        configure: (inout SPAPIEmulator.Configuration) -> Void = { _ in },
        clientPlans: [SPAPIOperation: SPAPIUsagePlan]? = nil
    ) throws -> (AmazonFixture, [String]) {
        let fixture = try AmazonFixture(configure: configure, policy: policy, clientPlans: clientPlans)
        fixture.emulator.addListing(sku: "MUG", quantity: 10_000)
        var ids: [String] = []
        for _ in 0..<orders { ids.append(try #require(fixture.emulator.sell([("MUG", 1)]))) }
        return (fixture, ids)
    }

    @Test("a 429 is retried after backoff and the pull completes")
    func throttledIsRetried() async throws {
        let (fixture, ids) = try Self.fixture(orders: 5)
        fixture.emulator.inject(.throttle, on: .searchOrders, times: 2)
        let pull = try await fixture.client.pullOrders(since: AmazonFixture.epoch)
        #expect(pull.orders.map(\.orderID).sorted() == ids.sorted())
        #expect(fixture.emulator.requests(.searchOrders).map(\.status) == [429, 429, 200])
    }

    @Test("the client paces itself by the usage plan: no 429 although the bucket is small")
    func pacesByTheBucket() async throws {
        let (fixture, ids) = try Self.fixture(
            orders: 12, configure: { $0.plans[.searchOrders] = (rate: 10, burst: 3) },
            clientPlans: [.searchOrders: SPAPIUsagePlan(rate: 10, burst: 1)])
        let started = ContinuousClock.now
        let pull = try await fixture.client.pullOrders(since: AmazonFixture.epoch, pageSize: 3)
        let elapsed = started.duration(to: .now)
        #expect(pull.orders.count == ids.count)
        #expect(fixture.emulator.requests(.searchOrders).map(\.status) == [200, 200, 200, 200])
        #expect(elapsed >= .milliseconds(300), "three waits of ~105 ms for the client's bucket of one to refill")
    }

    @Test("the rate Amazon states in x-amzn-RateLimit-Limit replaces the documented default")
    func adoptsTheStatedRate() async throws {
        let (fixture, _) = try Self.fixture(
            orders: 1, configure: { $0.plans[.searchOrders] = (rate: 0.5, burst: 20) }, clientPlans: [:])
        #expect(await fixture.client.usagePlan(.searchOrders) == SPAPIUsagePlan(rate: 0.0056, burst: 20))
        _ = try await fixture.client.pullOrders(since: AmazonFixture.epoch)
        #expect(await fixture.client.usagePlan(.searchOrders) == SPAPIUsagePlan(rate: 0.5, burst: 20))
    }

    @Test("a wait longer than maxThrottleWait is reported as throttled at once, with when to come back")
    func longWaitsAreReportedNotSlept() async throws {
        // searchOrders' documented 0.0056/s would do, but a loaded test machine can take long
        // enough between two calls to refill a token; 0.001/s cannot refill in a test's time.
        let (fixture, _) = try Self.fixture(
            orders: 1, configure: { $0.plans[.searchOrders] = (rate: 0.001, burst: 1) },
            clientPlans: [.searchOrders: SPAPIUsagePlan(rate: 0.001, burst: 1)])
        _ = try await fixture.client.pullOrders(since: AmazonFixture.epoch)
        let started = ContinuousClock.now
        await #expect {
            _ = try await fixture.client.pullOrders(since: AmazonFixture.epoch)
        } throws: { error in
            guard case AmazonError.throttled(let operation, let retryAfter?) = error else { return false }
            return operation == "searchOrders" && retryAfter > 100 && retryAfter < 1100
        }
        #expect(started.duration(to: .now) < .seconds(30), "no sleep of ~1000 s")
        #expect(fixture.emulator.requests(.searchOrders).count == 1, "nothing was sent while the bucket is empty")
        #expect(await fixture.client.secondsUntilAdmitted(.searchOrders) > 100)
    }

    @Test("throttled on every attempt ends in a typed error after maxAttempts requests")
    func throttlingIsBounded() async throws {
        let (fixture, _) = try Self.fixture(orders: 1)
        fixture.emulator.inject(.throttle, on: .searchOrders, times: 50)
        await #expect(throws: AmazonError.self) { _ = try await fixture.client.pullOrders(since: AmazonFixture.epoch) }
        #expect(fixture.emulator.requests(.searchOrders).count == 4)
    }

    @Test("5xx is retried, and bounded")
    func serverErrorsAreRetriedAndBounded() async throws {
        let (fixture, ids) = try Self.fixture(orders: 3)
        fixture.emulator.inject(.status(503), on: .searchOrders, times: 2)
        let pull = try await fixture.client.pullOrders(since: AmazonFixture.epoch)
        #expect(pull.orders.count == ids.count)
        #expect(fixture.emulator.requests(.searchOrders).map(\.status) == [503, 503, 200])

        fixture.emulator.inject(.status(500), on: .searchOrders, times: 50)
        await #expect(throws: AmazonError.serverError(operation: "searchOrders", status: 500, attempts: 4)) {
            _ = try await fixture.client.pullOrders(since: AmazonFixture.epoch)
        }
        #expect(fixture.emulator.requests(.searchOrders).count == 3 + 4)
    }

    @Test("a connection reset halfway through page 2 is recovered: page 2 is fetched again, no order twice")
    func resetMidPage() async throws {
        let (fixture, ids) = try Self.fixture(orders: 25)
        fixture.emulator.inject(.resetMidBody, on: .searchOrders, times: 1, skip: 1)
        let pull = try await fixture.client.pullOrders(since: AmazonFixture.epoch, pageSize: 10)
        #expect(pull.orders.count == 25)
        #expect(Set(pull.orders.map(\.orderID)) == Set(ids))
        #expect(pull.pages == 3)
        let requests = fixture.emulator.requests(.searchOrders)
        #expect(requests.count == 4)
        #expect(requests[1].fault == .resetMidBody)
        #expect(requests[1].query["paginationToken"] != nil)
        #expect(requests[2].query["paginationToken"] == requests[1].query["paginationToken"], "the same page again")
    }

    @Test("a connection dropped before any answer is retried")
    func droppedConnection() async throws {
        let (fixture, ids) = try Self.fixture(orders: 2)
        fixture.emulator.inject(.dropConnection, on: .searchOrders, times: 2)
        let pull = try await fixture.client.pullOrders(since: AmazonFixture.epoch)
        #expect(pull.orders.count == ids.count)
        #expect(fixture.emulator.requests(.searchOrders).count == 3)
    }

    @Test("a slow answer within the timeout is waited for; beyond it, the request times out and is retried")
    func slowAnswers() async throws {
        // Generous margins: a loaded machine delays both sides by seconds at times.
        let policy = RetryPolicy(
            attempts: 3, baseDelay: 0.01, maxDelay: 0.05, maxThrottleWait: 5, requestTimeout: 3)
        let (fixture, ids) = try Self.fixture(orders: 2, policy: policy)
        fixture.emulator.inject(.slow(0.3), on: .searchOrders)
        #expect(try await fixture.client.pullOrders(since: AmazonFixture.epoch).orders.count == ids.count)
        #expect(fixture.emulator.requests(.searchOrders).count == 1)

        fixture.emulator.inject(.slow(60), on: .searchOrders)
        let started = ContinuousClock.now
        #expect(try await fixture.client.pullOrders(since: AmazonFixture.epoch).orders.count == ids.count)
        #expect(fixture.emulator.requests(.searchOrders).count == 3, "the slow one, then its retry")
        // Under 60 s, the slow answer's own delay: the client gave up on it rather than waiting it out
        // (a loaded machine has taken 44 s for the 3 s timeout and its retry).
        #expect(started.duration(to: .now) < .seconds(58), "the client gave up on the slow answer")

        fixture.emulator.inject(.slow(60), on: .searchOrders, times: 3)
        await #expect {
            _ = try await fixture.client.pullOrders(since: AmazonFixture.epoch)
        } throws: { error in
            guard case AmazonError.network(let operation, let reason, let attempts) = error else { return false }
            return operation == "searchOrders" && reason == "timed out" && attempts == 3
        }
    }

    @Test("an answer that is not the documented JSON is a typed error, not retried")
    func malformedBody() async throws {
        let (fixture, _) = try Self.fixture(orders: 1)
        fixture.emulator.inject(.malformedBody, on: .searchOrders)
        await #expect {
            _ = try await fixture.client.pullOrders(since: AmazonFixture.epoch)
        } throws: { error in
            guard case AmazonError.malformedResponse(let operation, _) = error else { return false }
            return operation == "searchOrders"
        }
        #expect(fixture.emulator.requests(.searchOrders).count == 1)
    }

    @Test("nobody listening: a network error after the bounded attempts")
    func nobodyListening() async throws {
        let (fixture, _) = try Self.fixture(orders: 0)
        _ = try await fixture.client.checkConnection()  // a token in hand first
        fixture.emulator.stop()
        await #expect {
            _ = try await fixture.client.pullOrders(since: AmazonFixture.epoch)
        } throws: { error in
            guard case AmazonError.network(_, _, let attempts) = error else { return false }
            return attempts == 4
        }
    }
}
