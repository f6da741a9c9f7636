import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolSync
import SPAPIEmulator
import Testing

/// The Amazon connector under the sync engine, against the SP-API emulator.
@Suite struct AmazonConnectorTests {
    static let amz = AmazonEngineFixture.channel

    @Test func theFirstStepReadsTheListingsAndOffersTheAllocation() async throws {
        let fixture = try AmazonEngineFixture(stock: ["MUG": 10, "CUP": 4], listings: ["MUG": 0, "CUP": 1])
        let engine = try fixture.engine()
        let report = await engine.step()[0]
        #expect(report.failure == nil, "\(report.failure?.message ?? "")")
        #expect(report.catalogueRead)
        #expect(fixture.quantity("MUG") == 6)  // the cap
        #expect(fixture.quantity("CUP") == 4)
        // A patch merges the quantity and keeps the rest of the attribute (lead time).
        #expect(fixture.emulator.listing("MUG")?.leadTimeToShipMaxDays == 2)
        // Nothing changed: a second step writes nothing and patches nothing.
        let before = try fixture.state().lastSequence
        let patches = fixture.emulator.requests(.patchListingsItem).count
        _ = await engine.step()
        #expect(try fixture.state().lastSequence == before)
        #expect(fixture.emulator.requests(.patchListingsItem).count == patches)
    }

    @Test func ordersAreRecordedOnceAsTheReportImportWouldAndFBAIsSkipped() async throws {
        let fixture = try AmazonEngineFixture(
            stock: ["MUG": 10, "CUP": 10], listings: ["MUG": 0, "CUP": 0, "FBA-TEE": nil])
        let engine = try fixture.engine()
        _ = await engine.step()
        let order = try #require(fixture.emulator.sell([("MUG", 2), ("CUP", 1)]))
        fixture.emulator.sell([("FBA-TEE", 1)], fulfilledByAmazon: true)
        await AmazonEngineFixture.pastSearchBound()
        let report = await engine.step()[0]
        #expect(report.placed == 2)
        let state = try fixture.state()
        #expect(state.stock("MUG")?.committed == 2)
        #expect(state.stock("CUP")?.committed == 1)
        // Keyed as the All Orders import keys them: order id, items numbered by seller SKU.
        let keys = try fixture.events().compactMap { event -> String? in
            if case .orderPlaced = event.change { event.idempotencyKey } else { nil }
        }
        #expect(keys.sorted() == ["order:\(Self.amz):\(order):1", "order:\(Self.amz):\(order):2"])
        // Nothing parked: the FBA line was skipped, not queued as an unmapped listing.
        #expect(state.parkedLines.isEmpty)
        // Pulled again: nothing new, nothing written.
        let before = try fixture.state().lastSequence
        _ = await engine.step()
        #expect(try fixture.state().lastSequence == before)
        // Shipped, then a second order cancelled: each moves its lines forward once.
        fixture.emulator.setStatus(order, "SHIPPED")
        let second = try #require(fixture.emulator.sell([("MUG", 1)]))
        await AmazonEngineFixture.pastSearchBound()
        _ = await engine.step()
        fixture.emulator.cancel(second)
        await AmazonEngineFixture.pastSearchBound()
        let last = await engine.step()[0]
        #expect(last.cancelled == 1)
        let after = try fixture.state()
        #expect(after.stock("MUG")?.committed == 0)
        #expect(after.stock("MUG")?.onHand == 8)
        #expect(after.stock("CUP")?.onHand == 9)
    }

    @Test func aSaleBetweenPullAndPushMakesThePushStaleAndNothingIsOverwritten() async throws {
        let fixture = try AmazonEngineFixture(stock: ["MUG": 10], listings: ["MUG": 0])
        _ = await (try fixture.engine()).step()
        #expect(fixture.quantity("MUG") == 6)
        let store = try Store.open(at: fixture.storePath)
        _ = try store.transact(actor: "test", time: AmazonEngineFixture.time) { _ in
            ([ProposedChange(.adjusted(sku: "MUG", delta: -6, reason: "broken"))], ())
        }
        // The allocation falls to 4; just before the push a buyer takes 1 on Amazon.
        let engine = try fixture.engine { inner in
            InterceptingConnector(inner: inner) { fixture.emulator.sell([("MUG", 1)]) }
        }
        let report = await engine.step()[0]
        #expect(report.failure == nil)
        #expect(report.staleAnswers == 1)
        // 4 on hand, 1 committed → 3 available; cap 6 − 1 open = 5 → 3.
        #expect(fixture.quantity("MUG") == 3)
        // Never written over the sale: the sets were 6, then 3 (after the sale was recorded).
        #expect(fixture.sets("MUG") == [6, 3])
        #expect(try fixture.state().stock("MUG")?.committed == 1)
        #expect(try fixture.events().sync("sync-drift").isEmpty)
    }

