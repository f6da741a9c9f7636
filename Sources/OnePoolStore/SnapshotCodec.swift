import OnePoolCore

/// A snapshot file: the whole state after one sequence, and where in the journal to resume.
///
/// Layout: a 56-byte header (magic, version, sequence, journal position, payload length,
/// payload checksum, header checksum), then the payload. Idempotency digests are stored as one
/// sorted run of 16-byte values, so loading a million of them is a copy, not a million inserts.
enum SnapshotCodec {
    static let magic: [UInt8] = Array("ONEPOOLS".utf8)
    /// Version 2 added channel settings, listings, the unmapped queue, what was published and
    /// each SKU's last count time, after the version-1 payload; a version-1 snapshot still loads.
    /// Version 3 added the live sync's state after the version-2 parts.
    static let version: UInt32 = 3
    static let headerSize = 56

    struct Loaded {
        var state: StockState
        var position: JournalPosition
    }

    static func encode(_ state: StockState, position: JournalPosition) -> [UInt8] {
        var payload = ByteWriter(capacity: 1 << 16)
        payload.int(state.lastEventTime.millisecondsSince1970)
        payload.varint(UInt64(state.channels.count))
        for name in state.channels.keys.sorted() {
            guard let channel = state.channels[name] else { continue }
            payload.string(channel.name)
            payload.string(channel.kind.rawValue)
        }
        payload.varint(UInt64(state.pools.count))
        for code in state.skuCodes {
            guard let pool = state.pools[code] else { continue }
            EventCodec.encode(pool.sku, into: &payload)
            let stock = pool.stock
            for value in [stock.onHand, stock.committed, stock.held, stock.unsellable, stock.safety, stock.incoming] {
                payload.int(value)
            }
        }
        payload.varint(UInt64(state.openLines.count))
        for (id, line) in state.openLines {
            payload.string(id.channel)
            payload.string(id.order)
            payload.int(id.line)
            payload.string(line.sku)
            payload.int(line.quantity)
            payload.int(line.unitPrice.cents)
            payload.int(line.placedAt.millisecondsSince1970)
        }
        let digests = state.idempotency.allSorted()
        payload.u64(UInt64(digests.count))
        for digest in digests {
            payload.u64(digest.high)
            payload.u64(digest.low)
        }
        encodeVersion2(state, into: &payload)
        EventCodec.encode(state.sync, into: &payload)

        var file = ByteWriter(capacity: headerSize + payload.count)
        file.raw(magic)
        file.u32(version)
        file.u32(0)
        file.u64(state.lastSequence)
        file.u32(position.segment)
        file.u32(0)
        file.u64(UInt64(position.offset))
        file.u64(UInt64(payload.count))
        file.u32(CRC32C.mask(payload.withUnsafeBytes { CRC32C.checksum($0) }))
        let headerCRC = file.withUnsafeBytes { CRC32C.checksum($0) }
        file.u32(CRC32C.mask(headerCRC))
        payload.withUnsafeBytes { file.raw($0) }
        return file.bytes
    }

    enum Problem: Error, CustomStringConvertible {
        case notASnapshot
        case newerVersion(UInt32)
        case checksum(String)
        case undecodable(String)

        var description: String {
            switch self {
            case .notASnapshot: "not a snapshot file"
            case .newerVersion(let version): "snapshot format \(version) is newer than this onepool understands"
            case .checksum(let part): "\(part) checksum mismatch"
            case .undecodable(let detail): "payload does not decode: \(detail)"
            }
        }
    }

