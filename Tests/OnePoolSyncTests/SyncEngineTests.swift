import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolSync
import ShopifyEmulator
import Testing

@Suite struct SyncEngineTests {
    /// One channel, capped at 6 units of a 10-unit pool.
    private func oneChannel(available: Int = 0, cap: Int = 6) throws -> EngineFixture {
        try EngineFixture(
            stock: ["MUG": 10], channels: [("shop", ChannelRule(priority: 1, cap: .units(cap)), [("MUG", available)])])
    }

    @Test func theFirstStepReadsTheCatalogueAndOffersTheAllocation() async throws {
        let fixture = try oneChannel()
        let engine = try fixture.engine()
        let reports = await engine.step()
        #expect(reports[0].failure == nil)
        #expect(reports[0].catalogueRead)
        #expect(fixture.available("shop", "MUG") == 6)
        let events = try fixture.events()
        #expect(events.sync("sync-catalogued").count == 1)
        #expect(events.sync("sync-observed").count == 1)
        #expect(events.sync("sync-pushing").count == 1)
        #expect(events.sync("sync-pushed").count == 1)
        // Nothing changed: a second step writes nothing.
        let before = try fixture.state().lastSequence
        let again = await engine.step()
        #expect(again[0].failure == nil)
        #expect(try fixture.state().lastSequence == before)
    }

    @Test func aSaleIsRecordedOnceAndNeedsNoPushWhenTheChannelAlreadyTookItOff() async throws {
        let fixture = try oneChannel()
        let engine = try fixture.engine()
        _ = await engine.step()
        fixture.sell("shop", "MUG", 2)
        let report = await engine.step()[0]
        #expect(report.placed == 1)
        #expect(report.staleAnswers == 0)
        let state = try fixture.state()
        #expect(state.stock("MUG")?.committed == 2)
        #expect(state.sync.expected[ListingKey(channel: "shop", listing: "MUG")] == 4)
        // Cap 6 counts the 2 open units: the channel may still sell 4, which it holds.
        #expect(fixture.available("shop", "MUG") == 4)
        #expect(try fixture.events().sync("sync-pushed").count == 1)
    }

    @Test func aSaleBetweenPullAndPushMakesThePushStaleAndNothingIsOverwritten() async throws {
        let fixture = try EngineFixture(
            stock: ["MUG": 10], channels: [("shop", ChannelRule(priority: 1, cap: .units(6)), [("MUG", 0)])])
        _ = await (try fixture.engine()).step()
        #expect(fixture.available("shop", "MUG") == 6)
        // More stock arrives, so the step will raise the channel to its cap... and just before
        // the push, a customer buys 1 there.
        let store = try Store.open(at: fixture.storePath)
        _ = try store.transact(actor: "test", time: EngineFixture.time) { _ in
            ([ProposedChange(.adjusted(sku: "MUG", delta: -6, reason: "broken"))], ())
        }
        let engine = try fixture.engine { inner in
            InterceptingConnector(inner: inner) { fixture.sell("shop", "MUG", 1) }
        }
        let report = await engine.step()[0]
        #expect(report.failure == nil)
        #expect(report.staleAnswers == 1)
        // Pool: 10 − 6 broken = 4 on hand, 1 committed → 3 available; cap 6 − 1 open = 5 → 3.
        #expect(fixture.available("shop", "MUG") == 3)
        let sets = fixture.emulator.events().compactMap { event -> (Int, Int)? in
            if case .set(_, _, let from, let to, _) = event { (from, to) } else { nil }
        }
        #expect(sets.map(\.1) == [6, 3])
        #expect(sets.last?.0 == 5)  // set from what the channel really held after its sale
        #expect(try fixture.state().stock("MUG")?.committed == 1)
        #expect(try fixture.events().sync("sync-drift").isEmpty)
    }