    @Test func aPushResentAfterALostAnswerNeverOverwritesASaleMadeSince() async throws {
        let fixture = try AmazonEngineFixture(stock: ["MUG": 10], listings: ["MUG": 0])
        // Every answer to the patch is cut halfway: Amazon applied it, OnePool never hears.
        fixture.emulator.inject(.resetMidBody, on: .patchListingsItem, times: 3)
        let engine = try fixture.engine()
        let first = await engine.step()[0]
        #expect(first.failure?.kind == .network)
        #expect(try fixture.state().sync.pending[Self.amz] != nil)
        #expect(fixture.quantity("MUG") == 6)
        // A buyer takes 2 before the next step resends the push.
        fixture.emulator.sell([("MUG", 2)])
        await AmazonEngineFixture.pastSearchBound()
        _ = await engine.step()
        let state = try fixture.state()
        #expect(state.sync.pending[Self.amz] == nil)
        #expect(state.stock("MUG")?.committed == 2)
        // Resent, it found the listing moved and wrote nothing (answered stale); the sale then
        // counted, and the channel already holds its allocation (cap 6 − 2 open = 4): no second
        // patch, and it was never set back to 6. Without compare-and-set nobody can tell whether
        // the lost write took effect, so the listing read back is recorded as drift (expected
        // from the old quantity, found 4) — named, not silently assumed.
        let answers = try fixture.events().sync("sync-pushed")
        #expect(answers.count == 1)
        #expect(state.sync.channels[Self.amz]?.pushesStale == 1)
        #expect(try fixture.events().sync("sync-drift").count == 1)
        #expect(fixture.quantity("MUG") == 4)
        #expect(fixture.sets("MUG") == [6])
    }

    @Test func aThrottledOrderSearchIsSkippedNotFailedAndJudgesNoDrift() async throws {
        let fixture = try AmazonEngineFixture(stock: ["MUG": 10], listings: ["MUG": 0])
        let engine = try fixture.engine()
        _ = await engine.step()
        // The order search's bucket is empty on Amazon's side from now on.
        fixture.emulator.setPlan(.searchOrders, rate: 0.0001, burst: 0)
        fixture.emulator.sell([("MUG", 2)])
        let report = await engine.step()[0]
        #expect(report.failure == nil)
        #expect(report.placed == 0)
        #expect(try fixture.state().sync.channels[Self.amz]?.health == .working)
        // The listing shows 4 where OnePool expects 6, but that is an unread sale, not drift.
        var options = SyncOptions()
        options.reconcileEvery = 0
        _ = await (try fixture.engine(options)).step()
        #expect(try fixture.events().sync("sync-drift").isEmpty)
        // The search is admitted again: the sale is read and nothing was overwritten.
        fixture.emulator.setPlan(.searchOrders, rate: 200, burst: 50)
        // A few steps at most: on a loaded machine the first may still meet the emptied bucket.
        for _ in 0..<5 where try fixture.state().stock("MUG")?.committed != 2 {
            await AmazonEngineFixture.pastSearchBound()
            try await Task.sleep(for: .milliseconds(200))
            _ = await (try fixture.engine()).step()
        }
        #expect(try fixture.state().stock("MUG")?.committed == 2)
        #expect(fixture.sets("MUG") == [6])
        #expect(fixture.quantity("MUG") == 4)
    }

    @Test func aChannelNeverOfferedStockIsNotZeroedWithoutAllowZero() async throws {
        // No stock at all: every target is 0 on a channel never offered anything.
        let fixture = try AmazonEngineFixture(stock: ["MUG": 0], listings: ["MUG": 7])
        let report = await (try fixture.engine()).step()[0]
        #expect(report.guarded == ["MUG"])
        #expect(fixture.quantity("MUG") == 7)
        #expect(fixture.emulator.requests(.patchListingsItem).isEmpty)
        var options = SyncOptions()
        options.allowZero = true
        _ = await (try fixture.engine(options)).step()
        #expect(fixture.quantity("MUG") == 0)
    }

    @Test func anInvalidSubmissionIsRefusedAndRecorded() async throws {
        let fixture = try AmazonEngineFixture(stock: ["MUG": 10], listings: ["MUG": 0])
        fixture.emulator.rejectPatches(of: "MUG")
        let report = await (try fixture.engine()).step()[0]
        #expect(report.problems.contains { $0.contains("90000900") })
        let answers = try fixture.events().sync("sync-pushed")
        #expect(answers.count == 1)
        #expect(fixture.quantity("MUG") == 0)
    }

    @Test func checkNamesWhatIsMissing() async throws {
        let good = try AmazonEngineFixture(stock: [:], listings: [:])
        let ready = await good.connector.check()
        #expect(ready.ready, "\(ready.missing)")
        #expect(ready.good.contains { $0.contains("Inventory and Order Tracking") })

        let revoked = try AmazonEngineFixture(stock: [:], listings: [:])
        revoked.emulator.revokeRefreshToken()
        let refused = await revoked.connector.check()
        #expect(refused.missing.count == 1)
        #expect(refused.missing[0].contains("refresh token"))
        #expect(!refused.missing[0].contains("Atzr|emulator-refresh-token"))

        let elsewhere = try AmazonEngineFixture(stock: [:], listings: [:], marketplaceID: "A1F83G8C2ARO7P")
        let wrong = await elsewhere.connector.check()
        #expect(wrong.missing.first?.contains("A1F83G8C2ARO7P") == true)
        #expect(wrong.missing.first?.contains("ATVPDKIKX0DER") == true)
    }
}
