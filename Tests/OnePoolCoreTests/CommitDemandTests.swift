import OnePoolCore
import Testing

/// `commit` checks and applies a `demandRecorded` change — two thirds of a large import's
/// events — on a path of its own (no general `check` switch, the SKU's pool read in place): it
/// must refuse exactly what `check` refuses and leave the state `apply` leaves.
@Suite struct CommitDemandTests {
    private let time = Timestamp(secondsSince1970: 1_780_000_000)

    private func facts(
        _ order: String, sku: SKUCode, quantity: Int, channel: ChannelName = "shop", cents: Int64 = 1200
    ) -> OrderLineFacts {
        OrderLineFacts(
            id: OrderLineID(channel: channel, order: order, line: 1), sku: sku, quantity: quantity,
            unitPrice: Money(cents: cents), time: time)
    }

    private func store() throws -> StockState {
        var state = StockState()
        let setup: [Change] = [
            .channelAdded(Channel(name: "shop", kind: .shopify)),
            .skuCreated(SKU(code: "MUG", title: "Mug", price: Money(cents: 1200))),
            .skuCreated(SKU(code: "GIFT", title: "Gift", price: Money(cents: 2000))),
            .received(sku: "MUG", quantity: 40, reference: nil, fromIncoming: 0),
            .bundles(.defined(BundleDefinition(code: "GIFT", components: [BundleComponent(sku: "MUG", quantity: 2)]))),
            .orderPlaced(facts("open", sku: "MUG", quantity: 1)),
        ]
        for (index, change) in setup.enumerated() {
            try state.check(change)
            state.apply(Event(sequence: UInt64(index + 1), time: time, actor: "t", change: change))
        }
        return state
    }

    @Test func demandIsRefusedAsCheckRefusesItAndAppliedAsApplyAppliesIt() throws {
        let base = try store()
        let lines = [
            facts("a", sku: "MUG", quantity: 2),
            facts("open", sku: "MUG", quantity: 1),
            facts("b", sku: "NONE", quantity: 1),
            facts("c", sku: "GIFT", quantity: 1),
            facts("d", sku: "MUG", quantity: 0),
            facts("e", sku: "MUG", quantity: 1, channel: "nowhere"),
            facts("", sku: "MUG", quantity: 1),
            facts("f", sku: "MUG", quantity: 1, cents: -5),
        ]
        var accepted = 0
        for line in lines {
            let change = Change.demandRecorded(line)
            var checked: Refusal?
            do { try base.check(change) } catch { checked = error }
            var committed = base
            var refused: Refusal?
            do {
                #expect(try committed.commit(change, sequence: base.lastSequence + 1, time: time, digest: nil))
            } catch {
                refused = error
            }
            #expect(refused == checked, "\(line.id)")
            var expected = base
            if checked == nil {
                expected.apply(change, sequence: base.lastSequence + 1, time: time, digest: nil)
                accepted += 1
            }
            #expect(committed.pools == expected.pools, "\(line.id)")
            #expect(committed.openLines == expected.openLines, "\(line.id)")
            #expect(committed.returns == expected.returns, "\(line.id)")
            #expect(committed.lastSequence == expected.lastSequence, "\(line.id)")
        }
        // Not vacuous: some were accepted and most refused.
        #expect(accepted >= 1 && accepted < lines.count - 4)
    }
}
