// 2. Allocation for 100,000 SKUs × 8 channels: a full recompute (what a rule change does:
// AllocationBook.reallocate; also building the book from the state, and a raw loop over
// Allocator on flat arrays) and the incremental update after one order line.
// 3. Publishing a full Amazon Price & Quantity file for 100,000 listings.

import BenchSupport
import OnePoolChannels
import OnePoolCore

private let channelNames: [ChannelName] = ["shopify", "amazon", "ebay", "wholesale", "retail", "etsy", "tiktok", "b2b"]

/// A state with `skus` SKUs, `channelNames.count` channels with floors and caps (units and
/// percent), stock on hand, and open lines on ~30% of the SKUs spread over the channels.
func allocationState(skus: Int, seed: UInt64) -> StockState {
    var random = SeededRandom(seed: seed &* 31 &+ 7)
    var state = StockState()
    let time = Timestamp(secondsSince1970: 1_725_148_800)
    func apply(_ change: Change) {
        do {
            guard try state.commit(change, sequence: state.lastSequence + 1, time: time, digest: nil) else { fail("duplicate") }
        } catch { fail("setup refused: \(error)") }
    }
    let kinds: [ChannelKind] = [.shopify, .amazon, .ebay, .wholesale, .retail, .other, .other, .other]
    // Served in this order; every channel gets something: percent and unit caps, floors, and an
    // uncapped last channel that takes what is left.
    let rules: [ChannelRule] = [
        ChannelRule(priority: 1, cap: .percent(40)), ChannelRule(priority: 2, cap: .percent(30)), ChannelRule(priority: 3, cap: .units(20)),
        ChannelRule(priority: 4, floor: 5, cap: .units(10)), ChannelRule(priority: 5, floor: 2, cap: .units(10)),
        ChannelRule(priority: 6, cap: .percent(10)), ChannelRule(priority: 7, cap: .units(5)), ChannelRule(priority: 8, floor: 1),
    ]
    for (index, name) in channelNames.enumerated() {
        apply(.channelAdded(Channel(name: name, kind: kinds[index])))
        apply(.channelConfigured(name: name, settings: ChannelSettings(rule: rules[index], format: .defaultFor(kinds[index]))))
    }
    for index in 0..<skus {
        let code = "SKU-\(pad(index, 6))"
        apply(.skuCreated(SKU(code: SKUCode(code), title: "Item \(index)", price: Money(cents: Int64(499 + index % 9500)))))
        // One SKU in ten has nothing on hand (nothing to allocate).
        if random.below(10) != 0 { apply(.received(sku: SKUCode(code), quantity: 1 + random.below(200), reference: nil, fromIncoming: 0)) }
    }
    var order = 0
    for index in 0..<skus where random.chance(0.3) {
        for _ in 0..<(1 + random.below(3)) {
            let id = OrderLineID(channel: channelNames[random.below(channelNames.count)], order: "S\(order)", line: 1)
            order += 1
            apply(.orderPlaced(OrderLineFacts(
                id: id, sku: SKUCode("SKU-\(pad(index, 6))"), quantity: 1 + random.below(3), unitPrice: Money(cents: 999), time: time)))
        }
    }
    return state
}

