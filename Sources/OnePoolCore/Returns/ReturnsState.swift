/// What returns need to remember: every shipped line's units (so a return is never more than
/// shipped, long after the line closed) and the returns still awaiting inspection.
///
/// Shipped lines are kept for every line that ever shipped: returns may come months later.
/// Each entry is the line id, the SKU (inline for codes up to 15 bytes) and two counts.
public struct ReturnsState: Hashable, Sendable {
    public internal(set) var shipped: [OrderLineID: ShippedLine]
    /// Returns awaiting inspection per SKU, oldest first (inspection takes the oldest first).
    public internal(set) var awaiting: [String: [AwaitingReturn]]

    public init(shipped: [OrderLineID: ShippedLine] = [:], awaiting: [String: [AwaitingReturn]] = [:]) {
        self.shipped = shipped
        self.awaiting = awaiting
    }

    /// Units of `sku` awaiting inspection (they are part of its unsellable units).
    public func awaitingUnits(_ sku: String) -> Int {
        (awaiting[sku] ?? []).reduce(0) { Self.sum($0, $1.remaining) }
    }

    /// Every return awaiting inspection, oldest first (then by line, for a stable order).
    public var awaitingQueue: [AwaitingReturn] {
        awaiting.values.flatMap { $0 }.sorted {
            ($0.line.time, $0.line.id.channel, $0.line.id.order, $0.line.id.line, $0.line.returnID)
                < ($1.line.time, $1.line.id.channel, $1.line.id.order, $1.line.id.line, $1.line.returnID)
        }
    }

    /// The shipped lines of one order with `sku`, in line order: where a return that names no
    /// line goes. Looks lines up by number (1…`probe`), so it costs `probe` hash lookups rather
    /// than a scan of every shipped line.
    public func shippedLines(channel: String, order: String, sku: String, probe: Int = 200) -> [(Int, ShippedLine)] {
        var found: [(Int, ShippedLine)] = []
        for number in 1...max(1, probe) {
            if let line = shipped[OrderLineID(channel: channel, order: order, line: number)], line.sku == sku {
                found.append((number, line))
            }
        }
        return found
    }

    mutating func recordShipment(_ id: OrderLineID, sku: String, units: Int) {
        guard units > 0 else { return }
        if let index = shipped.index(forKey: id) {
            shipped.values[index].shipped = Self.sum(shipped.values[index].shipped, units)
        } else {
            shipped[id] = ShippedLine(sku: sku, shipped: units, returned: 0)
        }
    }

    /// A return counts against its line (a legacy return of a line never seen shipped has none).
    mutating func recordReturn(_ id: OrderLineID, units: Int) {
        guard let index = shipped.index(forKey: id) else { return }
        shipped.values[index].returned = Self.sum(shipped.values[index].returned, units)
    }

    mutating func arrive(_ line: ReturnedLine) {
        recordReturn(line.id, units: line.quantity)
        awaiting[line.sku, default: []].append(AwaitingReturn(line: line, remaining: line.quantity))
    }

    /// Takes `units` off the oldest returns of `sku` awaiting inspection.
    mutating func inspect(_ sku: String, units: Int) {
        guard var queue = awaiting[sku] else { return }
        var left = units
        while left > 0, !queue.isEmpty {
            let taken = min(left, queue[0].remaining)
            left -= taken
            queue[0].remaining -= taken
            if queue[0].remaining <= 0 { queue.removeFirst() }
        }
        awaiting[sku] = queue.isEmpty ? nil : queue
    }

    /// `a + b` stopping at `Bounds.heldQuantityLimit` (a hostile journal never traps the fold).
    static func sum(_ a: Int, _ b: Int) -> Int {
        let (total, overflow) = a.addingReportingOverflow(b)
        return overflow ? Bounds.heldQuantityLimit : Bounds.held(total)
    }
}

/// A line that shipped: its SKU, units shipped, and units returned so far.
public struct ShippedLine: Hashable, Sendable {
    public var sku: String
    public var shipped: Int
    public var returned: Int

    public init(sku: String, shipped: Int, returned: Int) {
        self.sku = sku
        self.shipped = shipped
        self.returned = returned
    }

    /// Units that may still come back.
    public var returnable: Int { max(0, shipped - returned) }
}

/// A return awaiting inspection, and how many of its units are not inspected yet.
public struct AwaitingReturn: Hashable, Sendable {
    public var line: ReturnedLine
    public var remaining: Int

    public init(line: ReturnedLine, remaining: Int) {
        self.line = line
        self.remaining = remaining
    }
}