    @Test func aPushWhoseAnswerWasLostIsSentAgainWithItsKeyAndAppliesOnce() async throws {
        let fixture = try oneChannel()
        fixture.emulator.inject(
            .resetMidAnswer, shop: fixture.shop("shop"), operation: "inventorySetQuantities", count: 4)
        let first = await (try fixture.engine()).step()[0]
        #expect(first.failure?.kind == .network)
        var state = try fixture.state()
        #expect(state.sync.pending["shop"] != nil)
        // The write took effect; the answer never came. A new process resends the same request.
        #expect(fixture.available("shop", "MUG") == 6)
        let second = await (try fixture.engine()).step()[0]
        #expect(second.failure == nil)
        state = try fixture.state()
        #expect(state.sync.pending["shop"] == nil)
        #expect(state.sync.expected[ListingKey(channel: "shop", listing: "MUG")] == 6)
        let sets = fixture.emulator.events().filter { if case .set = $0 { true } else { false } }
        #expect(sets.count == 1)
        #expect(try fixture.events().sync("sync-drift").isEmpty)
    }

    @Test func anEditInTheShopsAdminIsDriftAndIsCorrected() async throws {
        let fixture = try oneChannel()
        var options = SyncOptions()
        options.reconcileEvery = 0
        let engine = try fixture.engine(options)
        _ = await engine.step()
        fixture.emulator.adminSetAvailable(shop: fixture.shop("shop"), sku: "MUG", to: 50)
        let report = await engine.step()[0]
        #expect(report.drift == 1)
        let drift = try fixture.events().sync("sync-drift")
        #expect(drift == [.drift(SyncDrift(key: ListingKey(channel: "shop", listing: "MUG"), expected: 6, found: 50))])
        #expect(fixture.available("shop", "MUG") == 6)
        #expect(try fixture.state().sync.channels["shop"]?.driftCount == 1)
    }

    @Test func aCancellationThatRestocksIsNotDrift() async throws {
        let fixture = try oneChannel()
        var options = SyncOptions()
        options.reconcileEvery = 0
        let engine = try fixture.engine(options)
        _ = await engine.step()
        guard case .placed(let id, _) = fixture.sell("shop", "MUG", 2) else {
            Issue.record("sold out")
            return
        }
        _ = await engine.step()
        fixture.emulator.cancelOrder(shop: fixture.shop("shop"), id: id, restock: true)
        let report = await engine.step()[0]
        #expect(report.cancelled == 1)
        #expect(report.drift == 0)
        #expect(try fixture.events().sync("sync-drift").isEmpty)
        #expect(fixture.available("shop", "MUG") == 6)
    }

    @Test func aChannelNeverOfferedStockIsNotSetToZeroWithoutAllowZero() async throws {
        let fixture = try EngineFixture(
            stock: ["MUG": 0], channels: [("shop", ChannelRule(priority: 1), [("MUG", 5)])])
        let report = await (try fixture.engine()).step()[0]
        #expect(report.guarded == ["MUG"])
        #expect(fixture.available("shop", "MUG") == 5)
        var options = SyncOptions()
        options.allowZero = true
        let allowed = await (try fixture.engine(options)).step()[0]
        #expect(allowed.guarded.isEmpty)
        #expect(fixture.available("shop", "MUG") == 0)
    }

    @Test func aSaleOnOneChannelLowersTheOtherInTheSameStep() async throws {
        // Two channels sharing 10 units: A first up to 6, B the rest (4).
        let fixture = try EngineFixture(
            stock: ["MUG": 10],
            channels: [
                ("a", ChannelRule(priority: 1, cap: .units(6)), [("MUG", 0)]),
                ("b", ChannelRule(priority: 2), [("MUG", 0)]),
            ])
        let engine = try fixture.engine()
        _ = await engine.step()
        #expect(fixture.available("a", "MUG") == 6)
        #expect(fixture.available("b", "MUG") == 4)
        fixture.sell("b", "MUG", 3)
        _ = await engine.step()
        #expect(fixture.available("b", "MUG") == 1)
        fixture.sell("b", "MUG", 1)
        fixture.sell("a", "MUG", 5)
        _ = await engine.step()
        // 10 − 9 sold = 1 left: A's cap (6 − 5 open) is 1, so A takes it and B has none.
        #expect(fixture.available("a", "MUG") == 1)
        #expect(fixture.available("b", "MUG") == 0)
        #expect(try fixture.state().stock("MUG")?.available == 1)
    }

