import OnePoolTestSupport
import PropertyBased
import Testing

@testable import OnePoolCore

/// A cancel or shipment shortens its open line where it lies in the table (`StockState.take`,
/// through the dictionary's `_modify`) instead of copying the line out twice; `commit` checks and
/// closes it in one access (`closeOpenLine(checking:)`). The fold must still do exactly what it
/// did before, kept here as `foldBefore` (main f1c8012's `apply` of a cancel or shipment), on
/// valid streams and on what a hand-made journal may hold: more units than are open, none,
/// fewer than none, another SKU, a line never placed.
@Suite struct CloseLineFoldDifferentialTests {
    /// `apply(event)` as it was before the change, for cancels and shipments; other events as now.
    private static func foldBefore(_ state: inout StockState, _ event: Event) {
        switch event.change {
        case .orderCancelled(let line), .orderShipped(let line):
            let digest = event.idempotencyKey.map(IdempotencyDigest.init(key:))
            let facts = StockState.facts(of: event.change, digest: digest)
            guard state.advance(sequence: event.sequence, time: event.time, digest: digest, facts: facts) else {
                return
            }
            state.unpark(line.id)
            guard let index = state.openLines.index(forKey: line.id) else { return }
            let components = state.openLines[valueAt: index].components
            let open = state.openLines[valueAt: index]
            let taken = min(open.quantity, line.quantity)
            if taken == open.quantity {
                state.openLines.remove(at: index)
            } else {
                state.openLines[valueAt: index].quantity -= taken
            }
            if let components {
                state.takeComponents(components, units: taken, of: line, event.change)
            } else if let pool = state.pools.index(forKey: line.sku) {
                state.takeCommitted(taken, of: line, event.change, from: pool)
            }
        default:
            state.apply(event)
        }
    }

    /// `event` as a hand-made journal might have it instead: its line's units or SKU changed,
    /// or a line that was never placed. Returns nil to keep the event as it is.
    private static func hostile(_ event: Event, roll: Int, state: StockState) -> Event? {
        let line: OrderLineFacts
        switch event.change {
        case .orderCancelled(let facts), .orderShipped(let facts): line = facts
        default: return nil
        }
        var changed = line
        switch roll {
        case 0: changed.quantity = (state.openLines[line.id]?.quantity ?? 1) + 3
        case 1: changed.quantity = 0
        case 2: changed.quantity = -2
        case 3: changed.sku = line.sku == "SKU-0" ? "SKU-1" : "SKU-0"
        case 4: changed.id = OrderLineID(channel: line.id.channel, order: "never-\(event.sequence)", line: 1)
        default: return nil
        }
        let change: Change
        if case .orderCancelled = event.change {
            change = .orderCancelled(changed)
        } else {
            change = .orderShipped(changed)
        }
        return Event(
            sequence: event.sequence, time: event.time, actor: event.actor, idempotencyKey: event.idempotencyKey,
            change: change)
    }

    /// Folds one stream both ways (a fifth of its cancels and shipments made hostile) and returns
    /// how many cancels and shipments it held.
    private static func compare(seed: UInt64, bundles: Int) -> Int {
        var generator = RandomChanges(seed: seed, bundles: bundles)
        var random = SplitMix64(seed: seed ^ 0x5EED)
        let events = generator.events(count: 400)
        var now = StockState()
        var before = StockState()
        var closes = 0
        for event in events {
            let roll = Int.random(in: 0..<25, using: &random)
            let folded = hostile(event, roll: roll, state: now) ?? event
            if case .orderCancelled = folded.change { closes += 1 }
            if case .orderShipped = folded.change { closes += 1 }
            now.apply(folded)
            foldBefore(&before, folded)
            #expect(now == before, "seed \(seed), event \(folded.sequence): \(folded.change)")
            if now != before { break }
        }
        return closes
    }

    @Test func cancelsAndShipmentsFoldAsBefore() async {
        await propertyCheck(count: 30, input: Gen.int(in: 0...Int.max)) { seed in
            // Not vacuous: the streams close lines.
            #expect(Self.compare(seed: UInt64(seed), bundles: 0) > 20)
        }
    }

    @Test func bundleLinesFoldAsBefore() async {
        await propertyCheck(count: 15, input: Gen.int(in: 0...Int.max)) { seed in
            #expect(Self.compare(seed: UInt64(seed), bundles: 2) > 10)
        }
    }

    /// The channel names `hasChannel` compares follow `channels` through every way a state is
    /// made: added by events, and rebuilt from a snapshot's parts.
    @Test func channelNamesFollowTheChannels() {
        var generator = RandomChanges(seed: 7)
        var state = StockState()
        for event in generator.events(count: 50) { state.apply(event) }
        #expect(Set(state.channelNames) == Set(state.channels.keys))
        #expect(state.channelNames.count == state.channels.count)
        let rebuilt = StockState(
            lastSequence: state.lastSequence, lastEventTime: state.lastEventTime, pools: state.pools,
            channels: state.channels, openLines: state.openLines, idempotency: state.idempotency)
        #expect(Set(rebuilt.channelNames) == Set(state.channels.keys))
        for name in state.channels.keys { #expect(rebuilt.hasChannel(name)) }
        #expect(!rebuilt.hasChannel("nowhere"))
    }
}
