import Foundation
import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolStore

/// A store written before fact digests (snapshot format 2) opens, and its lines follow the
/// stated rule: facts unknown, so an open line is compared with the open line itself and a
/// closed one is taken as unchanged (issue 11).
@Suite struct SnapshotMigrationTests {
    private static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/version2-store").path

    private func openCopy(in directory: TemporaryDirectory) throws -> Store {
        let path = directory.child("store")
        try FileManager.default.copyItem(atPath: Self.fixture, toPath: path)
        return try Store.open(at: path)
    }

    private func line(_ order: String, _ sku: SKUCode, _ quantity: Int, cents: Int64) -> OrderLineFacts {
        OrderLineFacts(
            id: OrderLineID(channel: "shopify", order: order, line: 1), sku: sku, quantity: quantity,
            unitPrice: Money(cents: cents),
            time: testTime)
    }

    @Test func aVersion2SnapshotLoadsWithFactsUnknown() throws {
        let directory = TemporaryDirectory()
        let store = try openCopy(in: directory)
        #expect(store.lastSnapshotSequence == 8)
        #expect(store.warnings.isEmpty)
        let state = store.state
        #expect(state.stock("MUG") == StockLevel(onHand: 9, committed: 2))
        #expect(state.stock("CUP") == StockLevel(onHand: 5, committed: 1))
        let facts = { (order: String) in
            state.idempotency.facts(
                of: IdempotencyDigest(key: OrderKeys.placed(OrderLineID(channel: "shopify", order: order, line: 1))))
        }
        // From the snapshot: keys without facts. From the journal after it: facts known.
        #expect(facts("1001") == .unknown)
        #expect(facts("1002") == .unknown)
        #expect(facts("1003") == line("1003", "CUP", 1, cents: 800).factDigest)
        // The same keys, found whether loaded from a 128-bit or computed as a 96-bit digest.
        var events: [Event] = []
        try store.forEachEvent { events.append($0) }
        let replayed = StockState.replaying(events)
        #expect(state.idempotency.allSorted().map(\.key) == replayed.idempotency.allSorted().map(\.key))
        #expect(state.pools == replayed.pools)
    }

    @Test func theRuleForUnknownFactsHolds() throws {
        let directory = TemporaryDirectory()
        let state = try openCopy(in: directory).state
        #expect(state.report(line("1001", "MUG", 2, cents: 1200), source: "t") == .unchanged)
        guard case .changed(let open) = state.report(line("1001", "MUG", 3, cents: 1200), source: "t") else {
            Issue.record("an open line with unknown facts is compared with the open line")
            return
        }
        #expect(open.before?.quantity == 2)
        #expect(state.report(line("1002", "MUG", 7, cents: 1200), source: "t") == .unchanged)
        guard case .changed = state.report(line("1003", "CUP", 2, cents: 800), source: "t") else {
            Issue.record("a line recorded after the snapshot has facts to compare")
            return
        }
    }

    @Test func anAmendmentSurvivesAVersion3SnapshotAndItsReplay() throws {
        let directory = TemporaryDirectory()
        let store = try openCopy(in: directory)
        guard case .changed(let amendment) = store.state.report(line("1001", "CUP", 3, cents: 800), source: "t") else {
            Issue.record("expected a change")
            return
        }
        _ = try store.transact(actor: "t", time: testTime) { _ in ([ProposedChange(.orderAmended(amendment))], ()) }
        #expect(store.state.stock("MUG")?.committed == 0)
        #expect(store.state.stock("CUP")?.committed == 4)
        try store.writeSnapshot()
        let reopened = try Store.open(at: store.path)
        #expect(reopened.lastSnapshotSequence == store.state.lastSequence)
        #expect(reopened.state == store.state)
        #expect(reopened.state.report(line("1001", "CUP", 3, cents: 800), source: "t") == .unchanged)
    }
}