    @Test func oneFailingChannelNeverStopsTheOther() async throws {
        let fixture = try EngineFixture(
            stock: ["MUG": 10],
            channels: [
                ("a", ChannelRule(priority: 1, cap: .units(5)), [("MUG", 0)]),
                ("b", ChannelRule(priority: 2), [("MUG", 0)]),
            ])
        fixture.emulator.inject(.serverError(503), shop: fixture.shop("b"), count: 8)
        let engine = try fixture.engine()
        let reports = await engine.step()
        #expect(reports[0].failure == nil)
        #expect(reports[1].failure?.kind == .server)
        #expect(fixture.available("a", "MUG") == 5)
        var state = try fixture.state()
        #expect(
            state.sync.channels["b"]?.health == .failing(kind: "server", message: reports[1].failure?.message ?? ""))
        #expect(state.sync.channels["a"]?.health == .working)
        // The faults run out; the next steps recover and say so.
        for _ in 0..<6 { _ = await engine.step() }
        state = try fixture.state()
        #expect(state.sync.channels["b"]?.health == .working)
        #expect(fixture.available("b", "MUG") == 5)
        let status = SyncStatusFile.read(directory: fixture.directory.child("store/sync"), channel: "b")
        #expect(status?.failure == nil)
        #expect(status?.lastPull != nil)
    }

    @Test func aMissingScopeIsAPermissionFailureNamingTheScope() async throws {
        let fixture = try EngineFixture(
            stock: ["MUG": 10], channels: [("shop", ChannelRule(priority: 1), [("MUG", 0)])],
            scopes: ["read_products", "write_inventory", "read_locations"])
        let report = await (try fixture.engine()).step()[0]
        #expect(report.failure?.kind == .permission)
        #expect(report.failure?.message.contains("read_orders") == true)
    }

    @Test func unmappedListingsWaitInTheQueue() async throws {
        let fixture = try EngineFixture(
            stock: ["MUG": 10], channels: [("shop", ChannelRule(priority: 1), [("MUG", 0), ("MUG-BLUE-XL", 3)])])
        let engine = try fixture.engine()
        _ = await engine.step()
        fixture.sell("shop", "MUG-BLUE-XL", 1)
        _ = await engine.step()
        let state = try fixture.state()
        let unmapped = state.unmappedListings()
        #expect(unmapped.map(\.key.listing) == ["MUG-BLUE-XL"])
        #expect(unmapped.first?.openUnits == 1)
        // Never touched: OnePool does not know what it sells.
        #expect(fixture.available("shop", "MUG-BLUE-XL") == 2)
    }

    @Test func aNewProcessDoesNotReadTheWholeCatalogueAgainBeforeItIsDue() async throws {
        let fixture = try oneChannel()
        _ = await (try fixture.engine()).step()
        #expect(fixture.emulator.requestCount(shop: fixture.shop("shop"), operation: "productVariants") == 1)
        let second = await (try fixture.engine()).step()[0]
        #expect(!second.catalogueRead)
        #expect(fixture.emulator.requestCount(shop: fixture.shop("shop"), operation: "productVariants") == 1)
    }

    @Test func stockMovingBetweenChannelsLeavesOneBeforeTheOtherIsRaised() async throws {
        let fixture = try EngineFixture(
            stock: ["MUG": 10],
            channels: [
                ("a", ChannelRule(priority: 1, cap: .units(8)), [("MUG", 0)]),
                ("b", ChannelRule(priority: 2), [("MUG", 0)]),
            ])
        let engine = try fixture.engine()
        _ = await engine.step()
        #expect(fixture.available("a", "MUG") == 8)
        #expect(fixture.available("b", "MUG") == 2)
        // The rule changes: A may have 3, so 5 units move to B.
        let store = try Store.open(at: fixture.storePath)
        _ = try store.transact(actor: "test", time: EngineFixture.time) { _ in
            let rule = ChannelRule(priority: 1, cap: .units(3))
            return (
                [
                    ProposedChange(
                        .channelConfigured(name: "a", settings: ChannelSettings(rule: rule, format: .shopify)))
                ], ()
            )
        }
        _ = await engine.step()
        let sets = fixture.emulator.events().compactMap { event -> (String, Int)? in
            if case .set(let shop, _, _, let to, _) = event { (shop, to) } else { nil }
        }
        #expect(Array(sets.suffix(2).map(\.0)) == ["a.myshopify.com", "b.myshopify.com"])
        #expect(fixture.available("a", "MUG") == 3)
        #expect(fixture.available("b", "MUG") == 7)
    }
}
