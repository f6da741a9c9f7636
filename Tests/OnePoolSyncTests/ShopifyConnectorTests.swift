import Foundation
import OnePoolCore
import OnePoolSync
import ShopifyEmulator
import Testing

@Suite struct ShopifyConnectorTests {
    @Test func readsTheCatalogueWithQuantitiesAtTheLocation() async throws {
        let fixture = try EmulatedShopify(variants: [("MUG", 4), ("CUP", 0), ("TEE", 7)])
        let listings = try await fixture.connector.readCatalogue()
        #expect(listings.map(\.listing) == ["MUG", "CUP", "TEE"])
        #expect(listings.map(\.quantity) == [4, 0, 7])
        #expect(listings.allSatisfy { $0.remoteID.hasPrefix("gid://shopify/InventoryItem/") })
    }

    @Test func pullsOrdersPageByPageAndStopsWhenNothingIsNew() async throws {
        let fixture = try EmulatedShopify(variants: [("MUG", 100)])
        for _ in 0..<25 { fixture.emulator.placeOrder(shop: EmulatedShopify.shop, lines: [("MUG", 1)]) }
        var cursor: String?
        var lines: [String] = []
        var pages = 0
        repeat {
            let page = try await fixture.connector.pullOrders(after: cursor)
            lines += page.lines.map { "\($0.order)#\($0.line)" }
            cursor = page.cursor
            pages += 1
            if !page.hasMore { break }
        } while pages < 10
        #expect(pages == 4, "8 orders a page (the page also asks for refunds)")
        #expect(Set(lines).count == 25)
        // Nothing new: the same cursor comes back (so the engine writes nothing), though the
        // orders of the newest second are read again.
        let again = try await fixture.connector.pullOrders(after: cursor)
        #expect(again.cursor == cursor)
        #expect(!again.hasMore)
    }

    @Test func aCompareAndSetThatIsStaleSetsNothing() async throws {
        let fixture = try EmulatedShopify(variants: [("MUG", 5)])
        let item = try await fixture.connector.readCatalogue()[0].remoteID
        let applied = try await fixture.connector.pushQuantities(
            [QuantityChange(listing: "MUG", remoteID: item, from: 5, to: 3)], idempotencyKey: "k1")
        #expect(applied == .applied)
        fixture.emulator.placeOrder(shop: EmulatedShopify.shop, lines: [("MUG", 1)])
        let stale = try await fixture.connector.pushQuantities(
            [QuantityChange(listing: "MUG", remoteID: item, from: 3, to: 2)], idempotencyKey: "k2")
        #expect(stale == .stale(listings: ["MUG"]))
        #expect(fixture.emulator.available(shop: EmulatedShopify.shop, sku: "MUG") == 2)
    }

    @Test func aReplyLostAfterTheWriteAppliesOnceWhenRetried() async throws {
        let fixture = try EmulatedShopify(variants: [("MUG", 5)])
        let item = try await fixture.connector.readCatalogue()[0].remoteID
        fixture.emulator.inject(.resetMidAnswer, shop: EmulatedShopify.shop, operation: "inventorySetQuantities")
        let outcome = try await fixture.connector.pushQuantities(
            [QuantityChange(listing: "MUG", remoteID: item, from: 5, to: 9)], idempotencyKey: "once")
        #expect(outcome == .applied)
        let sets = fixture.emulator.events().filter { if case .set = $0 { true } else { false } }
        #expect(sets.count == 1)
        #expect(fixture.emulator.requestCount(shop: EmulatedShopify.shop, operation: "inventorySetQuantities") == 2)
    }

    @Test func serverErrorsSlowAnswersAndResetsAreRetried() async throws {
        let fixture = try EmulatedShopify(variants: [("MUG", 5)], timeout: 1)
        fixture.emulator.inject(.serverError(503), shop: EmulatedShopify.shop, operation: "productVariants")
        fixture.emulator.inject(.slow(seconds: 2.5), shop: EmulatedShopify.shop, operation: "productVariants")
        fixture.emulator.inject(.resetMidAnswer, shop: EmulatedShopify.shop, operation: "productVariants")
        fixture.emulator.inject(.resetBeforeAnswer, shop: EmulatedShopify.shop, operation: "productVariants")
        let listings = try await fixture.connector.readCatalogue()
        #expect(listings.count == 1)
        #expect(fixture.emulator.requestCount(shop: EmulatedShopify.shop, operation: "productVariants") == 5)
    }

