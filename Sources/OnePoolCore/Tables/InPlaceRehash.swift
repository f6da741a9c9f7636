/// Lays a linear-probing table out for a larger mask in the memory it already has: after its
/// slots grew in place (`SlotBuffer.grow`), the entries in the old part are moved to where the
/// new mask wants them, with no second layout (only a bit per slot).
///
/// The method is the one Abseil's Swiss table uses to rehash without growing: each entry starts
/// "pending", and the slots are visited in order. A pending entry goes to the first slot along its
/// probe that is not yet "placed": the slot it sits in (it is placed there), an empty one (it
/// moves there), or one holding another pending entry (they swap, and the other is carried on in
/// the visited slot). Why the result is a valid table: an entry is placed only at the first
/// not-placed slot of its probe, so every slot between its home and its slot is placed; a placed
/// slot stays placed, and a slot is emptied only when its pending entry moves out, which no placed
/// entry's probe can pass (that probe would have stopped there). So every placed entry is found
/// by probing from its home without crossing an empty slot. Each swap places one entry, so it
/// ends, in time linear in the slots on average.
enum InPlaceRehash {
    /// Rehashes `slots` (a power-of-two count) whose entries all lie in the first `filled` slots,
    /// the rest empty. `home` is an entry's hash (masked here); `isEmpty` tells an empty slot.
    @inline(__always)  // so that `isEmpty` and `home` inline: they run for every slot
    static func rehash<Slot>(
        _ slots: UnsafeMutableBufferPointer<Slot>, filled: Int, empty: Slot,
        isEmpty: (Slot) -> Bool, home: (Slot) -> Int
    ) {
        let capacity = slots.count
        precondition(capacity > 0 && capacity & (capacity - 1) == 0, "a table's slots are a power of two")
        precondition(filled >= 0 && filled <= capacity, "filled slots within the table")
        let mask = capacity - 1
        let pending = PendingBits(count: capacity)
        defer { pending.deallocate() }
        for index in 0..<filled where !isEmpty(slots[index]) { pending.set(index) }
        for index in 0..<filled {
            while pending.contains(index) {
                let entry = slots[index]
                var target = home(entry) & mask
                // The first slot not yet placed: empty, pending, or `index` itself (pending).
                while !isEmpty(slots[target]) && !pending.contains(target) { target = (target + 1) & mask }
                if target == index {
                    pending.clear(index)
                } else if isEmpty(slots[target]) {
                    slots[target] = entry
                    slots[index] = empty
                    pending.clear(index)
                } else {
                    slots[index] = slots[target]
                    slots[target] = entry
                    pending.clear(target)
                }
            }
        }
    }

    /// One bit per slot: set while the slot holds an entry not yet placed. (Unchecked reads:
    /// every index is a slot's, below `count`; the rehash of a large table is on an import's path.)
    private struct PendingBits {
        private var words: UnsafeMutableBufferPointer<UInt64>

        init(count: Int) {
            words = .allocate(capacity: (count + 63) / 64)
            words.initialize(repeating: 0)
        }

        func deallocate() { words.deallocate() }

        @inline(__always) func contains(_ index: Int) -> Bool {
            words[index >> 6] & (1 << UInt64(index & 63)) != 0
        }
        @inline(__always) func set(_ index: Int) { words[index >> 6] |= 1 << UInt64(index & 63) }
        @inline(__always) func clear(_ index: Int) { words[index >> 6] &= ~(1 << UInt64(index & 63)) }
    }
}
