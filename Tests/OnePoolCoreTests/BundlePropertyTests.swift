import Foundation
import OnePoolCore
import OnePoolTestSupport
import PropertyBased
import Testing

/// Random bundles, sales, cancellations, shipments, amendments, redefinitions and rule changes.
@Suite struct BundlePropertyTests {
    /// The guarantee: on every channel, each component's units offered alone and inside bundles
    /// sum to at most the channel's allocation, and over the channels to at most what the pool can
    /// sell; with what is committed, never more than on hand − held − unsellable − safety.
    @Test func whatIsOfferedAndCommittedInComponentUnitsNeverExceedsThePool() async {
        let streamsWithBundleSales = Counter()
        await propertyCheck(count: 30, input: Gen.int(in: 0...Int.max)) { seed in
            var generator = RandomChanges(seed: UInt64(seed), bundles: 3)
            var state = StockState()
            var bundleSales = 0
            for event in generator.events(count: 400) {
                state.apply(event)
                if case .orderPlaced(let line) = event.change, state.bundles.isBundle(line.sku) { bundleSales += 1 }
                checkOffers(state)
            }
            if bundleSales > 0 { streamsWithBundleSales.add() }
        }
        // A stream may lose all its bundles early (removed, then given stock of their own), so one
        // stream may sell none; over 30 streams the check must have met bundle sales.
        #expect(streamsWithBundleSales.value > 0, "no stream sold a bundle: the check proved nothing")
    }

    /// Returns of bundle lines among everything else: a line never takes back more than it shipped
    /// (in bundle units), each return brings back exactly the components the line took × the
    /// bundles returned, and the offers stay within the pool (returned units are unsellable
    /// until inspected).
    @Test func aBundleReturnNeverExceedsWhatShippedAndBringsBackWhatTheLineTook() async {
        let bundleReturns = Counter()
        await propertyCheck(count: 30, input: Gen.int(in: 0...Int.max)) { seed in
            var generator = RandomChanges(seed: UInt64(seed), bundles: 3)
            var state = StockState()
            var shipped: [OrderLineID: Int] = [:]
            var returned: [OrderLineID: Int] = [:]
            for event in generator.events(count: 600) {
                let before = state
                state.apply(event)
                switch event.change {
                case .orderShipped(let line):
                    let open = before.openLines[line.id]?.quantity ?? 0
                    shipped[line.id, default: 0] += min(open, line.quantity)
                case .demandRecorded(let line):
                    shipped[line.id, default: 0] += line.quantity
                case .returns(.arrived(let line)):
                    returned[line.id, default: 0] += line.quantity
                    #expect(returned[line.id, default: 0] <= shipped[line.id, default: 0], "\(line.id)")
                    guard let parts = before.returns.shipped[line.id]?.components else { break }
                    bundleReturns.add()
                    for part in parts {
                        let units = line.quantity * part.quantity
                        #expect(state.stock(part.sku)?.onHand == (before.stock(part.sku)?.onHand ?? 0) + units)
                        #expect(
                            state.returns.awaitingUnits(part.sku) == before.returns.awaitingUnits(part.sku) + units)
                    }
                    #expect(state.stock(line.sku) == before.stock(line.sku), "the bundle's own pool stays empty")
                default:
                    break
                }
                checkOffers(state)
            }
        }
        #expect(bundleReturns.value > 0, "no stream returned a bundle: the check proved nothing")
    }

    /// Counts across the property's runs, which may run concurrently.
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }

    @Test func committedIsTheSumOfOpenLinesWithBundlesResolved() async {
        await propertyCheck(count: 30, input: Gen.int(in: 0...Int.max)) { seed in
            var generator = RandomChanges(seed: UInt64(seed), bundles: 2)
            var state = StockState()
            for event in generator.events(count: 400) {
                state.apply(event)
                var byChannel: [String: [ChannelName: Int]] = [:]
                for (id, line) in state.openLines {
                    for (code, units) in line.committedUnits {
                        byChannel[code.rawValue, default: [:]][id.channel, default: 0] += units
                    }
                }
                for code in state.skuCodes {
                    let expected = byChannel[code.rawValue] ?? [:]
                    #expect(state.pools[code]?.committedByChannel ?? [:] == expected)
                    #expect(state.stock(code)?.committed == expected.values.reduce(0, +))
                    if state.bundles.isBundle(code) { #expect(state.stock(code) == StockLevel()) }
                }
                // Rebuilding from the parts (what a snapshot does) derives the same commitments.
                let rebuilt = StockState(
                    lastSequence: state.lastSequence, lastEventTime: state.lastEventTime, pools: state.pools,
                    channels: state.channels, openLines: state.openLines, idempotency: state.idempotency,
                    bundles: state.bundles)
                #expect(rebuilt.pools == state.pools)
            }
        }
    }

    @Test func checkThenApplyAndCommitAgreeWithBundles() async {
        await propertyCheck(count: 20, input: Gen.int(in: 0...Int.max)) { seed in
            var generator = RandomChanges(seed: UInt64(seed), bundles: 3)
            let events = generator.events(count: 300)
            var folded = StockState()
            var committed = StockState()
            for event in events {
                folded.apply(event)
                let digest = event.idempotencyKey.map(IdempotencyDigest.init(key:))
                #expect(
                    (try? committed.commit(event.change, sequence: event.sequence, time: event.time, digest: digest))
                        == true)
            }
            #expect(folded == committed)
        }
    }

    private func checkOffers(_ state: StockState) {
        let allocator = state.allocator()
        var offered: [String: Int] = [:]
        for channel in state.channelOrder {
            let allocation = state.channelAllocations(channel: channel, allocator: allocator)
            var onChannel: [String: Int] = [:]
            for code in state.skuCodes {
                let offer = state.channelOffer(of: code, allocation: allocation)
                #expect(offer >= 0)
                if let definition = state.bundles[code] {
                    for part in definition.components {
                        onChannel[part.sku.rawValue, default: 0] += offer * part.quantity
                    }
                } else {
                    onChannel[code.rawValue, default: 0] += offer
                }
            }
            for (code, units) in onChannel {
                #expect(
                    units <= allocation(SKUCode(code)),
                    "\(channel) offers \(units) of \(code), allocated \(allocation(SKUCode(code)))")
                offered[code, default: 0] += units
            }
        }
        for (code, units) in offered {
            guard let stock = state.stock(SKUCode(code)), !state.bundles.isBundle(SKUCode(code)) else { continue }
            let sellable = stock.onHand - stock.held - stock.unsellable - stock.safety
            #expect(units + stock.committed <= max(sellable, stock.committed), "\(code): offered \(units)")
            #expect(units <= max(0, stock.available))
        }
    }
}
