import OnePoolCore

/// Replay's route for the events it meets by the million: an order line placed, cancelled or
/// shipped. It reads exactly the fields `decodeForFoldInGeneral` reads, in the same order and
/// through the same string table, with the position kept in a local pointer and no check that a
/// journal written by this store never fails: through `ByteReader` each field paid for the reader
/// kept in memory, an overflow check on every step of its index, and a call per part of the line
/// (~700 instructions an event, more than a third of decoding).
///
/// It never judges a payload: anything out of the ordinary (another kind of event, a varint
/// longer than eight bytes, a length or field running past the end) returns nil, and the caller
/// decodes the payload the general way from its start, which then decodes or fails exactly as it
/// always did. So whenever this route returns an event, it is the one the general route gives
/// (`OrderLineDecodingTests` compare the two on valid, cut and altered payloads).
enum OrderLineDecoding {
    /// The event in `payload` and how many bytes it took, if it is an order line placed, cancelled
    /// or shipped that decodes without surprises; nil otherwise (see above).
    @inline(__always)
    static func event(
        _ payload: UnsafeRawBufferPointer, strings: UnsafeMutablePointer<StringTable>
    ) -> (event: FoldEvent, count: Int)? {
        guard payload.count >= 8, let base = payload.baseAddress else { return nil }
        // Read before any string is made: read later (a global's accessor), it had the line's
        // strings retained and released around it.
        let unknown = FactDigest.unknown
        var bytes = Bytes(end: base + payload.count, at: base + 8)
        let sequence = UInt64(littleEndian: base.loadUnaligned(as: UInt64.self))
        guard let time = bytes.milliseconds(), let actorLength = bytes.varint(), bytes.skip(actorLength),
            let tagged = bytes.varint()
        else { return nil }
        var digest: IdempotencyDigest? = nil
        if tagged != 0 {
            guard let key = bytes.string(tagged &- 1) else { return nil }
            digest = ByteReader.digest(ofKey: key)
        }
        guard let tag = bytes.byte() else { return nil }
        let table = strings
        var shippedLine: ShippedLineKey? = nil
        let id: OrderLineID
        switch tag {
        case EventCodec.Tag.orderShipped.rawValue:
            // As `EventCodec.decodeLine(from:shippedLine:)`: the key from the bytes and the order's slot.
            guard let channelLength = bytes.varint(), let channelUTF8 = bytes.string(channelLength) else { return nil }
            let channel = ChannelName(table.pointee.string(channelUTF8))
            guard let orderLength = bytes.varint(), let orderUTF8 = bytes.string(orderLength) else { return nil }
            let (order, prefix) = table.pointee.shippedOrder(orderUTF8, channel: channelUTF8)
            guard let lineNumber = bytes.int() else { return nil }
            id = OrderLineID(channel: channel, order: order, line: lineNumber)
            // Not `??`: its autoclosure captured a copy of the id (its strings retained and released).
            if let prefix { shippedLine = prefix.key(line: lineNumber) } else { shippedLine = ShippedLineKey(id) }
        case EventCodec.Tag.orderPlaced.rawValue, EventCodec.Tag.orderCancelled.rawValue:
            // As `EventCodec.decodeLine(from:)`: channel, order, line, each through the table.
            guard let channelLength = bytes.varint(), let channelUTF8 = bytes.string(channelLength) else { return nil }
            let channel = ChannelName(table.pointee.string(channelUTF8))
            guard let orderLength = bytes.varint(), let orderUTF8 = bytes.string(orderLength) else { return nil }
            let order = table.pointee.order(orderUTF8)
            guard let lineNumber = bytes.int() else { return nil }
            id = OrderLineID(channel: channel, order: order, line: lineNumber)
        default:
            return nil
        }
        // As `EventCodec.decodeLineFacts`.
        guard let skuLength = bytes.varint(), let skuUTF8 = bytes.string(skuLength) else { return nil }
        let sku = table.pointee.sku(skuUTF8)
        guard let quantity = bytes.int(), let cents = bytes.cents(), let placed = bytes.milliseconds() else {
            return nil
        }
        let line = OrderLineFacts(
            id: id, sku: sku, quantity: quantity, unitPrice: Money(cents: cents),
            time: Timestamp(millisecondsSince1970: placed))
        let change: Change
        let facts: FactDigest
        // `StockState.facts(of:digest:)` of these changes: a placement keeps its line's facts
        // with its key, a cancel or a shipment none.
        switch tag {
        case EventCodec.Tag.orderShipped.rawValue:
            change = .orderShipped(line)
            facts = unknown
        case EventCodec.Tag.orderPlaced.rawValue:
            facts = digest == nil ? unknown : line.factDigest
            change = .orderPlaced(line)
        default:
            change = .orderCancelled(line)
            facts = unknown
        }
        return (
            FoldEvent(
                sequence: sequence, time: Timestamp(millisecondsSince1970: time), digest: digest, facts: facts,
                shippedLine: shippedLine, change: change),
            bytes.at - base
        )
    }

