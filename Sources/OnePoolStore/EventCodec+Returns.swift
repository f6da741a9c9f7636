import OnePoolCore

/// The encoding of return facts: after the `returns` tag, a sub-tag, then the fields. Sub-tags
/// are stable forever, like tags. Also the returns part of a snapshot (`encode(_: ReturnsState)`).
/// The first return event (tag `orderReturned`, 23) keeps its own encoding and still decodes.
extension EventCodec {
    private enum ReturnTag: UInt8 {
        case arrived = 1
        case restocked, writtenOff
    }

    static func encode(_ change: ReturnChange, into writer: inout ByteWriter) {
        switch change {
        case .arrived(let line):
            writer.u8(ReturnTag.arrived.rawValue)
            encode(line, into: &writer)
        case .restocked(let sku, let quantity, let reason):
            writer.u8(ReturnTag.restocked.rawValue)
            writer.string(sku)
            writer.int(quantity)
            writer.optionalString(reason)
        case .writtenOff(let sku, let quantity, let reason):
            writer.u8(ReturnTag.writtenOff.rawValue)
            writer.string(sku)
            writer.int(quantity)
            writer.string(reason)
        }
    }

    static func decodeReturn(from reader: inout ByteReader) throws(DecodeError) -> ReturnChange {
        let tagOffset = reader.index
        let raw = try reader.u8()
        guard let tag = ReturnTag(rawValue: raw) else {
            throw DecodeError(offset: tagOffset, detail: "unknown return fact \(raw) (written by a newer onepool?)")
        }
        switch tag {
        case .arrived:
            return .arrived(try decodeReturnedLine(from: &reader))
        case .restocked:
            return .restocked(
                sku: try reader.recurringString(), quantity: try reader.int(), reason: try reader.optionalString())
        case .writtenOff:
            return .writtenOff(
                sku: try reader.recurringString(), quantity: try reader.int(), reason: try reader.string())
        }
    }

    private static func encode(_ line: ReturnedLine, into writer: inout ByteWriter) {
        writer.string(line.id.channel)
        writer.string(line.id.order)
        writer.int(line.id.line)
        writer.string(line.returnID)
        writer.string(line.sku)
        writer.int(line.quantity)
        writer.string(line.reason)
        writer.int(line.time.millisecondsSince1970)
    }

    private static func decodeReturnedLine(from reader: inout ByteReader) throws(DecodeError) -> ReturnedLine {
        let id = OrderLineID(channel: try reader.recurringString(), order: try reader.string(), line: try reader.int())
        return ReturnedLine(
            id: id, returnID: try reader.string(), sku: try reader.recurringString(), quantity: try reader.int(),
            reason: try reader.string(), time: Timestamp(millisecondsSince1970: try reader.milliseconds()))
    }

    /// The snapshot's returns section: shipped lines (sorted, so equal states write equal
    /// bytes), then the returns awaiting inspection per SKU, oldest first.
    static func encode(_ returns: ReturnsState, into writer: inout ByteWriter) {
        writer.varint(UInt64(returns.shipped.count))
        let ids = returns.shipped.keys.sorted { ($0.channel, $0.order, $0.line) < ($1.channel, $1.order, $1.line) }
        for id in ids {
            guard let line = returns.shipped[id] else { continue }
            writer.string(id.channel)
            writer.string(id.order)
            writer.int(id.line)
            writer.string(line.sku)
            writer.int(line.shipped)
            writer.int(line.returned)
        }
        writer.varint(UInt64(returns.awaiting.count))
        for sku in returns.awaiting.keys.sorted() {
            let queue = returns.awaiting[sku] ?? []
            writer.string(sku)
            writer.varint(UInt64(queue.count))
            for entry in queue {
                encode(entry.line, into: &writer)
                writer.int(entry.remaining)
            }
        }
    }

    static func decodeReturnsState(from reader: inout ByteReader) throws(DecodeError) -> ReturnsState {
        let shippedCount = try reader.count(each: 6)
        var shipped: [OrderLineID: ShippedLine] = [:]
        shipped.reserveCapacity(shippedCount)
        for _ in 0..<shippedCount {
            let id = OrderLineID(
                channel: try reader.recurringString(), order: try reader.string(), line: try reader.int())
            shipped[id] = ShippedLine(
                sku: try reader.recurringString(), shipped: try reader.int(), returned: try reader.int())
        }
        var awaiting: [String: [AwaitingReturn]] = [:]
        for _ in 0..<(try reader.count(each: 2)) {
            let sku = try reader.string()
            var queue: [AwaitingReturn] = []
            for _ in 0..<(try reader.count(each: 9)) {
                queue.append(AwaitingReturn(line: try decodeReturnedLine(from: &reader), remaining: try reader.int()))
            }
            awaiting[sku] = queue
        }
        return ReturnsState(shipped: shipped, awaiting: awaiting)
    }
}
