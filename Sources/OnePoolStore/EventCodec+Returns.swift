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
                sku: try reader.recurringSKU(), quantity: try reader.int(), reason: try reader.optionalString())
        case .writtenOff:
            return .writtenOff(
                sku: try reader.recurringSKU(), quantity: try reader.int(), reason: try reader.string())
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
        let id = OrderLineID(channel: try reader.recurringChannel(), order: try reader.string(), line: try reader.int())
        return ReturnedLine(
            id: id, returnID: try reader.string(), sku: try reader.recurringSKU(), quantity: try reader.int(),
            reason: try reader.string(), time: Timestamp(millisecondsSince1970: try reader.milliseconds()))
    }

    /// The snapshot's returns section (format 6): the shipped lines' SKU codes, sorted; each
    /// shipped line as its key's digest, its SKU's number in that list and its two counts, sorted
    /// by key (so equal states write equal bytes); the components of each bundle line; then the
    /// returns awaiting inspection per SKU, oldest first, each with the bundle it came back in.
    static func encode(_ returns: ReturnsState, into writer: inout ByteWriter) {
        let table = returns.shipped
        let codes = table.skuCodes.sorted()
        var renumber = [UInt32](repeating: 0, count: table.skuCodes.count)
        var position: [SKUCode: UInt32] = [:]
        for (index, code) in codes.enumerated() { position[code] = UInt32(index) }
        for (index, code) in table.skuCodes.enumerated() { renumber[index] = position[code] ?? 0 }
        writer.varint(UInt64(codes.count))
        for code in codes { writer.string(code) }
        writer.varint(UInt64(table.count))
        for key in table.entries.keys.sorted() {
            guard let entry = table.entries[key] else { continue }
            writer.u64(key.high)
            writer.u32(key.low)
            writer.varint(UInt64(renumber[Int(entry.sku)]))
            writer.varint(UInt64(entry.shipped))
            writer.varint(UInt64(entry.returned))
        }
        writer.varint(UInt64(table.components.count))
        for key in table.components.keys.sorted() {
            writer.u64(key.high)
            writer.u32(key.low)
            encode(table.components[key] ?? [], into: &writer)
        }
        writer.varint(UInt64(returns.awaiting.count))
        for sku in returns.awaiting.keys.sorted() {
            let queue = returns.awaiting[sku] ?? []
            writer.string(sku)
            writer.varint(UInt64(queue.count))
            for entry in queue {
                encode(entry.line, into: &writer)
                writer.int(entry.remaining)
                writer.optionalString(entry.bundle)
            }
        }
    }

    /// The returns section as formats 4 and 5 wrote it (tests write old snapshots with it): the
    /// shipped lines among `shippedLineIDs` with their ids and SKU codes as strings, then the
    /// queue without the bundle each return came back in.
    static func encodeFormat5(_ returns: ReturnsState, shippedLineIDs: [OrderLineID], into writer: inout ByteWriter) {
        let lines = shippedLineIDs.compactMap { id in returns.shipped[id].map { (id, $0) } }
        writer.varint(UInt64(lines.count))
        for (id, line) in lines {
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

    /// Reads the returns section: format 6's compact one, or formats 4 and 5's, whose shipped
    /// lines carry their ids and SKU codes as strings (each is turned into a key here).
    static func decodeReturnsState(from reader: inout ByteReader, version: UInt32) throws(DecodeError)
        -> ReturnsState
    {
        let shipped = version >= 6 ? try decodeShippedTable(from: &reader) : try decodeOldShippedLines(from: &reader)
        var awaiting: [SKUCode: [AwaitingReturn]] = [:]
        for _ in 0..<(try reader.count(each: 2)) {
            let sku = try reader.sku()
            var queue: [AwaitingReturn] = []
            for _ in 0..<(try reader.count(each: 9)) {
                let line = try decodeReturnedLine(from: &reader)
                let remaining = try reader.int()
                let bundle = version >= 6 ? try reader.optionalSKU() : nil
                queue.append(AwaitingReturn(line: line, remaining: remaining, bundle: bundle))
            }
            awaiting[sku] = queue
        }
        return ReturnsState(shipped: shipped, awaiting: awaiting)
    }

    private static func decodeShippedTable(from reader: inout ByteReader) throws(DecodeError) -> ShippedLineTable {
        var table = ShippedLineTable()
        var numbers: [UInt32] = []
        for _ in 0..<(try reader.count(each: 1)) { numbers.append(table.number(of: try reader.sku())) }
        let count = try reader.count(each: 15)
        table.reserveCapacity(count)
        for _ in 0..<count {
            let key = ShippedLineKey(high: try reader.u64(), low: try reader.u32())
            let at = reader.index
            let sku = try reader.varint()
            guard sku < UInt64(numbers.count) else {
                throw DecodeError(offset: at, detail: "shipped line's SKU number \(sku) of \(numbers.count) codes")
            }
            table.restore(
                key, sku: numbers[Int(sku)], shipped: try shippedCount(from: &reader),
                returned: try shippedCount(from: &reader))
        }
        // Lines sold under one recipe share one array, as the fold's do.
        var recipes: Set<[BundleComponent]> = []
        for _ in 0..<(try reader.count(each: 13)) {
            let key = ShippedLineKey(high: try reader.u64(), low: try reader.u32())
            let parts = try decodeComponents(from: &reader)
            table.restoreComponents(key, recipes.insert(parts).memberAfterInsert)
        }
        return table
    }

    /// A count of a shipped line, within `UInt32` (what the table keeps).
    private static func shippedCount(from reader: inout ByteReader) throws(DecodeError) -> UInt32 {
        let at = reader.index
        let value = try reader.varint()
        guard let count = UInt32(exactly: value) else {
            throw DecodeError(offset: at, detail: "shipped line count \(value) above \(UInt32.max)")
        }
        return count
    }

    private static func decodeOldShippedLines(from reader: inout ByteReader) throws(DecodeError) -> ShippedLineTable {
        let shippedCount = try reader.count(each: 6)
        var table = ShippedLineTable()
        table.reserveCapacity(shippedCount)
        for _ in 0..<shippedCount {
            let id = OrderLineID(
                channel: try reader.recurringChannel(), order: try reader.string(), line: try reader.int())
            let sku = table.number(of: try reader.recurringSKU())
            let shipped = try reader.int()
            let returned = try reader.int()
            table.restore(
                ShippedLineKey(id), sku: sku, shipped: UInt32(clamping: shipped), returned: UInt32(clamping: returned))
        }
        return table
    }
}
