/// What returns need to remember: every shipped line's units (so a return is never more than
/// shipped, long after the line closed) and the returns still awaiting inspection.
///
/// Shipped lines are kept for every line that ever shipped: returns may come months later
/// (`ShippedLineTable` keeps them compactly). A bundle's return awaits inspection as its
/// components' units, each in its component's queue.
public struct ReturnsState: Hashable, Sendable {
    public internal(set) var shipped: ShippedLineTable
    /// Returns awaiting inspection per SKU, oldest first (inspection takes the oldest first).
    public internal(set) var awaiting: [SKUCode: [AwaitingReturn]]

    public init(shipped: ShippedLineTable = ShippedLineTable(), awaiting: [SKUCode: [AwaitingReturn]] = [:]) {
        self.shipped = shipped
        self.awaiting = awaiting
    }

    /// Units of `sku` awaiting inspection (they are part of its unsellable units).
    public func awaitingUnits(_ sku: SKUCode) -> Int {
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
    public func shippedLines(channel: ChannelName, order: String, sku: SKUCode, probe: Int = 200) -> [(
        Int, ShippedLine
    )] {
        var found: [(Int, ShippedLine)] = []
        for number in 1...max(1, probe) {
            if let line = shipped[OrderLineID(channel: channel, order: order, line: number)], line.sku == sku {
                found.append((number, line))
            }
        }
        return found
    }

    /// `components`: for a bundle line, what one unit of it took (nil for an ordinary SKU).
    mutating func recordShipment(_ id: OrderLineID, sku: SKUCode, units: Int, components: [BundleComponent]? = nil) {
        shipped.recordShipment(ShippedLineKey(id), sku: sku, units: units, components: components)
    }

    /// `recordShipment` with the line's key already worked out.
    mutating func recordShipment(_ key: ShippedLineKey, sku: SKUCode, units: Int) {
        shipped.recordShipment(key, sku: sku, units: units, components: nil)
    }

    /// A return counts against its line (a legacy return of a line never seen shipped has none).
    mutating func recordReturn(_ id: OrderLineID, units: Int) {
        shipped.recordReturn(ShippedLineKey(id), units: units)
    }

    /// A returned line awaits inspection: its own SKU's units, or for a bundle line the units of
    /// each component it took (`units` per component, in the line's component order), counted
    /// against the line in bundle units.
    mutating func arrive(_ line: ReturnedLine, as parts: [(sku: SKUCode, units: Int)]? = nil) {
        recordReturn(line.id, units: line.quantity)
        guard let parts else {
            awaiting[line.sku, default: []].append(AwaitingReturn(line: line, remaining: line.quantity))
            return
        }
        for part in parts where part.units > 0 {
            var own = line
            own.sku = part.sku
            own.quantity = part.units
            awaiting[part.sku, default: []].append(AwaitingReturn(line: own, remaining: part.units, bundle: line.sku))
        }
    }

    /// Takes `units` off the oldest returns of `sku` awaiting inspection.
    mutating func inspect(_ sku: SKUCode, units: Int) {
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

/// A line that shipped: its SKU, units shipped, and units returned so far (for a bundle line,
/// in bundle units), and for a bundle line the components one unit of it took.
public struct ShippedLine: Hashable, Sendable {
    public var sku: SKUCode
    public var shipped: Int
    public var returned: Int
    public var components: [BundleComponent]?

    public init(sku: SKUCode, shipped: Int, returned: Int, components: [BundleComponent]? = nil) {
        self.sku = sku
        self.shipped = shipped
        self.returned = returned
        self.components = components
    }

    /// Units that may still come back.
    public var returnable: Int { max(0, shipped - returned) }
}

/// A return awaiting inspection, and how many of its units are not inspected yet. The units
/// of a returned bundle await as each component's own: `line` then names the component and its
/// units, and `bundle` the bundle they came back in.
public struct AwaitingReturn: Hashable, Sendable {
    public var line: ReturnedLine
    public var remaining: Int
    public var bundle: SKUCode?

    public init(line: ReturnedLine, remaining: Int, bundle: SKUCode? = nil) {
        self.line = line
        self.remaining = remaining
        self.bundle = bundle
    }
}
