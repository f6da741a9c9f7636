import OnePoolCore
import OnePoolTestSupport
import PropertyBased
import Testing

/// `commit` is the writer's one-pass check and fold (each key looked up once, each change checked
/// once). It must answer exactly as the plain definition does — a seen key is a duplicate (or a
/// conflict), then `check`, then `changesNothing`, then `apply` — on random streams that include
/// refused changes, repeated keys, repeated lines and idempotency keys moved into the sorted run.
@Suite struct CommitDifferentialTests {
    /// The definition `commit` must agree with, from the public pieces that define it.
    private static func reference(
        _ state: inout StockState, _ proposed: ProposedChange, time: Timestamp
    ) throws(Refusal) -> Bool {
        let change = proposed.change
        let digest = proposed.idempotencyKey.map(IdempotencyDigest.init(key:))
        if let digest, let known = state.idempotency.facts(of: digest) {
            if case .returns(.arrived(let line)) = change, known.isKnown, known != change.factDigest {
                throw .returnConflict(line.id, returnID: line.returnID)
            }
            if case .adjusted(let sku, _, _) = change, known.isKnown, known != change.factDigest {
                throw .referenceConflict(sku: sku)
            }
            return false
        }
        try state.check(change)
        if state.changesNothing(change) { return false }
        state.apply(change, sequence: state.lastSequence + 1, time: time, digest: digest)
        return true
    }

    /// Proposals from `RandomChanges`, and now and then one made to be refused or to repeat a key.
    private static func propose(
        _ generator: inout RandomChanges, _ earlier: [ProposedChange], state: StockState, time: Timestamp
    ) -> ProposedChange {
        let roll = Int.random(in: 0..<100, using: &generator.random)
        let sku = generator.skus[Int.random(in: 0..<generator.skus.count, using: &generator.random)]
        let line = OrderLineFacts(
            id: OrderLineID(channel: "shopify", order: "x\(roll)", line: 1), sku: sku, quantity: 1 + roll % 3,
            unitPrice: Money(cents: 500), time: time)
        switch roll {
        case 0..<6 where !earlier.isEmpty:
            // A key seen before, with the same or other facts.
            let again = earlier[Int.random(in: 0..<earlier.count, using: &generator.random)]
            return roll % 2 == 0 ? again : ProposedChange(.orderPlaced(line), idempotencyKey: again.idempotencyKey)
        case 6: return ProposedChange(.orderPlaced(withID(line, channel: "nowhere")), idempotencyKey: "k\(roll)")
        case 7: return ProposedChange(.orderPlaced(withSKU(line, "NO-SUCH")), idempotencyKey: "n\(time)")
        case 8: return ProposedChange(.orderShipped(withID(line, order: "never")))
        case 9: return ProposedChange(.demandRecorded(withQuantity(line, 0)), idempotencyKey: "z\(time)")
        case 10: return ProposedChange(.orderPlaced(withID(line, order: "")), idempotencyKey: "e\(time)")
        case 11: return ProposedChange(.demandRecorded(line), idempotencyKey: OrderKeys.shipped(line.id))
        case 12: return ProposedChange(.orderPlaced(line), idempotencyKey: OrderKeys.placed(line.id))
        case 13: return ProposedChange(.orderCancelled(withQuantity(line, 9)))
        default: return generator.next(in: state, time: time)
        }
    }

    private static func withID(_ line: OrderLineFacts, channel: ChannelName? = nil, order: String? = nil)
        -> OrderLineFacts
    {
        var changed = line
        changed.id = OrderLineID(channel: channel ?? line.id.channel, order: order ?? line.id.order, line: line.id.line)
        return changed
    }

    private static func withSKU(_ line: OrderLineFacts, _ sku: SKUCode) -> OrderLineFacts {
        var changed = line
        changed.sku = sku
        return changed
    }

    private static func withQuantity(_ line: OrderLineFacts, _ quantity: Int) -> OrderLineFacts {
        var changed = line
        changed.quantity = quantity
        return changed
    }

    /// Runs one stream through both paths; returns how many changes each outcome had.
    private static func compare(seed: UInt64, bundles: Int, steps: Int) -> (appended: Int, skipped: Int, refused: Int) {
        var generator = RandomChanges(seed: seed, bundles: bundles)
        var committed = StockState()
        var expected = StockState()
        var earlier: [ProposedChange] = []
        var counts = (appended: 0, skipped: 0, refused: 0)
        var time = Timestamp(secondsSince1970: 1_780_000_000)
        var proposals = generator.setup()
        for step in 0..<steps {
            time = Timestamp(millisecondsSince1970: time.millisecondsSince1970 + 1000)
            let proposed =
                proposals.isEmpty
                ? propose(&generator, earlier, state: expected, time: time) : proposals.removeFirst()
            var expectedRefusal: Refusal?
            var expectedResult = false
            do { expectedResult = try reference(&expected, proposed, time: time) } catch { expectedRefusal = error }
            var refusal: Refusal?
            var result = false
            do {
                result = try committed.commit(
                    proposed.change, sequence: committed.lastSequence + 1, time: time,
                    digest: proposed.idempotencyKey.map(IdempotencyDigest.init(key:)))
            } catch {
                refusal = error
            }
            #expect(refusal == expectedRefusal, "seed \(seed) step \(step): \(proposed)")
            #expect(result == expectedResult, "seed \(seed) step \(step): \(proposed)")
            // A refusal leaves the state as it was on both paths, so the states still agree.
            if expectedRefusal != nil {
                counts.refused += 1
            } else if expectedResult {
                counts.appended += 1
            } else {
                counts.skipped += 1
            }
            #expect(committed == expected, "seed \(seed) step \(step): \(proposed)")
            #expect(committed.idempotency.allSorted() == expected.idempotency.allSorted(), "seed \(seed) step \(step)")
            if proposed.idempotencyKey != nil { earlier.append(proposed) }
            // Now and then the keys move into the sorted run, as a snapshot does.
            if step % 97 == 96 {
                _ = committed.compactIdempotency()
                _ = expected.compactIdempotency()
            }
        }
        return counts
    }

