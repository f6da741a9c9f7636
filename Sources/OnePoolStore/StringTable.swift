import OnePoolCore

/// Short strings decoded recently, so that the few SKU codes and channel names that every order
/// event repeats — and an order's id, which its other lines and its shipments repeat soon after —
/// are made once, instead of being validated and built again for each event.
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

    /// `size` must be a power of two; at least two slots (one pair) are kept.
    /// 4,096 slots: a catalogue of a few hundred codes hits on nearly every event (2,048 pairs;
    /// 300 codes leave about 3 sharing a pair with two others).
    init(size: Int = 4096) {
        let count = max(2, size)
        slots = [Slot](repeating: Slot(), count: count)
        mask = count - 1
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

    /// The (at most 16) bytes as two little-endian words, zero-padded: read with a few loads that
    /// stay inside the bytes (a `copyMemory` into a zeroed pair was a `memcpy` call per lookup).
    @inline(__always)
    static func words(_ utf8: UnsafeRawBufferPointer) -> (low: UInt64, high: UInt64) {
        let count = utf8.count
        guard count > 0, let start = utf8.baseAddress else { return (0, 0) }
        if count > 8 {
            let low = UInt64(littleEndian: start.loadUnaligned(as: UInt64.self))
            let last = UInt64(littleEndian: start.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
            return (low, last &>> UInt64(8 * (16 - count)))
        }
        if count >= 4 {
            // Two four-byte loads that overlap when `count` < 8: the shared bytes land in the same
            // place either way.
            let first = UInt64(UInt32(littleEndian: start.loadUnaligned(as: UInt32.self)))
            let last = UInt64(UInt32(littleEndian: start.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
            return (first | (last &<< UInt64(8 * (count - 4))), 0)
        }
        let first = UInt64(start.load(as: UInt8.self))
        let middle = UInt64(start.load(fromByteOffset: count / 2, as: UInt8.self))
        let last = UInt64(start.load(fromByteOffset: count - 1, as: UInt8.self))
        return (first | (middle &<< UInt64(8 * (count / 2))) | (last &<< UInt64(8 * (count - 1))), 0)
    }

    /// Runs `body` on the slot holding `utf8` (at most 16 bytes), filled with its string first if
    /// it held another.
    @inline(__always)
    private mutating func withSlot<Result>(
        _ utf8: UnsafeRawBufferPointer, _ body: (inout Slot) -> Result
    ) -> Result {
        let words = Self.words(utf8)
        // Every byte reaches the slot number (MurmurHash3's finalizer): codes such as SKU-0000 to
        // SKU-0299 differ in a byte or two, and a weaker mix put three or four of them on one
        // pair of slots, where each pushed the others out in turn.
        var hash = words.low ^ (words.high &* 0x9e37_79b9_7f4a_7c15) ^ UInt64(utf8.count)
        hash = (hash ^ (hash &>> 33)) &* 0xff51_afd7_ed55_8ccd
        hash = (hash ^ (hash &>> 33)) &* 0xc4ce_b9fe_1a85_ec53
        hash ^= hash &>> 33
        let first = Int(truncatingIfNeeded: hash) & mask
        let second = first ^ 1
        return slots.withUnsafeMutableBufferPointer { slots in
            // No local function comparing a slot: capturing `slots` in one made every comparison
            // a run-time exclusivity check.
            guard let slot = slots.baseAddress else {
                // A table has at least one slot; an empty one would only fail to remember.
                var alone = Slot(
                    low: words.low, high: words.high, count: utf8.count, string: String(decoding: utf8, as: UTF8.self))
                return body(&alone)
            }
            if slot[first].count == utf8.count && slot[first].low == words.low && slot[first].high == words.high {
                return body(&slot[first])
            }
            if slot[second].count == utf8.count && slot[second].low == words.low && slot[second].high == words.high {
                return body(&slot[second])
            }
            // Neither way holds it: the string in the first slot moves to the second (evicting
            // the one there), and the new one takes the first.
            swap(&slot[first], &slot[second])
            slot[first] = Slot(
                low: words.low, high: words.high, count: utf8.count, string: String(decoding: utf8, as: UTF8.self))
            return body(&slot[first])
        }
    }
}