    /// The payload's bytes and the position in them: `ByteReader`'s reads on a pointer, each
    /// returning nil where `ByteReader` would take a slower path or throw.
    struct Bytes {
        let end: UnsafeRawPointer
        var at: UnsafeRawPointer

        /// The next byte.
        @inline(__always)
        mutating func byte() -> UInt8? {
            guard at < end else { return nil }
            defer { at += 1 }
            return at.load(as: UInt8.self)
        }

        /// `count` bytes, if they are there.
        @inline(__always)
        mutating func string(_ count: UInt64) -> UnsafeRawBufferPointer? {
            guard count <= UInt64(end - at) else { return nil }
            defer { at += Int(count) }
            return UnsafeRawBufferPointer(start: at, count: Int(count))
        }

        @inline(__always)
        mutating func skip(_ count: UInt64) -> Bool { string(count) != nil }

        /// `ByteReader.wordVarint` (the payload holds at least eight bytes, so `end - 8` is in it): one load, or near
        /// the end the last eight bytes shifted down; nil for a varint longer than eight bytes
        /// or one running past the end.
        @inline(__always)
        mutating func varint() -> UInt64? {
            let left = end - at
            guard left > 0 else { return nil }
            let word: UInt64
            if left >= 8 {
                word = UInt64(littleEndian: at.loadUnaligned(as: UInt64.self))
            } else {
                let last = UInt64(littleEndian: (end - 8).loadUnaligned(as: UInt64.self))
                word = last &>> UInt64(8 &* (8 &- left))
            }
            guard let (value, length) = leadingVarint(in: word, left: left) else { return nil }
            at += length
            return value
        }

        /// `ByteReader.int64`.
        @inline(__always)
        mutating func int64() -> Int64? {
            guard let raw = varint() else { return nil }
            return Int64(bitPattern: (raw &>> 1) ^ (0 &- (raw & 1)))
        }

        /// `ByteReader.int`: clamped to ±`Bounds.decodedIntegerLimit`.
        @inline(__always)
        mutating func int() -> Int? {
            guard let value = int64() else { return nil }
            let limit = Int64(Bounds.decodedIntegerLimit)
            return Int(min(max(value, -limit), limit))
        }

        /// `ByteReader.cents`: clamped to ±`Bounds.decodedCentsLimit`.
        @inline(__always)
        mutating func cents() -> Int64? {
            guard let value = int64() else { return nil }
            return min(max(value, -Bounds.decodedCentsLimit), Bounds.decodedCentsLimit)
        }

        /// `ByteReader.milliseconds`: clamped to ±`Bounds.decodedMillisecondsLimit`.
        @inline(__always)
        mutating func milliseconds() -> Int64? {
            guard let value = int64() else { return nil }
            return min(max(value, -Bounds.decodedMillisecondsLimit), Bounds.decodedMillisecondsLimit)
        }
    }
}
