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
/// the code's stored hash is worked out once per slot rather than once per event; likewise the
/// `HashedText` of an order id (`order(_:)`), so that the lines of an order and their shipments
/// hash its text once.
///
/// The slots are memory the table owns rather than an `Array`: every lookup through an array
/// inside a value behind a pointer paid a uniqueness check and bounds checks.
struct StringTable: ~Copyable {
    private struct Slot {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var count = -1
        var string = ""
        var sku: SKUCode? = nil
        var order: HashedText? = nil
        var shipped: ShippedPrefix? = nil
    }

    /// The shipped-line key's hashing of this slot's order on one channel (given by its words, as
    /// a slot's string is), or nil for a channel or order not all ASCII (their keys are hashed
    /// from the strings made of them: see `EventCodec.decodeLine(from:shippedLine:)`).
    private struct ShippedPrefix {
        var low: UInt64
        var high: UInt64
        var count: Int
        var prefix: ShippedLineKey.Prefix?
    }

    private let slots: UnsafeMutablePointer<Slot>
    private let mask: Int

    /// `size` must be a power of two; at least two slots (one pair) are kept.
    /// 4,096 slots: a catalogue of a few hundred codes hits on nearly every event (2,048 pairs;
    /// 300 codes leave about 3 sharing a pair with two others).
    init(size: Int = 4096) {
        let count = max(2, size)
        slots = .allocate(capacity: count)
        slots.initialize(repeating: Slot(), count: count)
        mask = count - 1
    }

    deinit {
        slots.deinitialize(count: mask + 1)
        slots.deallocate()
    }

    func string(_ utf8: UnsafeRawBufferPointer) -> String {
        guard utf8.count <= 16 else { return String(decoding: utf8, as: UTF8.self) }
        return withSlot(utf8) { $0.string }
    }

    /// `SKUCode(string(utf8))`, the code itself kept in the slot with its string.
    func sku(_ utf8: UnsafeRawBufferPointer) -> SKUCode {
        guard utf8.count <= 16 else { return SKUCode(String(decoding: utf8, as: UTF8.self)) }
        return withSlot(utf8) { slot in
            if let sku = slot.sku { return sku }
            let made = SKUCode(slot.string)
            slot.sku = made
            return made
        }
    }

    /// `HashedText(string(utf8))`, an order id with its text hash, kept in the slot with its string.
    func order(_ utf8: UnsafeRawBufferPointer) -> HashedText {
        guard utf8.count <= 16 else { return HashedText(String(decoding: utf8, as: UTF8.self)) }
        return withSlot(utf8) { slot in
            if let order = slot.order { return order }
            let made = HashedText(slot.string)
            slot.order = made
            return made
        }
    }

    /// `order(utf8)`, with the hashing a shipment of that order on channel `channelUTF8` starts its
    /// shipped-line key from (nil when either is not all ASCII), both kept in the order's slot:
    /// an order's lines ship one after the other.
    func shippedOrder(
        _ utf8: UnsafeRawBufferPointer, channel channelUTF8: UnsafeRawBufferPointer
    ) -> (order: HashedText, prefix: ShippedLineKey.Prefix?) {
        guard utf8.count <= 16, channelUTF8.count <= 16 else { return Self.shippedOrder(utf8, channel: channelUTF8) }
        let channel = Self.words(channelUTF8)
        return withSlot(utf8) { slot in
            let order: HashedText
            if let kept = slot.order {
                order = kept
            } else {
                order = HashedText(slot.string)
                slot.order = order
            }
            if let shipped = slot.shipped, shipped.count == channelUTF8.count, shipped.low == channel.low,
                shipped.high == channel.high
            {
                return (order, shipped.prefix)
            }
            let prefix = Self.prefix(utf8, channel: channelUTF8)
            slot.shipped = ShippedPrefix(low: channel.low, high: channel.high, count: channelUTF8.count, prefix: prefix)
            return (order, prefix)
        }
    }

    /// `shippedOrder` without a table.
    static func shippedOrder(
        _ utf8: UnsafeRawBufferPointer, channel channelUTF8: UnsafeRawBufferPointer
    ) -> (order: HashedText, prefix: ShippedLineKey.Prefix?) {
        (HashedText(String(decoding: utf8, as: UTF8.self)), prefix(utf8, channel: channelUTF8))
    }

    /// The shipped-line key's hashing of the order on the channel, if both are all ASCII: such
    /// bytes are what the strings made of them keep, so hashing the bytes hashes the strings.
    private static func prefix(
        _ utf8: UnsafeRawBufferPointer, channel channelUTF8: UnsafeRawBufferPointer
    ) -> ShippedLineKey.Prefix? {
        guard ByteReader.isASCII(channelUTF8) && ByteReader.isASCII(utf8) else { return nil }
        return ShippedLineKey.Prefix(channelUTF8: channelUTF8, orderUTF8: utf8)
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
    private func withSlot<Result>(_ utf8: UnsafeRawBufferPointer, _ body: (inout Slot) -> Result) -> Result {
        let words = Self.words(utf8)
        // Every byte reaches the slot number (MurmurHash3's finalizer): codes such as SKU-0000 to
        // SKU-0299 differ in a byte or two, and a weaker mix put three or four of them on one
        // pair of slots, where each pushed the others out in turn.
        var hash = words.low ^ (words.high &* 0x9e37_79b9_7f4a_7c15) ^ UInt64(utf8.count)
        hash = (hash ^ (hash &>> 33)) &* 0xff51_afd7_ed55_8ccd
        hash = (hash ^ (hash &>> 33)) &* 0xc4ce_b9fe_1a85_ec53
        hash ^= hash &>> 33
        let first = slots + (Int(truncatingIfNeeded: hash) & mask)
        let second = slots + ((Int(truncatingIfNeeded: hash) & mask) ^ 1)
        if first.pointee.count == utf8.count && first.pointee.low == words.low && first.pointee.high == words.high {
            return body(&first.pointee)
        }
        if second.pointee.count == utf8.count && second.pointee.low == words.low && second.pointee.high == words.high {
            return body(&second.pointee)
        }
        // Neither way holds it: the string in the first slot moves to the second (evicting
        // the one there), and the new one takes the first.
        second.pointee = first.move()
        first.initialize(
            to: Slot(
                low: words.low, high: words.high, count: utf8.count, string: String(decoding: utf8, as: UTF8.self)))
        return body(&first.pointee)
    }
}