    static func decode(_ bytes: [UInt8]) throws(Problem) -> Loaded {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(Problem) in try decode(buffer) }
        }
        return try result.get()
    }

    private static func decode(_ buffer: UnsafeRawBufferPointer) throws(Problem) -> Loaded {
        guard buffer.count >= headerSize, Array(buffer[0..<8]) == magic else { throw .notASnapshot }
        let headerCRC = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: buffer[0..<52]))
        guard CRC32C.mask(headerCRC) == buffer.loadUnaligned(fromByteOffset: 52, as: UInt32.self).littleEndian else {
            throw .checksum("header")
        }
        var header = ByteReader(buffer, at: 8)
        do {
            let fileVersion = try header.u32()
            guard fileVersion <= version else { throw Problem.newerVersion(fileVersion) }
            _ = try header.u32()
            let sequence = try header.u64()
            let segment = try header.u32()
            _ = try header.u32()
            let offset = Int(try header.u64())
            let length = Int(try header.u64())
            let payloadCRC = try header.u32()
            guard buffer.count == headerSize + length else { throw Problem.checksum("payload length") }
            let payload = UnsafeRawBufferPointer(rebasing: buffer[headerSize...])
            guard CRC32C.mask(CRC32C.checksum(payload)) == payloadCRC else { throw Problem.checksum("payload") }
            var reader = ByteReader(payload)
            let state = try decodeState(from: &reader, sequence: sequence, version: fileVersion)
            return Loaded(state: state, position: JournalPosition(segment: segment, offset: offset))
        } catch let problem as Problem {
            throw problem
        } catch {
            throw .undecodable("\(error)")
        }
    }

    private static func decodeState(from reader: inout ByteReader, sequence: UInt64, version: UInt32) throws -> StockState {
        let lastTime = Timestamp(millisecondsSince1970: try reader.int64())
        var channels: [String: Channel] = [:]
        for _ in 0..<(try reader.varint()) {
            let name = try reader.string()
            channels[name] = Channel(name: name, kind: ChannelKind(rawValue: try reader.string()) ?? .other)
        }
        let poolCount = Int(try reader.varint())
        var pools: [String: SKUPool] = [:]
        pools.reserveCapacity(poolCount)
        for _ in 0..<poolCount {
            let sku = try EventCodec.decodeSKU(from: &reader)
            let stock = StockLevel(
                onHand: try reader.int(), committed: try reader.int(), held: try reader.int(),
                unsellable: try reader.int(), safety: try reader.int(), incoming: try reader.int())
            pools[sku.code] = SKUPool(sku: sku, stock: stock)
        }
        let lineCount = Int(try reader.varint())
        var lines: [OrderLineID: OpenOrderLine] = [:]
        lines.reserveCapacity(lineCount)
        for _ in 0..<lineCount {
            let id = OrderLineID(channel: try reader.string(), order: try reader.string(), line: try reader.int())
            let line = OpenOrderLine(
                sku: try reader.string(), quantity: try reader.int(), unitPrice: Money(cents: try reader.int64()),
                placedAt: Timestamp(millisecondsSince1970: try reader.int64()))
            lines[id] = line
            // Each channel's committed units, filled in place while the pools are ours alone.
            if let pool = pools.index(forKey: line.sku) { pools.values[pool].committedByChannel[id.channel, default: 0] += line.quantity }
        }
        let digestCount = Int(try reader.u64())
        let raw = try reader.bytes(digestCount * 16)
        let digests = [IdempotencyDigest](unsafeUninitializedCapacity: digestCount) { buffer, initialized in
            for index in 0..<digestCount {
                buffer[index] = IdempotencyDigest(
                    high: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 16, as: UInt64.self)),
                    low: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 16 + 8, as: UInt64.self)))
            }
            initialized = digestCount
        }
        var extra = Version2Parts()
        if version >= 2 { extra = try decodeVersion2(from: &reader, pools: &pools) }
        let sync = version >= 3 ? try EventCodec.decodeSyncState(from: &reader) : SyncState()
        return StockState(
            lastSequence: sequence, lastEventTime: lastTime, pools: pools, channels: channels, openLines: lines,
            idempotency: IdempotencyIndex(sorted: digests), channelSettings: version >= 2 ? extra.settings : nil,
            listings: extra.listings, parkedLines: extra.parked, published: extra.published, purchasing: extra.purchasing,
            sync: sync, committedDerived: true)
    }

    private struct Version2Parts {
        var settings: [String: ChannelSettings] = [:]
        var listings: [ListingKey: ListingMapping] = [:]
        var parked: [OrderLineID: ParkedLine] = [:]
        var published: [ListingKey: Int] = [:]
        var purchasing = PurchasingState()
    }

    private static func encodeVersion2(_ state: StockState, into payload: inout ByteWriter) {
        payload.varint(UInt64(state.channelSettings.count))
        for name in state.channelSettings.keys.sorted() {
            payload.string(name)
            EventCodec.encode(state.channelSettings[name]!, into: &payload)
        }
        payload.varint(UInt64(state.listings.count))
        for (key, mapping) in state.listings.sorted(by: { $0.key < $1.key }) {
            payload.string(key.channel)
            payload.string(key.listing)
            payload.string(mapping.sku)
            payload.int(mapping.pack)
        }
        payload.varint(UInt64(state.parkedLines.count))
        for line in state.parkedLines.values { EventCodec.encode(line, into: &payload) }
        payload.varint(UInt64(state.published.count))
        for (key, quantity) in state.published {
            payload.string(key.channel)
            payload.string(key.listing)
            payload.int(quantity)
        }
        let counted = state.pools.filter { $0.value.countedAt != nil }
        payload.varint(UInt64(counted.count))
        for (code, pool) in counted {
            payload.string(code)
            payload.int(pool.countedAt!.millisecondsSince1970)
        }
        encodePurchasing(state.purchasing, into: &payload)
    }

    private static func encodePurchasing(_ purchasing: PurchasingState, into payload: inout ByteWriter) {
        payload.varint(UInt64(purchasing.suppliers.count))
        for supplier in purchasing.suppliers.values.sorted(by: { $0.code < $1.code }) { EventCodec.encode(supplier, into: &payload) }
        let items = purchasing.items.flatMap { supplier, bySKU in bySKU.map { (supplier, $0.key, $0.value) } }
        payload.varint(UInt64(items.count))
        for (supplier, sku, item) in items {
            payload.string(supplier)
            payload.string(sku)
            payload.optionalString(item.supplierCode)
            payload.int(item.unitCost.cents)
        }
        payload.varint(UInt64(purchasing.approvers.count))
        for (user, limit) in purchasing.approvers.sorted(by: { $0.key < $1.key }) {
            payload.string(user)
            payload.int(limit.cents)
        }
        payload.varint(UInt64(purchasing.autonomy.count))
        for (target, mode) in purchasing.autonomy {
            switch target {
            case .supplier(let code):
                payload.u8(0)
                payload.string(code)
            case .sku(let code):
                payload.u8(1)
                payload.string(code)
            }
            payload.string(mode.rawValue)
        }
        payload.varint(UInt64(purchasing.orders.count))
        for record in purchasing.orders.values.sorted(by: { $0.order.id < $1.order.id }) { EventCodec.encode(record, into: &payload) }
    }

    private static func decodePurchasing(from reader: inout ByteReader) throws -> PurchasingState {
        var purchasing = PurchasingState()
        for _ in 0..<(try reader.varint()) {
            let supplier = try EventCodec.decodeSupplier(from: &reader)
            purchasing.suppliers[supplier.code] = supplier
        }
        for _ in 0..<(try reader.varint()) {
            let supplier = try reader.string()
            let sku = try reader.string()
            let code = try reader.optionalString()
            purchasing.items[supplier, default: [:]][sku] = SupplierItem(supplierCode: code, unitCost: Money(cents: try reader.int64()))
        }
        for _ in 0..<(try reader.varint()) {
            let user = try reader.string()
            purchasing.approvers[user] = Money(cents: try reader.int64())
        }
        for _ in 0..<(try reader.varint()) {
            let kind = try reader.u8()
            let code = try reader.string()
            let mode = AutonomyMode(rawValue: try reader.string()) ?? .approve
            purchasing.autonomy[kind == 0 ? .supplier(code) : .sku(code)] = mode
        }
        for _ in 0..<(try reader.varint()) {
            let record = try EventCodec.decodeRecord(from: &reader)
            purchasing.orders[record.order.id] = record
        }
        return purchasing
    }

    private static func decodeVersion2(from reader: inout ByteReader, pools: inout [String: SKUPool]) throws -> Version2Parts {
        var parts = Version2Parts()
        for _ in 0..<(try reader.varint()) {
            let name = try reader.string()
            parts.settings[name] = try EventCodec.decodeSettings(from: &reader)
        }
        for _ in 0..<(try reader.varint()) {
            let key = ListingKey(channel: try reader.string(), listing: try reader.string())
            parts.listings[key] = ListingMapping(sku: try reader.string(), pack: try reader.int())
        }
        for _ in 0..<(try reader.varint()) {
            let line = try EventCodec.decodeParked(from: &reader)
            parts.parked[line.id] = line
        }
        for _ in 0..<(try reader.varint()) {
            let key = ListingKey(channel: try reader.string(), listing: try reader.string())
            parts.published[key] = try reader.int()
        }
        for _ in 0..<(try reader.varint()) {
            let code = try reader.string()
            let time = Timestamp(millisecondsSince1970: try reader.int64())
            pools[code]?.countedAt = time
        }
        parts.purchasing = try decodePurchasing(from: &reader)
        return parts
    }
}