    @Test func failuresBeyondTheRetryBoundAreReportedNotHidden() async throws {
        let fixture = try EmulatedShopify(variants: [("MUG", 5)])
        fixture.emulator.inject(.serverError(500), shop: EmulatedShopify.shop, operation: "productVariants", count: 5)
        await #expect {
            _ = try await fixture.connector.readCatalogue()
        } throws: { error in
            (error as? ConnectorError)?.kind == .server
        }
    }

    @Test func throttledAnswersAnd429WaitAndTryAgain() async throws {
        let fixture = try EmulatedShopify(variants: [("MUG", 5)])
        fixture.emulator.inject(.throttled, shop: EmulatedShopify.shop, operation: "productVariants")
        fixture.emulator.inject(
            .tooManyRequests(retryAfter: 0.2), shop: EmulatedShopify.shop, operation: "productVariants")
        let listings = try await fixture.connector.readCatalogue()
        #expect(listings.count == 1)
    }

    @Test func theLeakyBucketIsRespected() async throws {
        // A bucket of 450 points restoring 200/s: each catalogue page requests 402 points, so
        // the client must wait for the bucket between pages instead of being throttled.
        let variants = (0..<300).map { (sku: "SKU\($0)", available: 1) }
        let fixture = try EmulatedShopify(variants: variants, bucketSize: 450, restoreRate: 200)
        let listings = try await fixture.connector.readCatalogue()
        #expect(listings.count == 300)
    }

    @Test func anExpiredTokenIsRenewed() async throws {
        let fixture = try EmulatedShopify(variants: [("MUG", 5)])
        _ = try await fixture.connector.readCatalogue()
        fixture.emulator.inject(.expireTokens, shop: EmulatedShopify.shop)
        _ = try await fixture.connector.readCatalogue()
        #expect(fixture.emulator.requestCount(shop: EmulatedShopify.shop, operation: "token") == 2)
    }

    @Test func aStaticTokenThatStopsWorkingIsAnAuthError() async throws {
        let fixture = try EmulatedShopify(variants: [("MUG", 5)], staticToken: true)
        _ = try await fixture.connector.readCatalogue()
        #expect(fixture.emulator.requestCount(shop: EmulatedShopify.shop, operation: "token") == 0)
    }

    @Test func theCheckNamesEveryMissingScope() async throws {
        let fixture = try EmulatedShopify(scopes: ["read_products", "read_locations"])
        let check = await fixture.connector.check()
        #expect(!check.ready)
        #expect(check.missing.contains { $0.hasPrefix("scope read_orders") })
        #expect(check.missing.contains { $0.hasPrefix("scope write_inventory") })
        #expect(!check.missing.contains { $0.hasPrefix("scope read_products") })
        #expect(check.good.contains { $0.contains("Main Warehouse") })
        let complete = try EmulatedShopify()
        #expect(await complete.connector.check().ready)
    }

    @Test func aTokenIsRenewedBeforeItExpires() async throws {
        // Tokens of an hour, renewed in their last tenth (360 s). The connector and the emulator
        // share one clock that the test moves 1,000 s between reads, so no stall of a loaded
        // machine can age a token: every read must go through on its first try, and the read
        // after the renewal point must carry a new token, never meet an expired one.
        let fixture = try EmulatedShopify(variants: [("MUG", 5)], tokenLifetime: 3_600, sharedClock: true)
        for _ in 0..<6 {
            _ = try await fixture.connector.readCatalogue()
            fixture.emulator.advanceClock(by: 1_000)
        }
        let tokens = fixture.emulator.requestCount(shop: EmulatedShopify.shop, operation: "token")
        let reads = fixture.emulator.requestCount(shop: EmulatedShopify.shop, operation: "productVariants")
        // Reads at 0, 1000, …, 5000 s: renewed at 0 (none yet) and at 4000 (due from 3240).
        #expect(tokens == 2)
        #expect(reads == 6)
    }

    @Test func theRenewalMarginIsFiveMinutesOrATenthOfTheLifetime() {
        let start = Date(timeIntervalSince1970: 1_000_000)
        let day = ShopifyToken(
            value: Secret("t"), obtainedAt: start, expiresAt: start.addingTimeInterval(86_399), scopes: [])
        #expect(!day.isDue(at: start.addingTimeInterval(86_399 - 301)))
        #expect(day.isDue(at: start.addingTimeInterval(86_399 - 299)))
        let short = ShopifyToken(
            value: Secret("t"), obtainedAt: start, expiresAt: start.addingTimeInterval(10), scopes: [])
        #expect(!short.isDue(at: start.addingTimeInterval(8.9)))
        #expect(short.isDue(at: start.addingTimeInterval(9.1)))
        let never = ShopifyToken(value: Secret("t"), obtainedAt: start, expiresAt: nil, scopes: [])
        #expect(!never.isDue(at: start.addingTimeInterval(1e9)))
        #expect("\(Secret("shpat_x"))" == "[secret]")
    }
}