    @Test func commitAgreesWithCheckThenApplyOnRandomStreams() async {
        await propertyCheck(count: 20, input: Gen.int(in: 0...Int.max)) { seed in
            let counts = Self.compare(seed: UInt64(seed), bundles: 0, steps: 400)
            // Not vacuous: every outcome happens.
            #expect(counts.appended > 100 && counts.skipped > 5 && counts.refused > 5, "\(counts)")
        }
    }

    @Test func commitAgreesWithCheckThenApplyWithBundles() async {
        await propertyCheck(count: 10, input: Gen.int(in: 0...Int.max)) { seed in
            let counts = Self.compare(seed: UInt64(seed), bundles: 2, steps: 400)
            #expect(counts.appended > 100 && counts.refused > 5, "\(counts)")
        }
    }
}

/// An order line's channel is found by comparing names while a store has a few channels and by
/// hashing beyond that: either way exactly the channels added are known, by their exact text.
@Suite struct OrderLineChannelTests {
    @Test(arguments: [1, 3, 8, 9, 20])
    func exactlyTheAddedChannelsAreKnown(count: Int) throws {
        var state = StockState()
        let names = (0..<count).map { ChannelName("shop-\($0)") }
        var sequence: UInt64 = 0
        let time = Timestamp(secondsSince1970: 1_780_000_000)
        var setup: [Change] = names.map { .channelAdded(Channel(name: $0, kind: .other)) }
        setup.append(.skuCreated(SKU(code: "MUG", title: "Mug", price: Money(cents: 900))))
        for change in setup {
            sequence += 1
            #expect(try state.commit(change, sequence: sequence, time: time, digest: nil))
        }
        func line(_ channel: ChannelName) -> Change {
            .orderPlaced(
                OrderLineFacts(
                    id: OrderLineID(channel: channel, order: "1", line: 1), sku: "MUG", quantity: 1,
                    unitPrice: Money(cents: 900), time: time))
        }
        for name in names {
            #expect(throws: Never.self) { try state.check(line(name)) }
        }
        for stranger in ["shop-", "Shop-0", "shop-0 ", "shop-\(count)", "shop-00", ""] {
            #expect(throws: Refusal.unknownChannel(ChannelName(stranger))) {
                try state.check(line(ChannelName(stranger)))
            }
            var copy = state
            #expect(throws: Refusal.unknownChannel(ChannelName(stranger))) {
                try copy.commit(line(ChannelName(stranger)), sequence: sequence + 1, time: time, digest: nil)
            }
        }
    }
}

/// Looking a key up once and inserting it where the lookup ended (`lookUp`, `insert(_:facts:after:)`)
/// keeps the index exactly as plain inserts do, across growth and compaction.
@Suite struct IdempotencyLookupTests {
    @Test func insertingAfterALookupEqualsInserting() async {
        await propertyCheck(input: Gen.int(in: 0...3_000).array(of: 0...400), Gen.int(in: 0...400)) { values, cut in
            var plain = IdempotencyIndex()
            var looked = IdempotencyIndex()
            for (position, value) in values.enumerated() {
                if position == cut {
                    _ = plain.compactIdempotencyForTest()
                    _ = looked.compactIdempotencyForTest()
                }
                let digest = IdempotencyDigest(key: "k\(value)")
                let facts = FactDigest(text: "f", Int64(value), 0)
                let lookup = looked.lookUp(digest)
                #expect(lookup.facts == plain.facts(of: digest))
                let inserted = looked.insert(digest, facts: facts, after: lookup)
                #expect(inserted == plain.insert(digest, facts: facts))
            }
            #expect(looked.allSorted() == plain.allSorted())
            #expect(looked.count == plain.count)
        }
    }

    @Test func aLookupMadeBeforeTheTableGrewIsNotTrusted() {
        var index = IdempotencyIndex()
        index.insert(IdempotencyDigest(key: "first"))
        let digest = IdempotencyDigest(key: "late")
        let stale = index.lookUp(digest)
        // Enough keys for the table to be laid out anew (twice) after the lookup.
        for value in 0..<100 { index.insert(IdempotencyDigest(key: "fill-\(value)")) }
        let insertedLate = index.insert(digest, facts: .unknown, after: stale)
        #expect(insertedLate)
        #expect(index.contains(digest))
        let again = index.lookUp(digest)
        let insertedAgain = index.insert(digest, facts: .unknown, after: again)
        #expect(!insertedAgain)
        #expect(index.count == 102)
    }

    @Test func aLookupWhoseSlotWasTakenSinceFallsBack() {
        var index = IdempotencyIndex()
        index.insert(IdempotencyDigest(key: "first"))
        let digest = IdempotencyDigest(key: "twice")
        let first = index.lookUp(digest)
        let second = index.lookUp(digest)
        let insertedFirst = index.insert(digest, facts: .unknown, after: first)
        #expect(insertedFirst)
        // The same key, with the stale lookup: the slot is taken, the key present, nothing changes.
        let insertedSecond = index.insert(digest, facts: .unknown, after: second)
        #expect(!insertedSecond)
        #expect(index.count == 2)
    }
}

extension IdempotencyIndex {
    /// What `StockState.compactIdempotency` does to its index.
    fileprivate mutating func compactIdempotencyForTest() -> [IdempotencyEntry] {
        let all = allSorted()
        compact(sorted: all)
        return all
    }
}
