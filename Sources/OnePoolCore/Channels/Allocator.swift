/// Allocation by priority from a shrinking balance (DESIGN.md, "Allocation").
///
/// For one SKU with `pool = max(available, 0)`:
/// 1. floors, in priority order: each channel gets min(floor, remaining);
/// 2. then in priority order: each channel gets min(cap − committed − what it has, remaining);
/// 3. what remains is unexposed.
/// Invariant: the allocations sum to at most `pool`, and none is negative — so the channels
/// together are never offered more than exists.
///
/// Where this departs from DESIGN.md: a cap counts the units the channel has already taken
/// (its open, committed lines), and a percentage cap is of the sellable pool (available plus
/// the channels' committed units). Measured against `available` alone, a channel capped at 30
/// would be offered 30 again after each sale: available shrinks, the cap does not, and the cap
/// would limit nothing over a day of orders.
public struct Allocator: Sendable {
    /// Channel indices in serving order (priority, then the order given).
    public let order: [Int]
    public let floors: [Int]
    /// Cap in units, or -1 for none, or a percentage encoded as -(100 + percent) - so the hot loop
    /// reads flat integers only.
    private let caps: [Int]

    public init(rules: [ChannelRule]) {
        order = rules.indices.filter { rules[$0].enabled }.sorted {
            (rules[$0].priority, $0) < (rules[$1].priority, $1)
        }
        floors = rules.map { $0.enabled ? max(0, $0.floor) : 0 }
        caps = rules.map { rule in
            switch rule.cap {
            case nil: -1
            case .units(let units)?: max(0, units)
            case .percent(let percent)?: -(100 + min(100, max(0, percent)))
            }
        }
    }

    public var channelCount: Int { floors.count }

    /// Fills `into` (one entry per channel) for a SKU with `available` units; returns what is
    /// left unexposed.
    @inline(__always)
    public func allocate(available: Int, into allocation: UnsafeMutableBufferPointer<Int32>) -> Int {
        allocate(available: available, committed: nil, into: allocation)
    }

    /// The same, with `committed[c]` the units channel `c` holds in open lines of this SKU (or nil
    /// for none): they count against the channel's cap.
    @inline(__always)
    public func allocate(
        available: Int, committed: UnsafeBufferPointer<Int32>?, into allocation: UnsafeMutableBufferPointer<Int32>
    ) -> Int {
        for index in 0..<allocation.count { allocation[index] = 0 }
        // A store checked by `Bounds` never exceeds skuUnits (below Int32.max); one that does
        // (written before the checks) is allocated as if it held the limit, never trapping.
        let pool = min(max(available, 0), Bounds.skuUnits)
        var remaining = pool
        if remaining == 0 { return 0 }
        var base = pool
        if let committed { for units in committed { base += Int(units) } }
        for channel in order {
            let floor = floors[channel]
            if floor == 0 { continue }
            let granted = min(floor, remaining)
            allocation[channel] = Int32(granted)
            remaining -= granted
            if remaining == 0 { return 0 }
        }
        for channel in order {
            let raw = caps[channel]
            var cap = raw >= 0 ? raw : raw == -1 ? Int.max : base * (-raw - 100) / 100
            if let committed, cap != Int.max { cap -= Int(committed[channel]) }
            let has = Int(allocation[channel])
            guard cap > has else { continue }
            let granted = min(cap - has, remaining)
            allocation[channel] = Int32(has + granted)
            remaining -= granted
            if remaining == 0 { return 0 }
        }
        return remaining
    }

    /// The same, as an array (for callers outside hot loops).
    public func allocate(available: Int, committed: [Int] = []) -> (allocations: [Int], unexposed: Int) {
        var result = [Int32](repeating: 0, count: channelCount)
        let taken = committed.isEmpty ? nil : committed.map { Int32(clamping: $0) }
        let unexposed = result.withUnsafeMutableBufferPointer { buffer in
            guard let taken else { return allocate(available: available, committed: nil, into: buffer) }
            return taken.withUnsafeBufferPointer { allocate(available: available, committed: $0, into: buffer) }
        }
        return (result.map(Int.init), unexposed)
    }

    /// A channel's cap in units for a SKU whose sellable pool is `base` (nil: no cap).
    public func capUnits(channel: Int, base: Int) -> Int? {
        let raw = caps[channel]
        return raw >= 0 ? raw : raw == -1 ? nil : base * (-raw - 100) / 100
    }
}
