/// The shipped lines a table gained since it was loaded (all of them when the store was opened by
/// replaying its journal): an open-addressing hash table. Keys are digests, already uniformly
/// mixed, so the low bits of `high` are the hash: no SipHash per shipment, which a `Dictionary`
/// paid on every insert and again on every element each time it grew.
///
/// Linear probing, load ≤ 3/4: with a slot per shipped line this table is, with the idempotency
/// index, most of what a store keeps per order line; at ≤ 1/2 it cost 48–96 bytes a line
/// (24-byte slots), at ≤ 3/4 it is 32–64. A slot whose entry has shipped 0 units is empty: every
/// line here came through `ShippedLineTable.recordShipment`, which adds at least one unit (and counts stop
/// at `UInt32.max` rather than wrap).
struct RecentShippedLines: Sendable {
    struct Slot: Sendable {
        var key: ShippedLineKey
        var entry: ShippedLineTable.Entry
    }

    private var slots = SlotBuffer<Slot>()
    private var mask = 0
    private(set) var count = 0

    init() {}

    var isEmpty: Bool { count == 0 }

    /// The slot holding `key`, or nil.
    func index(of key: ShippedLineKey) -> Int? {
        guard mask != 0 else { return nil }
        return slots.withUnsafeSlots { buffer in
            var index = Int(truncatingIfNeeded: key.high) & mask
            while true {
                let slot = buffer[index]
                if slot.entry.shipped == 0 { return nil }
                if slot.key == key { return index }
                index = (index + 1) & mask
            }
        }
    }

    func entry(at index: Int) -> ShippedLineTable.Entry { slots[index].entry }

    /// Reads the slot a lookup of `key` starts at; see `ShippedLineTable.touch`.
    func touch(_ key: ShippedLineKey) -> UInt64 {
        guard mask != 0 else { return 0 }
        return slots.withUnsafeSlots { buffer in
            UInt64(buffer[Int(truncatingIfNeeded: key.high) & mask].entry.shipped)
        }
    }

    mutating func setEntry(_ entry: ShippedLineTable.Entry, at index: Int) {
        slots.withUnsafeMutableSlots { $0[index].entry = entry }
    }

    /// Adds a line that is not in the table yet; `entry.shipped` must be at least 1.
    mutating func insert(_ key: ShippedLineKey, _ entry: ShippedLineTable.Entry) {
        if (count + 1) * 4 > (mask + 1) * 3 { rehash(max(16, (mask + 1) * 2)) }
        let mask = self.mask
        slots.withUnsafeMutableSlots { buffer in
            var index = Int(truncatingIfNeeded: key.high) & mask
            while buffer[index].entry.shipped != 0 { index = (index + 1) & mask }
            buffer[index] = Slot(key: key, entry: entry)
        }
        count += 1
    }

    /// Lays the table out for `wanted` lines at most 3/4 full, if it is smaller than that: adding
    /// up to `wanted` lines then never rehashes.
    mutating func reserveCapacity(_ wanted: Int) {
        var capacity = max(16, mask + 1)
        while wanted * 4 > capacity * 3 { capacity *= 2 }
        if capacity != mask + 1 { rehash(capacity) }
    }

    /// Slots in the table (tests see what `reserveCapacity` did).
    var capacity: Int { mask + 1 }

    /// Grows the slots in place and moves the lines where the new mask wants them: no second
    /// layout is held while the table grows (`SlotBuffer`, `InPlaceRehash`).
    private mutating func rehash(_ capacity: Int) {
        let filled = slots.count
        let emptyEntry = ShippedLineTable.Entry(sku: 0, shipped: 0, returned: 0)
        let empty = Slot(key: ShippedLineKey(high: 0, low: 0), entry: emptyEntry)
        slots.grow(to: capacity, empty: empty)
        mask = capacity - 1
        slots.withUnsafeMutableSlots { buffer in
            InPlaceRehash.rehash(
                buffer, filled: filled, empty: empty, isEmpty: { $0.entry.shipped == 0 },
                home: { Int(truncatingIfNeeded: $0.key.high) })
        }
    }

    /// Every line, in no particular order.
    func occupied() -> [Slot] {
        var result: [Slot] = []
        result.reserveCapacity(count)
        slots.withUnsafeSlots { buffer in
            for slot in buffer where slot.entry.shipped != 0 { result.append(slot) }
        }
        return result
    }

    /// Every line, ascending by key.
    func sortedByKey() -> [Slot] {
        var result = occupied()
        result.sort { (lhs: Slot, rhs: Slot) -> Bool in lhs.key < rhs.key }
        return result
    }
}
