import OnePoolTestSupport
import PropertyBased
import Testing

@testable import OnePoolCore

/// An order line placed, cancelled or shipped is committed by `commitOrderLine` (the store calls
/// it with the line alone; `commit` of such a change comes there too), and `openLineIfNew` finds
/// and fills the line's slot in one probe. Both must do exactly what they did before, kept here:
/// `commitBefore` is main e44e260's `commit` of an order line and `openLineIfNewBefore` its
/// `openLineIfNew`. Compared on random streams, a third of whose order events are made hostile
/// (placed again with the same or other facts, no units or fewer than none, an unknown SKU or
/// channel, a line never placed, more units than are open, another SKU, a key seen before):
/// the outcome (appended, duplicate, or the refusal) and the whole state after every event.
@Suite struct OrderLineCommitDifferentialTests {
    /// main e44e260's `openLineIfNew`: `updateValue`, putting a repeat's old line back.
    private static func openLineIfNewBefore(
        _ state: inout StockState, _ line: OrderLineFacts, pool: StockState.PoolIndex?
    ) -> OpenOrderLine? {
        let components = state.bundles.isEmpty ? nil : state.bundles[line.sku]?.components
        let open = OpenOrderLine(
            sku: line.sku, quantity: line.quantity, unitPrice: line.unitPrice, placedAt: line.time,
            components: components)
        if let existing = state.openLines.updateValue(open, forKey: line.id) {
            state.openLines[line.id] = existing
            return existing
        }
        if let components {
            state.commitComponents(components, units: line.quantity, channel: line.id.channel)
        } else if let pool {
            state.pools.values[pool].commit(line.quantity, channel: line.id.channel)
        }
        return nil
    }

    /// main e44e260's `commit` for an order line placed, cancelled or shipped; other changes as now.
    private static func commitBefore(
        _ state: inout StockState, _ change: Change, sequence: UInt64, time: Timestamp, digest: IdempotencyDigest?
    ) throws(Refusal) -> Bool {
        switch change {
        case .orderPlaced, .orderCancelled, .orderShipped: break
        default: return try state.commit(change, sequence: sequence, time: time, digest: digest)
        }
        let seen = digest.map(state.idempotency.lookUp)
        if seen?.facts != nil { return false }
        switch change {
        case .orderPlaced(let line):
            let pool = try state.checkLineBasicsInPlace(line)
            if !state.bundles.isEmpty { try state.checkBundleCommit(line) }
            if let open = openLineIfNewBefore(&state, line, pool: pool) {
                try state.checkPlacedAgain(line, open: open)
            }
            state.unpark(line.id)
        case .orderCancelled(let line), .orderShipped(let line):
            let pool = try state.checkLineBasicsInPlace(line)
            let (taken, components) = try state.closeOpenLine(checking: line)
            state.unpark(line.id)
            if let components {
                state.takeComponents(components, units: taken, of: line, change)
            } else {
                state.takeCommitted(taken, of: line, change, from: pool)
            }
        default:
            break
        }
        state.advance(sequence: sequence, time: time)
        if let digest, let seen { _ = state.idempotency.insert(digest, facts: change.factDigest, after: seen) }
        return true
    }

    /// main e44e260's `apply` of a placement (replay's fold); other events as now.
    private static func applyBefore(_ state: inout StockState, _ event: Event) {
        guard case .orderPlaced(let line) = event.change else { return state.apply(event) }
        let digest = event.idempotencyKey.map(IdempotencyDigest.init(key:))
        let facts = StockState.facts(of: event.change, digest: digest)
        guard state.advance(sequence: event.sequence, time: event.time, digest: digest, facts: facts) else { return }
        state.unpark(line.id)
        _ = openLineIfNewBefore(&state, line, pool: state.pools.index(forKey: line.sku))
    }

    /// `event`'s change as a caller might propose it instead (nil keeps it): see the suite.
    private static func hostile(_ event: Event, roll: Int, state: StockState, keys: [String]) -> (Change, String?)? {
        let line: OrderLineFacts
        switch event.change {
        case .orderPlaced(let facts), .orderCancelled(let facts), .orderShipped(let facts): line = facts
        default: return nil
        }
        var changed = line
        var change = event.change
        var key = event.idempotencyKey
        let open = state.openLines.first { $0.value.sku == line.sku }
        switch roll {
        case 0, 1:
            // A line open now placed again, with its own facts, then with one more unit.
            guard let open else { return nil }
            changed = OrderLineFacts(
                id: open.key, sku: open.value.sku, quantity: open.value.quantity + (roll == 1 ? 1 : 0),
                unitPrice: open.value.unitPrice, time: line.time)
            change = .orderPlaced(changed)
            key = "again-\(event.sequence)"
        case 2: changed.quantity = 0
        case 3: changed.quantity = -2
        case 4: changed.sku = "NOPE"
        case 5: changed.id = OrderLineID(channel: "nowhere", order: line.id.order, line: line.id.line)
        case 6: changed.id = OrderLineID(channel: line.id.channel, order: "never-\(event.sequence)", line: 1)
        case 7: changed.quantity = (state.openLines[line.id]?.quantity ?? 1) + 3
        case 8: changed.sku = line.sku == "SKU-0" ? "SKU-1" : "SKU-0"
        case 9:
            guard let seen = keys.randomElement() else { return nil }
            key = seen
        default: return nil
        }
        switch change {
        case .orderPlaced: change = .orderPlaced(changed)
        case .orderCancelled: change = .orderCancelled(changed)
        default: change = .orderShipped(changed)
        }
        return (change, key)
    }

