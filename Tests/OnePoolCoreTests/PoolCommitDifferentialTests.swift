import OnePoolTestSupport
import PropertyBased
import Testing

@testable import OnePoolCore

/// `SKUPool.commit` changes a channel's units where they lie in the dictionary (one `_modify`)
/// instead of reading them and writing them back. It must keep exactly what it kept before:
/// `commitBefore` is main eca6d13's `commit`, compared on random streams of units added and taken
/// (none, fewer than none, past `Bounds.heldQuantityLimit` either way) on up to twelve channels
/// (past the eight it walks), some named twice in canonically equivalent spellings, which Swift's
/// `==` calls one name.
@Suite struct PoolCommitDifferentialTests {
    /// main eca6d13's `SKUPool.commit`.
    private static func commitBefore(_ pool: inout SKUPool, _ quantity: Int, channel: ChannelName) {
        pool.stock.committed = Bounds.held(pool.stock.committed + quantity)
        if pool.committedByChannel.count <= 8 {
            var index = pool.committedByChannel.startIndex
            while index != pool.committedByChannel.endIndex {
                if pool.committedByChannel.keys[index] == channel {
                    let now = Bounds.held(pool.committedByChannel.values[index] + quantity)
                    if now == 0 {
                        pool.committedByChannel.remove(at: index)
                    } else {
                        pool.committedByChannel.values[index] = now
                    }
                    return
                }
                pool.committedByChannel.formIndex(after: &index)
            }
        }
        let now = Bounds.held(pool.committedByChannel[channel, default: 0] + quantity)
        pool.committedByChannel[channel] = now == 0 ? nil : now
    }

    /// Names a pool's units are kept under: plain ones, and names in two spellings that are one
    /// name to `==` (precomposed é against e and a combining accent; the Kelvin sign against K).
    private static let channels: [ChannelName] = [
        "shopify", "amazon", "ebay", "wholesale", "etsy", "shop-till", "amazon-eu", "b2b", "pop-up", "outlet",
        "caf\u{E9}", "cafe\u{301}", "\u{212A}-shop", "K-shop",
    ]

    /// A change of units: mostly small, sometimes none, sometimes past the held limit.
    private static func units(_ random: inout SplitMix64) -> Int {
        switch Int.random(in: 0..<20, using: &random) {
        case 0: return 0
        case 1: return Bounds.heldQuantityLimit
        case 2: return -Bounds.heldQuantityLimit
        default: return Int.random(in: -4...6, using: &random)
        }
    }

    /// Commits one random stream both ways; returns how many commits found the channel's entry
    /// and how many of those removed it (so the property is not vacuous).
    private static func compare(seed: UInt64, names: Int) -> (found: Int, removed: Int) {
        var random = SplitMix64(seed: seed)
        var now = SKUPool(sku: SKU(code: "A", title: "A"))
        var before = now
        var found = 0
        var removed = 0
        for step in 0..<600 {
            let channel = channels[Int.random(in: 0..<names, using: &random)]
            let quantity = units(&random)
            let had = now.committedByChannel[channel] != nil
            now.commit(quantity, channel: channel)
            commitBefore(&before, quantity, channel: channel)
            #expect(now == before, "seed \(seed), step \(step): \(quantity) on \(channel)")
            if now != before { break }
            if had { found += 1 }
            if had && now.committedByChannel[channel] == nil { removed += 1 }
        }
        return (found, removed)
    }

    @Test func unitsPerChannelAsBefore() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...Int.max)) { seed in
            for names in [4, Self.channels.count] {
                let counts = Self.compare(seed: UInt64(seed), names: names)
                #expect(counts.found > 200)
            }
        }
    }

    /// The streams do remove channels' entries (units back to exactly 0), which only some seeds'
    /// 600 steps reach: counted over fixed seeds (439 and 514 removals over 40 seeds), not
    /// required of every random one (a random seed with no removal failed CI once).
    @Test func streamsRemoveEntries() {
        for names in [4, Self.channels.count] {
            let removed = (0..<40).reduce(0) { $0 + Self.compare(seed: UInt64($1), names: names).removed }
            #expect(removed > 0, "\(names) names: no stream removed an entry")
        }
    }
}
