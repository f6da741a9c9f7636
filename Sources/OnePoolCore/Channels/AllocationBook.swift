/// Every SKU's allocation to every channel, kept current event by event.
///
/// A flat table (SKU rows × channel columns of `Int32`) filled by `Allocator`: a full pass when
/// the channels or their rules change, otherwise only the row of the SKU an event touched — an
/// order line costs one row (a few channels), not a pass over the catalogue. Each row's inputs
/// (available, and each channel's open units) are kept beside it in flat arrays, so a rule change
/// reallocates the whole catalogue without looking a single SKU up.
public struct AllocationBook: Sendable, Equatable {
    /// Column order: channel names sorted (as `StockState.channelOrder`).
    public private(set) var channels: [ChannelName]
    private var allocator: Allocator
    private var rows: [SKUCode: Int] = [:]
    private var cells: [Int32] = []
    private var unexposedUnits: [Int32] = []
    /// Per row: available units, and each channel's committed units (rows × channels).
    private var available: [Int] = []
    private var committed: [Int32] = []
    /// Per row: whether any channel holds open lines (most SKUs: none).
    private var hasCommitted: [Bool] = []

    public init(state: StockState) {
        channels = state.channelOrder
        allocator = state.allocator()
        let count = state.pools.count
        rows.reserveCapacity(count)
        cells = Array(repeating: 0, count: count * channels.count)
        committed = Array(repeating: 0, count: count * channels.count)
        unexposedUnits = Array(repeating: 0, count: count)
        available = Array(repeating: 0, count: count)
        hasCommitted = Array(repeating: false, count: count)
        // Rows in the pools' own order: one pass, no lookups or sorting of 100,000 codes.
        for (code, pool) in state.pools {
            let row = rows.count
            rows[code] = row
            take(pool, row: row)
        }
        reallocateAll()
    }

    /// Brings the book up to date after `change` was applied to `state`.
    public mutating func update(after change: Change, in state: StockState) {
        switch change {
        case .channelAdded:
            self = AllocationBook(state: state)
        case .channelConfigured:
            reallocate(with: state.allocator())
        case .skuCreated(let sku):
            guard rows[sku.code] == nil, let pool = state.pools[sku.code] else { return }
            let row = unexposedUnits.count
            rows[sku.code] = row
            cells.append(contentsOf: repeatElement(0, count: channels.count))
            committed.append(contentsOf: repeatElement(0, count: channels.count))
            unexposedUnits.append(0)
            available.append(0)
            hasCommitted.append(false)
            take(pool, row: row)
            allocate(row: row)
        case .orderAmended:
            for code in state.skusMoved(by: change) { refresh(code, in: state) }
        default:
            // A bundle's order line moves its components' rows (`skusMoved`), not its own.
            guard let code = change.skuCode else { return }
            if state.bundles.isEmpty && state.bundles.componentsEverUsed(by: code).isEmpty {
                refresh(code, in: state)
            } else {
                for moved in state.skusMoved(by: change) { refresh(moved, in: state) }
            }
        }
    }

    private mutating func refresh(_ code: SKUCode, in state: StockState) {
        guard let row = rows[code], let pool = state.pools[code] else { return }
        take(pool, row: row)
        allocate(row: row)
    }

    /// Every row again under new rules (the channels are the same): the flat loop alone.
    public mutating func reallocate(with allocator: Allocator) {
        self.allocator = allocator
        reallocateAll()
    }

    public func allocation(of code: SKUCode, channel: Int) -> Int {
        guard let row = rows[code] else { return 0 }
        return Int(cells[row * channels.count + channel])
    }

    public func allocations(of code: SKUCode) -> [Int] {
        guard let row = rows[code] else { return Array(repeating: 0, count: channels.count) }
        return (0..<channels.count).map { Int(cells[row * channels.count + $0]) }
    }

    public func unexposed(of code: SKUCode) -> Int { rows[code].map { Int(unexposedUnits[$0]) } ?? 0 }

    /// Units offered to each channel over the whole catalogue.
    public var totals: [Int] {
        var sums = Array(repeating: 0, count: channels.count)
        guard !channels.isEmpty else { return sums }
        for (offset, units) in cells.enumerated() { sums[offset % channels.count] += Int(units) }
        return sums
    }

    /// Copies a SKU's inputs into its row.
    private mutating func take(_ pool: SKUPool, row: Int) {
        let width = channels.count
        available[row] = pool.stock.available
        let range = (row * width)..<(row * width + width)
        let channels = channels
        hasCommitted[row] = committed.withUnsafeMutableBufferPointer { all in
            pool.fillCommitted(channels: channels, into: UnsafeMutableBufferPointer(rebasing: all[range]))
        }
    }

    private mutating func allocate(row: Int) {
        let width = channels.count
        let range = (row * width)..<(row * width + width)
        let left = committed.withUnsafeBufferPointer { taken in
            cells.withUnsafeMutableBufferPointer { all in
                allocator.allocate(
                    available: available[row],
                    committed: hasCommitted[row] ? UnsafeBufferPointer(rebasing: taken[range]) : nil,
                    into: UnsafeMutableBufferPointer(rebasing: all[range]))
            }
        }
        unexposedUnits[row] = Int32(clamping: left)
    }

    private mutating func reallocateAll() {
        let width = channels.count
        let allocator = allocator
        let inputs = available
        let flags = hasCommitted
        let taken = committed
        // Work on moved-out copies (no nested borrows of `self`), then move them back.
        var table = cells
        var left = unexposedUnits
        cells = []
        unexposedUnits = []
        taken.withUnsafeBufferPointer { taken in
            table.withUnsafeMutableBufferPointer { table in
                for row in 0..<inputs.count {
                    let range = (row * width)..<(row * width + width)
                    let rest = allocator.allocate(
                        available: inputs[row],
                        committed: flags[row] ? UnsafeBufferPointer(rebasing: taken[range]) : nil,
                        into: UnsafeMutableBufferPointer(rebasing: table[range]))
                    left[row] = Int32(clamping: rest)
                }
            }
        }
        cells = table
        unexposedUnits = left
    }

    public static func == (lhs: AllocationBook, rhs: AllocationBook) -> Bool {
        guard lhs.channels == rhs.channels, lhs.rows.keys.sorted() == rhs.rows.keys.sorted() else { return false }
        return lhs.rows.keys.allSatisfy {
            lhs.allocations(of: $0) == rhs.allocations(of: $0) && lhs.unexposed(of: $0) == rhs.unexposed(of: $0)
        }
    }
}