    /// What a commit did: appended, a duplicate, or the refusal.
    private enum Outcome: Equatable {
        case appended, duplicate
        case refused(Refusal)
    }

    private static func outcome(_ body: () throws(Refusal) -> Bool) -> Outcome {
        do throws(Refusal) {
            return try body() ? .appended : .duplicate
        } catch {
            return .refused(error)
        }
    }

    /// Commits and folds one stream both ways; returns how many order events were refused, how
    /// many appended.
    private static func compare(seed: UInt64, bundles: Int) -> (refused: Int, appended: Int) {
        var generator = RandomChanges(seed: seed, bundles: bundles)
        var random = SplitMix64(seed: seed ^ 0xC0FF_EE)
        var now = StockState()
        var before = StockState()
        var folded = StockState()
        var foldedBefore = StockState()
        var keys: [String] = []
        var refused = 0
        var appended = 0
        for event in generator.events(count: 400) {
            let roll = Int.random(in: 0..<30, using: &random)
            let (change, key) =
                hostile(event, roll: roll, state: now, keys: keys) ?? (event.change, event.idempotencyKey)
            let digest = key.map(IdempotencyDigest.init(key:))
            let sequence = now.lastSequence + 1
            let new = outcome { () throws(Refusal) in
                try now.commit(change, sequence: sequence, time: event.time, digest: digest)
            }
            let old = outcome { () throws(Refusal) in
                try commitBefore(&before, change, sequence: sequence, time: event.time, digest: digest)
            }
            #expect(new == old, "seed \(seed), event \(sequence): \(change)")
            #expect(now == before, "seed \(seed), event \(sequence): \(change)")
            if new != old || now != before { break }
            let isOrderLine: Bool
            switch change {
            case .orderPlaced, .orderCancelled, .orderShipped: isOrderLine = true
            default: isOrderLine = false
            }
            if isOrderLine, case .refused = new { refused += 1 }
            if isOrderLine, new == .appended { appended += 1 }
            if let key, new == .appended { keys.append(key) }
            // Replay's fold of what was appended, both ways (it opens lines with `openLineIfNew`).
            if new == .appended {
                let appendedEvent = Event(
                    sequence: sequence, time: event.time, actor: event.actor, idempotencyKey: key, change: change)
                folded.apply(appendedEvent)
                applyBefore(&foldedBefore, appendedEvent)
                #expect(folded == foldedBefore, "seed \(seed), event \(sequence): \(change)")
                #expect(folded == now, "seed \(seed), event \(sequence): \(change)")
            }
        }
        return (refused, appended)
    }

    @Test func orderLinesCommitAndFoldAsBefore() async {
        await propertyCheck(count: 30, input: Gen.int(in: 0...Int.max)) { seed in
            // Not vacuous: the streams append order lines and refuse hostile ones.
            let counts = Self.compare(seed: UInt64(seed), bundles: 0)
            #expect(counts.appended > 20)
            #expect(counts.refused > 5)
        }
    }

    @Test func bundleLinesCommitAndFoldAsBefore() async {
        await propertyCheck(count: 15, input: Gen.int(in: 0...Int.max)) { seed in
            let counts = Self.compare(seed: UInt64(seed), bundles: 2)
            #expect(counts.appended > 10)
            #expect(counts.refused > 2)
        }
    }

    /// `commitOrderLine` from the line alone is `commit` of its change: a placement placed again
    /// with its own facts is a no-op that is still appended (as before), with other units refused;
    /// its key, once seen, makes it a duplicate.
    @Test func commitOrderLineIsCommitOfItsChange() throws {
        let testTime = Timestamp(secondsSince1970: 1_780_000_000)
        var state = StockState()
        let setup: [Change] = [
            .channelAdded(Channel(name: "shopify", kind: .shopify)),
            .skuCreated(SKU(code: "A", title: "A", unitCost: Money(cents: 100), price: Money(cents: 300))),
            .received(sku: "A", quantity: 10, reference: nil, fromIncoming: 0),
        ]
        for change in setup {
            _ = try state.commit(change, sequence: state.lastSequence + 1, time: testTime, digest: nil)
        }
        let line = OrderLineFacts(
            id: OrderLineID(channel: "shopify", order: "1001", line: 1), sku: "A", quantity: 2,
            unitPrice: Money(cents: 300), time: testTime)
        let key = IdempotencyDigest(key: "order:shopify:1001:1")
        var viaChange = state
        #expect(try state.commitOrderLine(.placed, line, sequence: 4, time: testTime, digest: key))
        #expect(try viaChange.commit(.orderPlaced(line), sequence: 4, time: testTime, digest: key))
        #expect(state == viaChange)
        #expect(state.stock("A")?.committed == 2)
        #expect(try !state.commitOrderLine(.placed, line, sequence: 5, time: testTime, digest: key))
        #expect(try state.commitOrderLine(.placed, line, sequence: 5, time: testTime, digest: nil))
        #expect(state.stock("A")?.committed == 2)
        var more = line
        more.quantity = 3
        #expect(throws: Refusal.orderLineAlreadyOpen(line.id)) {
            try state.commitOrderLine(.placed, more, sequence: 6, time: testTime, digest: nil)
        }
        #expect(try state.commitOrderLine(.shipped, line, sequence: 6, time: testTime, digest: nil))
        #expect(state.openLines.isEmpty)
        #expect(state.stock("A")?.onHand == 8)
        #expect(state.stock("A")?.committed == 0)
    }
}
