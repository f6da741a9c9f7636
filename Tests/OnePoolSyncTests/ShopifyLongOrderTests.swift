import Foundation
import OnePoolCore
import OnePoolSync
import ShopifyEmulator
import Testing

/// Orders with more line items than the orders query's first page (25) are read whole.
@Suite struct ShopifyLongOrderTests {
    private static let skus = (1...70).map { "SKU-\($0)" }

    @Test func everyLineOfAnOrderWithSixtyFiveLinesIsRead() async throws {
        let fixture = try EmulatedShopify(variants: Self.skus.map { ($0, 10) })
        let lines = Self.skus.prefix(65).enumerated().map { (sku: $0.element, quantity: $0.offset % 3 + 1) }
        guard case .placed(let id, _) = fixture.emulator.placeOrder(shop: EmulatedShopify.shop, lines: lines) else {
            Issue.record("the emulator refused the order")
            return
        }
        fixture.emulator.placeOrder(shop: EmulatedShopify.shop, lines: [("SKU-70", 1)])
        let page = try await fixture.connector.pullOrders(after: nil)
        let long = page.lines.filter { $0.order == id }
        #expect(long.count == 65)
        #expect(long.map(\.line) == Array(1...65))
        #expect(long.map(\.listing) == lines.map(\.sku))
        #expect(long.map(\.quantity) == lines.map(\.quantity))
        #expect(page.skipped.isEmpty)
        #expect(page.lines.count == 66)
        // 25 lines came with the order; the other 40 in one page of 250.
        #expect(fixture.emulator.requestCount(shop: EmulatedShopify.shop, operation: "orderLineItems") == 1)
    }

    /// Pages of 250 (the most a connection gives) after the first 25, until the last: an order
    /// of 600 lines takes three more requests, and every line is recorded in order.
    @Test func anOrderOfSixHundredLinesIsReadInPagesOfTwoHundredFifty() async throws {
        let fixture = try EmulatedShopify(variants: Self.skus.map { ($0, 10) })
        let lines = (0..<600).map { (sku: Self.skus[$0 % Self.skus.count], quantity: 1) }
        guard case .placed(let id, _) = fixture.emulator.placeOrder(shop: EmulatedShopify.shop, lines: lines) else {
            Issue.record("the emulator refused the order")
            return
        }
        let page = try await fixture.connector.pullOrders(after: nil)
        let long = page.lines.filter { $0.order == id }
        #expect(long.map(\.line) == Array(1...600))
        #expect(long.map(\.listing) == lines.map(\.sku))
        #expect(page.skipped.isEmpty)
        #expect(fixture.emulator.requestCount(shop: EmulatedShopify.shop, operation: "orderLineItems") == 3)
    }

    @Test func aLinePageThatFailsIsRetriedAndTheOrderIsNeverRecordedInPart() async throws {
        let fixture = try EmulatedShopify(variants: Self.skus.map { ($0, 10) })
        fixture.emulator.placeOrder(shop: EmulatedShopify.shop, lines: Self.skus.map { ($0, 1) })
        fixture.emulator.inject(.resetMidAnswer, shop: EmulatedShopify.shop, operation: "orderLineItems")
        fixture.emulator.inject(.serverError(502), shop: EmulatedShopify.shop, operation: "orderLineItems")
        let page = try await fixture.connector.pullOrders(after: nil)
        #expect(page.lines.count == 70)
        fixture.emulator.inject(.serverError(500), shop: EmulatedShopify.shop, operation: "orderLineItems", count: 5)
        await #expect(throws: ConnectorError.self) { _ = try await fixture.connector.pullOrders(after: nil) }
    }

    @Test func theEngineCommitsEveryLineOfALongOrder() async throws {
        let fixture = try EngineFixture(
            stock: Dictionary(uniqueKeysWithValues: Self.skus.map { ($0, 5) }),
            channels: [("shop", ChannelRule(priority: 1, cap: .units(5)), Self.skus.map { ($0, 0) })])
        let engine = try fixture.engine()
        _ = await engine.step()
        #expect(fixture.available("shop", "SKU-60") == 5)
        fixture.emulator.placeOrder(shop: fixture.shop("shop"), lines: Self.skus.prefix(60).map { ($0, 2) })
        let report = await engine.step()[0]
        #expect(report.failure == nil)
        let state = try fixture.state()
        let committed = Self.skus.map { state.stock(SKUCode($0))?.committed ?? -1 }
        #expect(committed == Array(repeating: 2, count: 60) + Array(repeating: 0, count: 10))
        #expect(report.problems.isEmpty)
    }
}
