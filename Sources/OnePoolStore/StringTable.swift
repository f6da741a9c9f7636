import OnePoolCore

/// Short strings decoded recently, so that the few SKU codes and channel names that every order
/// event repeats are made once, instead of being validated and built again for each event.
///
/// Two-way: each string of up to 16 UTF-8 bytes has a pair of slots, chosen by a hash of its
/// bytes. A string in neither takes the first slot, whose string moves to the second (evicting
/// the one there). Direct-mapped, a catalogue of 300 SKUs missed on a fifth of its order events:
/// codes sharing a slot evicted each other in turn. A hit compares the bytes exactly, so the
/// result is always the `String` that `String(decoding:as:)` makes of those bytes.
/// Used by one thread at a time (a replay window's decoder).
///
/// A slot also keeps the `SKUCode` made of its string, once one is asked for (`sku(_:)`), so that
/// the code's stored hash is worked out once per slot rather than once per event.
struct StringTable {
    private struct Slot {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var count = -1
        var string = ""
        var sku: SKUCode? = nil
    }

    private var slots: [Slot]
    private let mask: Int

    /// `size` must be a power of two.
    init(size: Int = 1024) {
        slots = [Slot](repeating: Slot(), count: size)
        mask = size - 1
    }

    mutating func string(_ utf8: UnsafeRawBufferPointer) -> String {
        guard utf8.count <= 16 else { return String(decoding: utf8, as: UTF8.self) }
        return withSlot(utf8) { $0.string }
    }

    /// `SKUCode(string(utf8))`, the code itself kept in the slot with its string.
    mutating func sku(_ utf8: UnsafeRawBufferPointer) -> SKUCode {
        guard utf8.count <= 16 else { return SKUCode(String(decoding: utf8, as: UTF8.self)) }
        return withSlot(utf8) { slot in
            if let sku = slot.sku { return sku }
            let made = SKUCode(slot.string)
            slot.sku = made
            return made
        }
    }

    /// Runs `body` on the slot holding `utf8` (at most 16 bytes), filled with its string first if
    /// it held another.
    @inline(__always)
    private mutating func withSlot<Result>(
        _ utf8: UnsafeRawBufferPointer, _ body: (inout Slot) -> Result
    ) -> Result {
        var words: (low: UInt64, high: UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: utf8) }
        var hash = (words.low ^ UInt64(utf8.count)) &* 0x9e37_79b9_7f4a_7c15
        hash = (hash ^ words.high ^ (hash >> 29)) &* 0xbf58_476d_1ce4_e5b9
        let first = Int(truncatingIfNeeded: hash >> 32) & mask
        return slots.withUnsafeMutableBufferPointer { slots in
            func holds(_ index: Int) -> Bool {
                slots[index].count == utf8.count && slots[index].low == words.low && slots[index].high == words.high
            }
            if holds(first) { return body(&slots[first]) }
            let second = first ^ 1
            if holds(second) { return body(&slots[second]) }
            // Neither way holds it: the older string moves to the second way, the new one takes the
            // first, so a string leaves only when two newer ones share its pair of slots.
            slots.swapAt(first, second)
            let made = String(decoding: utf8, as: UTF8.self)
            slots[first] = Slot(low: words.low, high: words.high, count: utf8.count, string: made)
            return body(&slots[first])
        }
    }
}