func allocationBench(skus: Int, events: Int, runs: Int, seed: UInt64) {
    log("allocation: building a state of \(skus) SKUs × \(channelNames.count) channels…")
    var state = allocationState(skus: skus, seed: seed)
    let channels = state.channelOrder.count

    // Building the book from the state (start-up: a row per SKU, its inputs copied from the pool).
    var bookTimes: [Double] = []
    var book = AllocationBook(state: state)
    for _ in 0..<runs {
        let began = now()
        book = AllocationBook(state: state)
        bookTimes.append(now() - began)
    }
    // The full recompute a rule change triggers: every row reallocated from the book's own inputs.
    var ruleTimes: [Double] = []
    let rules = state.allocator()
    for _ in 0..<max(runs, 20) {
        let began = now()
        book.reallocate(with: rules)
        ruleTimes.append(now() - began)
    }

    // Raw loop over Allocator on flat arrays (what the book's inner loop could be at best).
    let allocator = state.allocator()
    let codes = state.pools.keys.sorted()
    var available = [Int](repeating: 0, count: codes.count)
    var committed = [Int32](repeating: 0, count: codes.count * channels)
    let names = state.channelOrder
    for (row, code) in codes.enumerated() {
        guard let pool = state.pools[code] else { continue }
        available[row] = pool.stock.available
        for (column, name) in names.enumerated() { committed[row * channels + column] = Int32(pool.committedByChannel[name] ?? 0) }
    }
    var cells = [Int32](repeating: 0, count: codes.count * channels)
    var unexposed = [Int32](repeating: 0, count: codes.count)
    var rawTimes: [Double] = []
    for _ in 0..<max(runs, 20) {
        let began = now()
        committed.withUnsafeBufferPointer { taken in
            cells.withUnsafeMutableBufferPointer { all in
                unexposed.withUnsafeMutableBufferPointer { left in
                    for row in 0..<available.count {
                        let range = (row * channels)..<(row * channels + channels)
                        left[row] = Int32(allocator.allocate(
                            available: available[row], committed: UnsafeBufferPointer(rebasing: taken[range]),
                            into: UnsafeMutableBufferPointer(rebasing: all[range])))
                    }
                }
            }
        }
        rawTimes.append(now() - began)
    }
    // The two agree (and nothing was optimised away).
    var mismatches = 0
    for (row, code) in codes.enumerated() where book.allocations(of: code) != (0..<channels).map({ Int(cells[row * channels + $0]) }) {
        mismatches += 1
    }

    // Incremental: one orderPlaced committed, then the book's row for that SKU.
    var random = SeededRandom(seed: seed &* 31 &+ 8)
    let time = Timestamp(secondsSince1970: 1_725_200_000)
    var commitNs: [Double] = [], updateNs: [Double] = [], totalNs: [Double] = []
    commitNs.reserveCapacity(events)
    updateNs.reserveCapacity(events)
    totalNs.reserveCapacity(events)
    var proposals: [(Change, IdempotencyDigest)] = []
    proposals.reserveCapacity(events)
    for index in 0..<events {
        let id = OrderLineID(channel: channelNames[random.below(channelNames.count)], order: "B\(index)", line: 1 + random.below(3))
        let facts = OrderLineFacts(
            id: id, sku: codes[random.below(codes.count)], quantity: 1 + random.below(2), unitPrice: Money(cents: 1299), time: time)
        proposals.append((.orderPlaced(facts), IdempotencyDigest(key: OrderKeys.placed(id))))
    }
    for (change, digest) in proposals {
        let t0 = nowNanoseconds()
        let applied: Bool
        do { applied = try state.commit(change, sequence: state.lastSequence + 1, time: time, digest: digest) } catch { fail("refused: \(error)") }
        let t1 = nowNanoseconds()
        book.update(after: change, in: state)
        let t2 = nowNanoseconds()
        if !applied { fail("an incremental event was a duplicate") }
        commitNs.append(Double(t1 - t0))
        updateNs.append(Double(t2 - t1))
        totalNs.append(Double(t2 - t0))
    }
    // The incrementally kept book equals a full recompute.
    let consistent = book == AllocationBook(state: state)
    commitNs.sort()
    updateNs.sort()
    totalNs.sort()
    // The clock's own cost, to read the per-event figures against.
    var clockNs: [Double] = []
    for _ in 0..<10_000 {
        let a = nowNanoseconds()
        let b = nowNanoseconds()
        clockNs.append(Double(b - a))
    }
    print(json([
        ("benchmark", "allocation"), ("skus", codes.count), ("channels", channels),
        ("book_full_ns_per_sku", median(bookTimes) * 1e9 / Double(codes.count)),
        ("book_full_ms", median(bookTimes) * 1000), ("book_full_min_ms", (bookTimes.min() ?? 0) * 1000),
        ("rule_full_ns_per_sku", median(ruleTimes) * 1e9 / Double(codes.count)),
        ("rule_full_ms", median(ruleTimes) * 1000), ("rule_full_min_ms", (ruleTimes.min() ?? 0) * 1000),
        ("raw_full_ns_per_sku", median(rawTimes) * 1e9 / Double(codes.count)),
        ("raw_full_ms", median(rawTimes) * 1000), ("raw_full_min_ms", (rawTimes.min() ?? 0) * 1000),
        ("mismatches", mismatches), ("events", events),
        ("incremental_p50_ns", percentile(totalNs, 50)), ("incremental_p99_ns", percentile(totalNs, 99)),
        ("incremental_max_ns", totalNs.last ?? 0),
        ("commit_p50_ns", percentile(commitNs, 50)), ("commit_p99_ns", percentile(commitNs, 99)),
        ("update_p50_ns", percentile(updateNs, 50)), ("update_p99_ns", percentile(updateNs, 99)),
        ("clock_p50_ns", median(clockNs)), ("book_consistent", consistent), ("runs", runs),
    ]))
}

func publishBench(listings: Int, runs: Int, seed: UInt64) {
    log("publish: building a state of \(listings) listings on amazon…")
    let state = allocationState(skus: listings, seed: seed)
    var planTimes: [Double] = [], writeTimes: [Double] = []
    var lines: [PublishLine] = []
    var text = ""
    for _ in 0..<runs {
        let t0 = now()
        lines = PublishPlan.make(state: state, channel: "amazon", full: true)
        let t1 = now()
        text = UploadWriter.amazonPriceQuantity(lines)
        let t2 = now()
        planTimes.append(t1 - t0)
        writeTimes.append(t2 - t1)
    }
    let totals = zip(planTimes, writeTimes).map { $0 + $1 }
    print(json([
        ("benchmark", "publish"), ("listings", lines.count), ("bytes", text.utf8.count),
        ("plan_ms", median(planTimes) * 1000), ("write_ms", median(writeTimes) * 1000), ("total_ms", median(totals) * 1000),
        ("total_min_ms", (totals.min() ?? 0) * 1000), ("units", lines.reduce(0) { $0 + $1.quantity }), ("runs", runs),
    ]))
}
