/// Every SKU's allocation to every channel, kept current event by event.
///
/// A flat table (SKU rows × channel columns of `Int32`) filled by `Allocator`: a full pass when
/// the channels or their rules change, otherwise only the row of the SKU an event touched — an
/// order line costs one row (a few channels), not a pass over the catalogue.
public struct AllocationBook: Sendable, Equatable {
    /// Column order: channel names sorted (as `StockState.channelOrder`).
    public private(set) var channels: [String]
    private var allocator: Allocator
    private var rows: [String: Int] = [:]
    private var cells: [Int32] = []
    private var unexposedUnits: [Int32] = []
    /// Scratch for one row's committed units per channel.
    private var committed: [Int32]

    public init(state: StockState) {
        channels = state.channelOrder
        allocator = state.allocator()
        committed = Array(repeating: 0, count: channels.count)
        rows.reserveCapacity(state.pools.count)
        cells = Array(repeating: 0, count: state.pools.count * channels.count)
        unexposedUnits = Array(repeating: 0, count: state.pools.count)
        // Rows in the pools' own order: one pass, no lookups or sorting of 100,000 codes.
        for (code, pool) in state.pools {
            let row = rows.count
            rows[code] = row
            recompute(row: row, pool: pool)
        }
    }

    /// Brings the book up to date after `change` was applied to `state`.
    public mutating func update(after change: Change, in state: StockState) {
        switch change {
        case .channelAdded, .channelConfigured:
            self = AllocationBook(state: state)
        case .skuCreated(let sku):
            guard rows[sku.code] == nil else { return }
            rows[sku.code] = unexposedUnits.count
            cells.append(contentsOf: repeatElement(0, count: channels.count))
            unexposedUnits.append(0)
            recompute(row: unexposedUnits.count - 1, pool: state.pools[sku.code])
        default:
            guard let code = change.skuCode, let row = rows[code] else { return }
            recompute(row: row, pool: state.pools[code])
        }
    }

    public func allocation(of code: String, channel: Int) -> Int {
        guard let row = rows[code] else { return 0 }
        return Int(cells[row * channels.count + channel])
    }

    public func allocations(of code: String) -> [Int] {
        guard let row = rows[code] else { return Array(repeating: 0, count: channels.count) }
        return (0..<channels.count).map { Int(cells[row * channels.count + $0]) }
    }

    public func unexposed(of code: String) -> Int { rows[code].map { Int(unexposedUnits[$0]) } ?? 0 }

    /// Units offered to each channel over the whole catalogue.
    public var totals: [Int] {
        var sums = Array(repeating: 0, count: channels.count)
        guard !channels.isEmpty else { return sums }
        for (offset, units) in cells.enumerated() { sums[offset % channels.count] += Int(units) }
        return sums
    }

    private mutating func recompute(row: Int, pool: SKUPool?) {
        guard let pool else { return }
        let width = channels.count
        // Most SKUs have no open lines: zero the row instead of one hashed lookup per channel.
        for index in 0..<width { committed[index] = 0 }
        for (name, units) in pool.committedByChannel {
            if let index = channels.firstIndex(of: name) { committed[index] = Int32(clamping: units) }
        }
        let available = pool.stock.available
        let left = committed.withUnsafeBufferPointer { taken in
            cells.withUnsafeMutableBufferPointer { all in
                let slice = UnsafeMutableBufferPointer(rebasing: all[(row * width)..<(row * width + width)])
                return allocator.allocate(available: available, committed: pool.committedByChannel.isEmpty ? nil : taken, into: slice)
            }
        }
        unexposedUnits[row] = Int32(clamping: left)
    }

    public static func == (lhs: AllocationBook, rhs: AllocationBook) -> Bool {
        guard lhs.channels == rhs.channels, lhs.rows.keys.sorted() == rhs.rows.keys.sorted() else { return false }
        return lhs.rows.keys.allSatisfy { lhs.allocations(of: $0) == rhs.allocations(of: $0) && lhs.unexposed(of: $0) == rhs.unexposed(of: $0) }
    }
}
