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
    /// building a string (this runs for every shipment the fold sees). The strings' bytes are read
    /// from their contiguous storage: iterating `utf8` element by element cost several times more.
    /// `utf8.withContiguousStorageIfAvailable` reads them where they are (a short string's bytes
    /// from its own word); `withUTF8` needs a mutable copy of each string (retained, released).
    public init(_ id: OrderLineID) {
        let key = id.channel.rawValue.utf8.withContiguousStorageIfAvailable { channel in
            id.order.utf8.withContiguousStorageIfAvailable { order in
                Self(
                    channelUTF8: UnsafeRawBufferPointer(channel), orderUTF8: UnsafeRawBufferPointer(order),
                    line: id.line)
            }
        }
        if let key = key ?? nil {
            self = key
            return
        }
        // Strings without contiguous UTF-8 (bridged ones; none on Linux) are made native first.
        var channel = id.channel.rawValue
        var order = id.order
        self = channel.withUTF8 { channelBytes in
            order.withUTF8 { orderBytes in
                Self(
                    channelUTF8: UnsafeRawBufferPointer(channelBytes), orderUTF8: UnsafeRawBufferPointer(orderBytes),
                    line: id.line)
            }
        }
    }

    /// `init(_: OrderLineID)` from the UTF-8 of the id's channel and order (what `String` keeps
    /// of them): replay reads them from the journal's bytes and makes no string for the key.
    public init(channelUTF8 channel: UnsafeRawBufferPointer, orderUTF8 order: UnsafeRawBufferPointer, line: Int) {
        self = Prefix(channelUTF8: channel, orderUTF8: order).key(line: line)
    }

    /// The first part of `init(channelUTF8:orderUTF8:line:)`: the hashing of the channel and
    /// order, which the keys of every line of one order share. Replay keeps it with the order
    /// id (`StringTable` in the store), so the second shipment of an order hashes only its line.
    public struct Prefix: Sendable {
        fileprivate var hashing = KeyHashing()
        /// The bytes of the two strings.
        fileprivate var count: Int

        public init(channelUTF8 channel: UnsafeRawBufferPointer, orderUTF8 order: UnsafeRawBufferPointer) {
            hashing.take(channel)
            hashing.take(0x1F)
            hashing.take(order)
            hashing.take(0x1F)
            count = channel.count &+ order.count
        }

        /// The key of line `line` of this channel's order.
        @inline(__always)
        public func key(line: Int) -> ShippedLineKey {
            var hashing = self.hashing
            var number = UInt64(bitPattern: Int64(line))
            for _ in 0..<8 {
                hashing.take(UInt8(truncatingIfNeeded: number))
                number >>= 8
            }
            // The bytes taken: both strings, two separators, the line number's eight.
            let taken = UInt64(truncatingIfNeeded: count &+ 10)
            return ShippedLineKey(
                high: IdempotencyDigest.finalize(hashing.fnv ^ taken),
                low: UInt32(truncatingIfNeeded: IdempotencyDigest.finalize(hashing.mix &+ 0x632b_e59b_d9b4_e019)))
        }
    }

    /// The two running hashes of `init(channelUTF8:orderUTF8:line:)`. (The count of bytes taken
    /// is known from the lengths, so it is not kept byte by byte.)
    fileprivate struct KeyHashing {
        var fnv: UInt64 = 0xcbf2_9ce4_8422_2325
        var mix: UInt64 = 0x9e37_79b9_7f4a_7c15

        @inline(__always)
        mutating func take(_ byte: UInt8) {
            fnv = (fnv ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            mix = (mix &+ UInt64(byte)) &* 0xff51_afd7_ed55_8ccd
            mix ^= mix >> 29
        }

        @inline(__always)
        mutating func take(_ bytes: UnsafeRawBufferPointer) {
            for byte in bytes { take(byte) }
        }
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
/// its units shipped and returned (28 bytes, against ~120 and two heap strings when it was keyed
/// by `OrderLineID`). A bundle line also keeps the components (per bundle unit) its units took,
/// so a return gives back exactly those however the bundle is defined by then; ordinary lines
/// keep none.
///
/// The lines a snapshot held stay as it stored them, ascending by key, in two arrays (loading is
/// a copy, not a million hash insertions), found through `SortedRuns`; lines shipped since go
/// into `recent`. A key is in one part or the other, never both. Equality and hashing are on
/// the lines, not on which part holds them.
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

    /// The loaded lines' keys, strictly ascending, and their entries at the same positions.
    private var sortedKeys: [ShippedLineKey] = []
    private var sortedEntries: [Entry] = []
    /// Where to look in `sortedKeys`; made again whenever the keys are replaced.
    private var runs = SortedRuns(count: 0) { _ in 0 }
    private var recent = RecentShippedLines()
    /// The components each bundle line took (per bundle unit), for bundle lines only.
    public private(set) var components: [ShippedLineKey: [BundleComponent]] = [:]
    /// SKU codes by number, in the order first seen (the numbering is the table's own: two equal
    /// tables may number alike SKUs differently, so equality compares codes).
    public private(set) var skuCodes: [SKUCode] = []
    private var skuNumbers: [SKUCode: UInt32] = [:]

    public init() {}

    public var count: Int { sortedKeys.count + recent.count }
    public var isEmpty: Bool { count == 0 }

    /// The line `id` as shipped, if it ever shipped.
    public subscript(id: OrderLineID) -> ShippedLine? { self[ShippedLineKey(id)] }

    public subscript(key: ShippedLineKey) -> ShippedLine? {
        guard let entry = entry(for: key) else { return nil }
        return line(entry, components: components.isEmpty ? nil : components[key])
    }

    /// The stored counts of line `key`, if it ever shipped.
    public func entry(for key: ShippedLineKey) -> Entry? {
        if let index = recent.index(of: key) { return recent.entry(at: index) }
        if let index = sortedIndex(of: key) { return sortedEntries[index] }
        return nil
    }

    /// Reads the memory a lookup of `key` will look at first, returning a value to discard. With
    /// hundreds of thousands of lines each lookup misses the cache; replay touches the lines of a
    /// few dozen events before applying them, so that those misses overlap (as with
    /// `StockState.touchIdempotency`).
    public func touch(_ key: ShippedLineKey) -> UInt64 {
        var touched = recent.touch(key)
        if !sortedKeys.isEmpty {
            let (low, high) = runs.range(ofHigh: key.high)
            if low < high { touched ^= sortedKeys[low].high }
        }
        return touched
    }

    private func line(_ entry: Entry, components: [BundleComponent]?) -> ShippedLine {
        ShippedLine(
            sku: skuCodes[Int(entry.sku)], shipped: Int(entry.shipped), returned: Int(entry.returned),
            components: components)
    }

    /// The most lines `reserveCapacity(forMore:)` makes room for at once (a table of 2M slots,
    /// 48 MiB): an estimate larger than that is not trusted, and the table grows as lines come.
    public static let largestReservation = 1 << 20

    /// Makes room for `more` shipped lines beyond those held since loading (at most
    /// `largestReservation`), so that adding them does not lay the table out anew at each
    /// doubling: replay estimates how many shipments its journal holds, as it does for keys
    /// (`IdempotencyIndex.reserveCapacity(forMore:)`). Changes no line and no answer.
    public mutating func reserveCapacity(forMore more: Int) {
        recent.reserveCapacity(recent.count + min(max(0, more), Self.largestReservation))
    }

    /// Slots in the table of lines shipped since loading (tests see what reserving did).
    var recentCapacity: Int { recent.capacity }

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
        if let index = recent.index(of: key) {
            var entry = recent.entry(at: index)
            entry.shipped = Self.sum(entry.shipped, units)
            recent.setEntry(entry, at: index)
            return
        }
        if let index = sortedIndex(of: key) {
            sortedEntries[index].shipped = Self.sum(sortedEntries[index].shipped, units)
            return
        }
        // At least one unit: `recent` takes a line with none shipped for an empty slot.
        let entry = Entry(sku: number(of: sku), shipped: Self.sum(0, units), returned: 0)
        recent.insert(key, entry)
        if let components { self.components[key] = components }
    }

    /// Counts `units` returned against line `key` (nothing if it never shipped: a legacy return).
    public mutating func recordReturn(_ key: ShippedLineKey, units: Int) {
        if let index = recent.index(of: key) {
            var entry = recent.entry(at: index)
            entry.returned = Self.sum(entry.returned, units)
            recent.setEntry(entry, at: index)
            return
        }
        if let index = sortedIndex(of: key) {
            sortedEntries[index].returned = Self.sum(sortedEntries[index].returned, units)
        }
    }

    /// Puts back the lines a snapshot stored, ascending by key, into a table that has its SKU
    /// codes (`number(of:)`) and no lines yet. Returns false, changing nothing, unless the keys
    /// are strictly ascending, each key has an entry, and each entry's SKU is a number the table
    /// has: a snapshot written by `forEachByKey` always is, and one that is not was not written
    /// by this store.
    public mutating func restoreLines(keys: [ShippedLineKey], entries: [Entry]) -> Bool {
        guard isEmpty, keys.count == entries.count else { return false }
        guard Self.isStrictlyAscending(keys) else { return false }
        let codeCount = skuCodes.count
        for entry in entries where Int(entry.sku) >= codeCount { return false }
        sortedKeys = keys
        sortedEntries = entries
        runs = SortedRuns(count: keys.count) { (index: Int) -> UInt64 in keys[index].high }
        return true
    }

    private static func isStrictlyAscending(_ keys: [ShippedLineKey]) -> Bool {
        var index = 1
        while index < keys.count {
            if !(keys[index - 1] < keys[index]) { return false }
            index += 1
        }
        return true
    }

    public mutating func restoreComponents(_ key: ShippedLineKey, _ parts: [BundleComponent]) {
        components[key] = parts
    }

    /// Every line ascending by key (what a snapshot stores): the loaded lines merged with the
    /// recent ones, which are sorted here.
    public func forEachByKey(_ body: (ShippedLineKey, Entry) throws -> Void) rethrows {
        let fresh = recent.sortedByKey()
        var i = 0
        var j = 0
        while i < sortedKeys.count && j < fresh.count {
            if sortedKeys[i] < fresh[j].key {
                try body(sortedKeys[i], sortedEntries[i])
                i += 1
            } else {
                try body(fresh[j].key, fresh[j].entry)
                j += 1
            }
        }
        while i < sortedKeys.count {
            try body(sortedKeys[i], sortedEntries[i])
            i += 1
        }
        while j < fresh.count {
            try body(fresh[j].key, fresh[j].entry)
            j += 1
        }
    }

    /// The position of `key` among the loaded lines.
    private func sortedIndex(of key: ShippedLineKey) -> Int? {
        if sortedKeys.isEmpty { return nil }
        var (low, high) = runs.range(ofHigh: key.high)
        while low < high {
            let middle = (low + high) / 2
            let value = sortedKeys[middle]
            if value == key { return middle }
            if value < key { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// `a + b` within 0…`UInt32.max` (a hostile journal never traps the fold).
    static func sum(_ a: UInt32, _ b: Int) -> UInt32 {
        let (total, overflow) = Int(a).addingReportingOverflow(b)
        return overflow ? UInt32.max : UInt32(clamping: total)
    }

    /// The same lines with the same SKU codes, counts and components (numbering and which part
    /// holds a line aside). Keys are unique within a table, so with equal counts it is enough
    /// that each of one side's lines is on the other.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        guard lhs.count == rhs.count else { return false }
        guard lhs.components == rhs.components else { return false }
        return lhs.eachLineIsIn(rhs)
    }

    private func eachLineIsIn(_ other: ShippedLineTable) -> Bool {
        for index in sortedKeys.indices {
            if !other.holds(sortedKeys[index], sortedEntries[index], codes: skuCodes) { return false }
        }
        for slot in recent.occupied() {
            if !other.holds(slot.key, slot.entry, codes: skuCodes) { return false }
        }
        return true
    }

    /// Whether this table has line `key` with `entry`'s counts and SKU (`entry.sku` numbered in
    /// `codes`).
    private func holds(_ key: ShippedLineKey, _ entry: Entry, codes: [SKUCode]) -> Bool {
        guard let mine = self.entry(for: key) else { return false }
        if mine.shipped != entry.shipped { return false }
        if mine.returned != entry.returned { return false }
        let myCode: SKUCode = skuCodes[Int(mine.sku)]
        let theirCode: SKUCode = codes[Int(entry.sku)]
        return myCode == theirCode
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        hasher.combine(components.count)
    }
}
