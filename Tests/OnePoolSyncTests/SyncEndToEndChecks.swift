import Foundation
import OnePoolCore
import OnePoolStore
import SPAPIEmulator
import ShopifyEmulator
import Testing

/// What the end-to-end sync tests check after a run: the truth the emulators and the
/// warehouse logged, replayed against what the store recorded and what was published.
extension SyncEndToEnd {
    /// What happened to the truth, in time order. A channel is named as in the store.
    enum Fact {
        case sale(channel: ChannelName, order: String, sku: String, quantity: Int)
        case cancel(channel: ChannelName, order: String, sku: String, quantity: Int)
        case stockChanged(sku: String, delta: Int)
        case set(channel: ChannelName, sku: String, to: Int)
    }

    /// The Shopify emulator's log; `channel` names a shop's channel.
    static func facts(
        _ events: [EmulatorEvent], channel: (String) -> String
    ) -> [(at: Date, fact: Fact)] {
        events.compactMap { event in
            switch event {
            case .sale(let shop, let order, let sku, let quantity, _, let at):
                (at, .sale(channel: ChannelName(channel(shop)), order: order, sku: sku, quantity: quantity))
            case .cancel(let shop, let order, let sku, let quantity, _, let at):
                (at, .cancel(channel: ChannelName(channel(shop)), order: order, sku: sku, quantity: quantity))
            case .set(let shop, let sku, _, let to, let at):
                (at, .set(channel: ChannelName(channel(shop)), sku: sku, to: to))
            case .stockChanged(let sku, let delta, let at): (at, .stockChanged(sku: sku, delta: delta))
            case .adminSet: nil
            }
        }
    }

    /// The SP-API emulator's log, for the Amazon channel `channel`.
    static func facts(_ events: [SPAPIEvent], channel: ChannelName) -> [(at: Date, fact: Fact)] {
        events.map { event in
            switch event {
            case .sale(let order, let sku, let quantity, let at):
                (at, .sale(channel: channel, order: order, sku: sku, quantity: quantity))
            case .cancel(let order, let sku, let quantity, let at):
                (at, .cancel(channel: channel, order: order, sku: sku, quantity: quantity))
            case .set(let sku, _, let to, let at): (at, .set(channel: channel, sku: sku, to: to))
            }
        }
    }

    /// Every order counted exactly once. An order cancelled before any pull saw it open is
    /// never recorded (the import's meaning: a line never seen open changes nothing); returns
    /// how many were.
    static func expectEveryOrderOnce(_ store: Store, timeline: [Fact]) throws -> (unseen: Int, cancelled: Int) {
        var placedKeys: [String: Int] = [:]
        try store.forEachEvent { event in
            if case .orderPlaced = event.change, let key = event.idempotencyKey { placedKeys[key, default: 0] += 1 }
        }
        #expect(placedKeys.values.allSatisfy { $0 == 1 })
        var cancelled: Set<String> = []
        var sales: [(channel: ChannelName, order: String)] = []
        for fact in timeline {
            switch fact {
            case .sale(let channel, let order, _, _): sales.append((channel, order))
            case .cancel(let channel, let order, _, _): cancelled.insert("\(channel):\(order)")
            default: break
            }
        }
        var unseen = 0
        for sale in sales {
            let count = placedKeys["order:\(sale.channel):\(sale.order):1"] ?? 0
            if count == 0 && cancelled.contains("\(sale.channel):\(sale.order)") {
                unseen += 1
                continue
            }
            #expect(count == 1, "order \(sale.order) on \(sale.channel) recorded \(count) times")
        }
        #expect(placedKeys.count == sales.count - unseen)
        return (unseen, cancelled.count)
    }

    /// Replays the timeline: no set above the channel's allocation at that moment (from every
    /// sale, cancellation and stock change so far), none above zero once the SKU had nothing
    /// left; at the end the store's committed and on-hand units are the truth's. Returns the sets.
    static func expectSetsWithinAllocations(_ timeline: [Fact], state: StockState, skus: [String], units: Int) -> Int {
        let allocator = Allocator(rules: state.channelOrder.compactMap { state.channelSettings[$0]?.rule })
        var committed: [String: [ChannelName: Int]] = [:]
        var onHand = Dictionary(uniqueKeysWithValues: skus.map { ($0, units) })
        var sets = 0
        for fact in timeline {
            switch fact {
            case .sale(let channel, _, let sku, let quantity):
                committed[sku, default: [:]][channel, default: 0] += quantity
            case .cancel(let channel, _, let sku, let quantity):
                committed[sku, default: [:]][channel, default: 0] -= quantity
            case .stockChanged(let sku, let delta):
                onHand[sku, default: 0] += delta
            case .set(let channel, let sku, let to):
                sets += 1
                let open = committed[sku] ?? [:]
                let available = (onHand[sku] ?? 0) - open.values.reduce(0, +)
                let allocation = allocator.allocate(
                    available: available, committed: state.channelOrder.map { open[$0] ?? 0 })
                let index = state.channelOrder.firstIndex(of: channel) ?? 0
                #expect(
                    to <= allocation.allocations[index],
                    "\(channel) \(sku) set to \(to), allocation then \(allocation.allocations[index])")
                if available <= 0 { #expect(to == 0, "\(channel) \(sku) set to \(to) with nothing left") }
            }
        }
        for sku in skus {
            let open = (committed[sku] ?? [:]).values.reduce(0, +)
            #expect(state.stock(SKUCode(sku))?.committed == open, "\(sku) committed")
            #expect(state.stock(SKUCode(sku))?.onHand == onHand[sku], "\(sku) on hand")
        }
        return sets
    }
}
