import Foundation
import OnePoolCore
import SPAPIEmulator
import Testing

@testable import OnePoolSync

@Suite("Amazon orders: searchOrders v2026-01-01")
struct AmazonOrdersTests {
    @Test("every page is followed and every order arrives once, items mapped to neutral lines")
    func paginatesAcrossPages() async throws {
        let fixture = try AmazonFixture()
        fixture.emulator.addListing(sku: "MUG", quantity: 100)
        fixture.emulator.addListing(sku: "CAP", quantity: 100)
        var sold: [String] = []
        for index in 0..<23 {
            let lines: [(sku: String, quantity: Int)] = index % 3 == 0 ? [("MUG", 2), ("CAP", 1)] : [("MUG", 1)]
            sold.append(try #require(fixture.emulator.sell(lines)))
        }
        let pull = try await fixture.client.pullOrders(since: AmazonFixture.epoch, pageSize: 10)
        #expect(pull.pages == 3)
        #expect(pull.orders.map(\.orderID).sorted() == sold.sorted())
        #expect(pull.rejected.isEmpty)
        let requests = fixture.emulator.requests(.searchOrders)
        #expect(requests.count == 3)
        #expect(
            requests.allSatisfy {
                $0.query["includedData"] == "FULFILLMENT,CANCELLATION" && $0.query["maxResultsPerPage"] == "10"
            })
        #expect(
            requests.allSatisfy {
                $0.query["lastUpdatedAfter"] == "1970-01-01T00:00:00Z" && $0.query["marketplaceIds"] == "ATVPDKIKX0DER"
            })
        #expect(requests[0].query["paginationToken"] == nil && requests[1].query["paginationToken"] != nil)
        let first = try #require(pull.orders.first { $0.orderID == sold[0] })
        #expect(first.lines.map(\.sellerSKU) == ["CAP", "MUG"])
        #expect(first.lines.map(\.line) == [1, 2])
        #expect(first.lines.map(\.quantity) == [1, 2])
        #expect(
            first.lines.allSatisfy {
                $0.status == .unshipped && !$0.isFulfilledByAmazon && $0.unitPrice == Money(cents: 1250)
            })
        #expect(first.lines.allSatisfy { $0.currencyCode == "USD" && $0.orderItemID.count == 14 })
    }

    @Test("the cursor moves to the bound Amazon applied, and the next pull brings only what changed since")
    func cursorAdvances() async throws {
        let fixture = try AmazonFixture()
        fixture.emulator.addListing(sku: "MUG", quantity: 100)
        let early = try #require(fixture.emulator.sell([("MUG", 1)]))
        let first = try await fixture.client.pullOrders(since: AmazonFixture.epoch)
        #expect(first.orders.map(\.orderID) == [early])
        let bound = try #require(fixture.emulator.requests(.searchOrders).last?.query)
        #expect(bound["lastUpdatedAfter"] != nil)

        let quiet = try await fixture.client.pullOrders(from: first.next)
        #expect(quiet.orders.isEmpty, "nothing changed: nothing to apply")
        #expect(quiet.next.since >= first.next.since && quiet.complete && quiet.next.pageToken == nil)

        try await Task.sleep(for: .milliseconds(5))
        let late = try #require(fixture.emulator.sell([("MUG", 2)]))
        fixture.emulator.setStatus(early, "SHIPPED")
        let second = try await fixture.client.pullOrders(from: quiet.next)
        #expect(Set(second.orders.map(\.orderID)) == [early, late])
        #expect(second.orders.first { $0.orderID == early }?.lines.first?.status == .shipped)
        #expect(second.orders.first { $0.orderID == early }?.lines.first?.shippedQuantity == 1)
    }

    @Test("FBA orders are flagged so the engine can skip them")
    func flagsFBA() async throws {
        let fixture = try AmazonFixture()
        fixture.emulator.addListing(sku: "MUG", quantity: 10)
        fixture.emulator.addListing(sku: "MUG-FBA", quantity: 10, fulfilledByAmazon: true)
        let merchant = try #require(fixture.emulator.sell([("MUG", 1)]))
        let fba = try #require(fixture.emulator.sell([("MUG-FBA", 3)], fulfilledByAmazon: true))
        let pull = try await fixture.client.pullOrders(since: AmazonFixture.epoch)
        let byID = Dictionary(uniqueKeysWithValues: pull.orders.map { ($0.orderID, $0) })
        #expect(byID[fba]?.fulfilment == .amazon)
        #expect(byID[fba]?.lines.allSatisfy(\.isFulfilledByAmazon) == true)
        #expect(byID[merchant]?.fulfilment == .merchant)
        #expect(byID[merchant]?.lines.contains(where: \.isFulfilledByAmazon) == false)
    }

    @Test("Amazon's statuses become pending, unshipped, shipped and cancelled, item by item")
    func mapsStatuses() async throws {
        let fixture = try AmazonFixture()
        for sku in ["A", "B", "C"] { fixture.emulator.addListing(sku: sku, quantity: 50) }
        let pending = try #require(fixture.emulator.sell([("A", 1)], status: "PENDING"))
        let partial = try #require(fixture.emulator.sell([("A", 1), ("B", 2)]))
        fixture.emulator.shipItem(partial, sku: "A")
        let cancelled = try #require(fixture.emulator.sell([("C", 4)]))
        fixture.emulator.cancel(cancelled)
        let unfulfillable = try #require(fixture.emulator.sell([("B", 1)]))
        fixture.emulator.setStatus(unfulfillable, "UNFULFILLABLE")
        #expect(fixture.emulator.listing("C")?.merchantQuantity == 50, "cancelling gave the units back")

        let pull = try await fixture.client.pullOrders(since: AmazonFixture.epoch)
        let byID = Dictionary(uniqueKeysWithValues: pull.orders.map { ($0.orderID, $0) })
        let pendingLine = try #require(byID[pending]?.lines.first)
        #expect(pendingLine.status == .pending)
        #expect(pendingLine.unitPrice == nil, "Amazon leaves prices out of pending orders")
        #expect(byID[partial]?.amazonStatus == "PARTIALLY_SHIPPED")
        #expect(byID[partial]?.lines.map(\.status) == [.shipped, .unshipped])
        #expect(byID[cancelled]?.lines.map(\.status) == [.cancelled])
        #expect(byID[unfulfillable]?.lines.map(\.status) == [.cancelled])
    }

    @Test("a storefront selling during a pull: every order is seen exactly once over successive pulls")
    func concurrentSellingNeitherLosesNorRepeats() async throws {
        let fixture = try AmazonFixture()
        fixture.emulator.addListing(sku: "MUG", quantity: 100_000)
        let emulator = fixture.emulator
        async let sold: [String] = {
            var ids: [String] = []
            for _ in 0..<150 {
                if let id = emulator.sell([("MUG", 1)]) { ids.append(id) }
                try? await Task.sleep(for: .milliseconds(1))
            }
            return ids
        }()
        var seen: [String: Int] = [:]
        var cursor = AmazonOrdersCursor(since: AmazonFixture.epoch)
        var pulls = 0
        func pull() async throws -> Int {  // two pages a pull: searches resume by token across pulls
            let pull = try await fixture.client.pullOrders(from: cursor, pageSize: 7, maxPages: 2)
            pulls += 1
            for order in pull.orders { seen[order.orderID, default: 0] += 1 }
            cursor = pull.next
            return pull.orders.count + (pull.complete ? 0 : 1)
        }
        for _ in 0..<20 {  // while the storefront sells
            _ = try await pull()
            try await Task.sleep(for: .milliseconds(5))
        }
        let soldIDs = await sold
        while try await pull() > 0 {}
        #expect(soldIDs.count == 150)
        #expect(Set(seen.keys) == Set(soldIDs))
        #expect(seen.values.allSatisfy { $0 == 1 }, "each order once: the bound tiles the pulls")
        #expect(pulls > 1)
    }

    @Test("orders Amazon shows late (its ~2 minute delay) are still caught: the cursor never passes the bound")
    func lateVisibleOrdersAreNotLost() async throws {
        // A day, not Amazon's two minutes: a loaded test run can take minutes between two lines.
        let fixture = try AmazonFixture { $0.orderVisibilityDelay = 86_400 }
        fixture.emulator.addListing(sku: "MUG", quantity: 100)
        let id = try #require(fixture.emulator.sell([("MUG", 1)]))
        let early = try await fixture.client.pullOrders(since: AmazonFixture.epoch)
        #expect(early.orders.isEmpty, "not visible yet")
        fixture.emulator.advanceClock(by: 86_401)
        let later = try await fixture.client.pullOrders(from: early.next)
        #expect(later.orders.map(\.orderID) == [id])
    }

    @Test("without Amazon's bound the cursor is the latest update seen: boundary orders may repeat, none is lost")
    func cursorWithoutTheBound() async throws {
        let fixture = try AmazonFixture { $0.echoesSearchBound = false }
        fixture.emulator.addListing(sku: "MUG", quantity: 100)
        var sold: Set<String> = []
        var seen: [String: Int] = [:]
        var cursor = AmazonFixture.epoch
        for _ in 0..<5 {
            for _ in 0..<3 { sold.insert(try #require(fixture.emulator.sell([("MUG", 1)]))) }
            let pull = try await fixture.client.pullOrders(since: cursor, pageSize: 2)
            for order in pull.orders { seen[order.orderID, default: 0] += 1 }
            #expect(pull.next.since == pull.orders.map(\.updatedAt).max() ?? cursor)
            cursor = pull.next.since
            try await Task.sleep(for: .milliseconds(3))
        }
        #expect(Set(seen.keys) == sold)
        #expect(seen.values.allSatisfy { $0 <= 2 }, "an order is re-read at most once, at the inclusive boundary")
    }

    @Test("an order the client cannot read is named, not fatal; the rest of the page is applied")
    func rejectsBadOrdersByName() {
        let bad = SearchOrdersResponse.Order(
            orderId: "111-0000000-0000001", createdTime: "2026-01-01T00:00:00Z",
            lastUpdatedTime: "2026-01-01T00:00:00Z",
            salesChannel: nil, fulfillment: .init(fulfillmentStatus: "SHIPPED", fulfilledBy: "MERCHANT"),
            orderItems: [
                .init(
                    orderItemId: "1", quantityOrdered: 50_000_000, product: .init(asin: nil, sellerSku: "A", price: nil)
                )
            ])
        guard case .rejected(let problem) = AmazonOrderMapping.map(bad) else {
            Issue.record("a quantity beyond Bounds.eventUnits must be refused")
            return
        }
        #expect(problem.orderID == "111-0000000-0000001")
        #expect(problem.reason.contains("quantityOrdered"))
        var unknown = bad
        unknown.orderItems = [
            .init(orderItemId: "1", quantityOrdered: 1, product: .init(asin: nil, sellerSku: "A", price: nil))
        ]
        unknown.fulfillment = .init(fulfillmentStatus: "TELEPORTED", fulfilledBy: "MERCHANT")
        guard case .rejected(let status) = AmazonOrderMapping.map(unknown) else {
            Issue.record("an unknown status must be refused")
            return
        }
        #expect(status.reason.contains("TELEPORTED"))
    }
}
