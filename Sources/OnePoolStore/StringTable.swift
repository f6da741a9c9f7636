/// Short strings decoded recently, so that the few SKU codes and channel names that every order
/// event repeats are made once, instead of being validated and built again for each event.
///
/// Direct-mapped: each string of up to 16 UTF-8 bytes has one slot, chosen by a hash of its
/// bytes; a different string with the same slot replaces it. A hit compares the bytes exactly,
/// so the result is always the `String` that `String(decoding:as:)` makes of those bytes.
/// Used by one thread at a time (a replay window's decoder).
struct StringTable {
    private struct Slot {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var count = -1
        var string = ""
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
        var words: (low: UInt64, high: UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: utf8) }
        var hash = (words.low ^ UInt64(utf8.count)) &* 0x9e37_79b9_7f4a_7c15
        hash = (hash ^ words.high ^ (hash >> 29)) &* 0xbf58_476d_1ce4_e5b9
        let index = Int(truncatingIfNeeded: hash >> 32) & mask
        return slots.withUnsafeMutableBufferPointer { slots in
            if slots[index].count == utf8.count && slots[index].low == words.low && slots[index].high == words.high {
                return slots[index].string
            }
            let made = String(decoding: utf8, as: UTF8.self)
            slots[index] = Slot(low: words.low, high: words.high, count: utf8.count, string: made)
            return made
        }
    }
}
