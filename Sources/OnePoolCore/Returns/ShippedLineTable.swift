/// The key of a shipped line: a 96-bit digest of its channel, order and line number (the same
/// two hashes as `IdempotencyDigest`), so the table keeps 12 bytes per line instead of two
/// strings. Stable across runs and machines: snapshots store it. A collision among ten million
/// shipped lines is about as likely as 1 in 10^15.
public struct ShippedLineKey: Hashable, Comparable, Sendable {
    public var high: UInt64
    public var low: UInt32

    public init(high: UInt64, low: UInt32) {
        self.high = high
        self.low = low
    }

    /// Hashes channel, a separator, order, a separator and the line number's 8 bytes, without
    /// building a string (this runs for every shipment the fold sees).
    public init(_ id: OrderLineID) {
        var fnv: UInt64 = 0xcbf2_9ce4_8422_2325
        var mix: UInt64 = 0x9e37_79b9_7f4a_7c15
        var count: UInt64 = 0
        func take(_ byte: UInt8) {
            fnv = (fnv ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            mix = (mix &+ UInt64(byte)) &* 0xff51_afd7_ed55_8ccd
            mix ^= mix >> 29
            count &+= 1
        }
        for byte in id.channel.rawValue.utf8 { take(byte) }
        take(0x1F)
        for byte in id.order.utf8 { take(byte) }
        take(0x1F)
        var number = UInt64(bitPattern: Int64(id.line))
        for _ in 0..<8 {
            take(UInt8(truncatingIfNeeded: number))
            number >>= 8
        }
        high = IdempotencyDigest.finalize(fnv ^ count)
        low = UInt32(truncatingIfNeeded: IdempotencyDigest.finalize(mix &+ 0x632b_e59b_d9b4_e019))
    }

    // `high` is already well mixed: hashing it alone is enough and cheaper than both words.
    public func hash(into hasher: inout Hasher) { hasher.combine(high) }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }
}

/// Every line that ever shipped, compactly: a return may come months later, so the table grows
/// with the store's whole history and is read back on every open.
///
/// Each line is its key's digest (`ShippedLineKey`), its SKU as a number into `skuCodes`, and
/// its units shipped and returned (28 bytes with the table's own overhead, against ~120 and two
/// heap strings when it was keyed by `OrderLineID`). A bundle line also keeps the components
/// (per bundle unit) its units took, so a return gives back exactly those however the bundle
/// is defined by then; ordinary lines keep none.
public struct ShippedLineTable: Hashable, Sendable {
    /// The stored counts. Units beyond `UInt32.max` (no real line comes near: one line's
    /// quantity is within `Bounds.skuUnits`) stop there rather than trap.
    public struct Entry: Hashable, Sendable {
        public var sku: UInt32
        public var shipped: UInt32
        public var returned: UInt32

        public init(sku: UInt32, shipped: UInt32, returned: UInt32) {
            self.sku = sku
            self.shipped = shipped
            self.returned = returned
        }
    }

    public private(set) var entries: [ShippedLineKey: Entry] = [:]
    /// The components each bundle line took (per bundle unit), for bundle lines only.
    public private(set) var components: [ShippedLineKey: [BundleComponent]] = [:]
    /// SKU codes by number, in the order first seen (the numbering is the table's own: two equal
    /// tables may number alike SKUs differently, so equality compares codes).
    public private(set) var skuCodes: [SKUCode] = []
    private var skuNumbers: [SKUCode: UInt32] = [:]

    public init() {}

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    /// The line `id` as shipped, if it ever shipped.
    public subscript(id: OrderLineID) -> ShippedLine? { self[ShippedLineKey(id)] }

    public subscript(key: ShippedLineKey) -> ShippedLine? {
        guard let entry = entries[key] else { return nil }
        return line(entry, components: components.isEmpty ? nil : components[key])
    }

    private func line(_ entry: Entry, components: [BundleComponent]?) -> ShippedLine {
        ShippedLine(
            sku: skuCodes[Int(entry.sku)], shipped: Int(entry.shipped), returned: Int(entry.returned),
            components: components)
    }

    /// The number of `sku` in `skuCodes`, added if new.
    public mutating func number(of sku: SKUCode) -> UInt32 {
        if let number = skuNumbers[sku] { return number }
        let number = UInt32(truncatingIfNeeded: skuCodes.count)
        skuCodes.append(sku)
        skuNumbers[sku] = number
        return number
    }

    /// Adds `units` shipped of line `key` (new, or shipped in part before). A bundle line's
    /// components are kept from its first shipment: a line keeps the recipe it was sold under.
    public mutating func recordShipment(_ key: ShippedLineKey, sku: SKUCode, units: Int, components: [BundleComponent]?)
    {
        guard units > 0 else { return }
        if let index = entries.index(forKey: key) {
            entries.values[index].shipped = Self.sum(entries.values[index].shipped, units)
        } else {
            entries[key] = Entry(sku: number(of: sku), shipped: Self.sum(0, units), returned: 0)
            if let components { self.components[key] = components }
        }
    }

    /// Counts `units` returned against line `key` (nothing if it never shipped: a legacy return).
    public mutating func recordReturn(_ key: ShippedLineKey, units: Int) {
        guard let index = entries.index(forKey: key) else { return }
        entries.values[index].returned = Self.sum(entries.values[index].returned, units)
    }

    /// Puts a line back as a snapshot stored it.
    public mutating func restore(_ key: ShippedLineKey, sku: UInt32, shipped: UInt32, returned: UInt32) {
        entries[key] = Entry(sku: sku, shipped: shipped, returned: returned)
    }

    public mutating func restoreComponents(_ key: ShippedLineKey, _ parts: [BundleComponent]) {
        components[key] = parts
    }

    public mutating func reserveCapacity(_ count: Int) { entries.reserveCapacity(count) }

    /// `a + b` within 0…`UInt32.max` (a hostile journal never traps the fold).
    static func sum(_ a: UInt32, _ b: Int) -> UInt32 {
        let (total, overflow) = Int(a).addingReportingOverflow(b)
        return overflow ? UInt32.max : UInt32(clamping: total)
    }

    /// The same lines with the same SKU codes, counts and components (numbering aside).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        guard lhs.entries.count == rhs.entries.count, lhs.components == rhs.components else { return false }
        for (key, entry) in lhs.entries {
            guard let other = rhs.entries[key], other.shipped == entry.shipped, other.returned == entry.returned,
                lhs.skuCodes[Int(entry.sku)] == rhs.skuCodes[Int(other.sku)]
            else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries.count)
        hasher.combine(components.count)
    }
}
