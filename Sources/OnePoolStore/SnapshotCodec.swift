import OnePoolCore

/// A snapshot file: the whole state after one sequence, and where in the journal to resume.
///
/// Layout (version 3): an 88-byte header — magic, version, sequence, journal position, payload
/// length and checksum, the *anchor* (the file offset and checksum of the journal record the
/// snapshot ends on), the store's identity, the header's checksum — then the payload. The
/// anchor and identity let a store prove a snapshot is its own and matches its journal before
/// trusting it (`SnapshotVerifier`). Versions 1 and 2 had a 56-byte header without them; they
/// still load, and are trusted only after the journal is checked at their position.
/// Version 4 appends the bundles after the store settings (`encodeBundleSection`); a version-3
/// snapshot still loads, with no bundles (its journal, which holds no bundle event, says the same).
/// Idempotency digests are stored as one sorted run of 16-byte values, so loading a million of
/// them is a copy, not a million inserts.
enum SnapshotCodec {
    static let magic: [UInt8] = Array("ONEPOOLS".utf8)
    /// Version 2 added channel settings, listings, the unmapped queue, what was published and
    /// each SKU's last count time, after the version-1 payload; version 3 the anchor and identity;
    /// version 4 the returns section (shipped lines, returns awaiting inspection) after the
    /// store settings, which it always writes; version 5 the bundles section after the returns;
    /// version 6 a compact returns section (shipped lines keyed by a digest, SKUs by number, the
    /// components each shipped bundle line took). Versions 4 and 5 still load.
    static let version: UInt32 = 6
    static let headerSize = 88
    static let oldHeaderSize = 56

    struct Loaded {
        var state: StockState
        var position: JournalPosition
        var version: UInt32
        /// The record the snapshot ends on; nil before version 3.
        var anchor: SnapshotAnchor?
        /// The identity of the store that wrote it; nil before version 3.
        var identity: [UInt8]?
    }

    /// `withSettings: false` writes the payload as main did before the store settings, and
    /// `formatVersion: 3` as it did before returns, `withBundles: false` as version 3 did before
    /// bundles; `formatVersion: 4` or `5` writes the returns section as those did, with the
    /// shipped lines named in `shippedLineIDs` (the compact table keeps no ids to list). Tests
    /// only: old snapshots must still open.
    static func encode(
        _ state: StockState, position: JournalPosition, anchor: SnapshotAnchor, identity: [UInt8],
        withSettings: Bool = true, formatVersion: UInt32 = version, withBundles: Bool = true,
        shippedLineIDs: [OrderLineID] = []
    ) -> [UInt8] {
        let fileVersion = withSettings && withBundles ? formatVersion : min(formatVersion, 3)
        var payload = ByteWriter(capacity: 1 << 16)
        encodeState(
            state, fileVersion: fileVersion, withSettings: withSettings, shippedLineIDs: shippedLineIDs,
            into: &payload)

        var file = ByteWriter(capacity: headerSize + payload.count)
        file.raw(magic)
        file.u32(fileVersion)
        file.u32(0)
        file.u64(state.lastSequence)
        file.u32(position.segment)
        file.u32(0)
        file.u64(UInt64(position.offset))
        file.u64(UInt64(payload.count))
        file.u32(CRC32C.mask(payload.withUnsafeBytes { CRC32C.checksum($0) }))
        file.u32(anchor.recordChecksum)
        file.u64(UInt64(anchor.recordStart))
        file.raw(identity.count == 16 ? identity : [UInt8](repeating: 0, count: 16))
        let headerCRC = file.withUnsafeBytes { CRC32C.checksum($0) }
        file.u32(CRC32C.mask(headerCRC))
        file.u32(0)
        payload.withUnsafeBytes { file.raw($0) }
        return file.bytes
    }

    /// A state as a snapshot payload of `fileVersion` (the current one unless a test asks):
    /// also the lean pool of a history checkpoint (`HistoryCheckpointCodec`).
    static func encodeState(
        _ state: StockState, fileVersion: UInt32 = version, withSettings: Bool = true,
        shippedLineIDs: [OrderLineID] = [], into payload: inout ByteWriter
    ) {
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
        let entries = state.idempotency.allSorted()
        payload.u64(UInt64(entries.count))
        for entry in entries {
            payload.u64(entry.key.high)
            payload.u32(entry.key.low)
            payload.u32(entry.facts.value)
        }
        encodeVersion2(state, into: &payload)
        encodeVersion3(state, into: &payload)
        EventCodec.encode(state.sync, into: &payload)
        if withSettings { encodeSettings(state, into: &payload) }
        if fileVersion >= 6 {
            encodeReturns(state, into: &payload)
        } else if fileVersion >= 4 {
            EventCodec.encodeFormat5(state.returns, shippedLineIDs: shippedLineIDs, into: &payload)
        }
        if fileVersion >= 5 { encodeBundleSection(state, into: &payload) }
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
        guard buffer.count >= oldHeaderSize, Array(buffer[0..<8]) == magic else { throw .notASnapshot }
        let fileVersion = buffer.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian
        guard fileVersion <= version else { throw .newerVersion(fileVersion) }
        let size = fileVersion >= 3 ? headerSize : oldHeaderSize
        let crcAt = fileVersion >= 3 ? 80 : 52
        guard buffer.count >= size else { throw .checksum("header") }
        let headerCRC = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: buffer[0..<crcAt]))
        guard CRC32C.mask(headerCRC) == buffer.loadUnaligned(fromByteOffset: crcAt, as: UInt32.self).littleEndian else {
            throw .checksum("header")
        }
        var header = ByteReader(buffer, at: 12)
        do {
            _ = try header.u32()
            let sequence = try header.u64()
            let segment = try header.u32()
            _ = try header.u32()
            let offset = try header.u64()
            let length = try header.u64()
            let payloadCRC = try header.u32()
            var anchor: SnapshotAnchor? = nil
            var identity: [UInt8]? = nil
            if fileVersion >= 3 {
                let checksum = try header.u32()
                let start = try header.u64()
                anchor = SnapshotAnchor(recordStart: Int(clamping: start), recordChecksum: checksum)
                identity = Array(try header.bytes(16))
            }
            guard length <= UInt64(buffer.count), buffer.count == size + Int(length) else {
                throw Problem.checksum("payload length")
            }
            guard offset <= UInt64(Int.max) else {
                throw Problem.undecodable("journal offset \(offset) is out of range")
            }
            let payload = UnsafeRawBufferPointer(rebasing: buffer[size...])
            guard CRC32C.mask(CRC32C.checksum(payload)) == payloadCRC else { throw Problem.checksum("payload") }
            var reader = ByteReader(payload)
            let state = try decodeState(from: &reader, sequence: sequence, version: fileVersion)
            return Loaded(
                state: state, position: JournalPosition(segment: segment, offset: Int(offset)), version: fileVersion,
                anchor: anchor, identity: identity)
        } catch let problem as Problem {
            throw problem
        } catch {
            throw .undecodable("\(error)")
        }
    }

    static func decodeState(from reader: inout ByteReader, sequence: UInt64, version: UInt32) throws
        -> StockState
    {
        let lastTime = Timestamp(millisecondsSince1970: try reader.milliseconds())
        var channels: [ChannelName: Channel] = [:]
        for _ in 0..<(try reader.count(each: 2)) {
            let name = try reader.channel()
            channels[name] = Channel(name: name, kind: ChannelKind(rawValue: try reader.string()) ?? .other)
        }
        let poolCount = try reader.count(each: 8)
        var pools: [SKUCode: SKUPool] = [:]
        pools.reserveCapacity(poolCount)
        for _ in 0..<poolCount {
            let sku = try EventCodec.decodeSKU(from: &reader)
            let stock = StockLevel(
                onHand: try reader.int(), committed: try reader.int(), held: try reader.int(),
                unsellable: try reader.int(), safety: try reader.int(), incoming: try reader.int())
            pools[sku.code] = SKUPool(sku: sku, stock: stock)
        }
        let lineCount = try reader.count(each: 8)
        var lines = OpenLineTable()
        lines.reserveCapacity(lineCount)
        for _ in 0..<lineCount {
            let id = OrderLineID(channel: try reader.channel(), order: try reader.string(), line: try reader.int())
            let line = OpenOrderLine(
                sku: try reader.sku(), quantity: try reader.int(), unitPrice: Money(cents: try reader.cents()),
                placedAt: Timestamp(millisecondsSince1970: try reader.milliseconds()))
            lines[id] = line
            // Each channel's committed units, filled in place while the pools are ours alone.
            if let pool = pools.index(forKey: line.sku) {
                pools.values[pool].committedByChannel[id.channel, default: 0] += line.quantity
            }
        }
        let entries = try decodeIdempotency(from: &reader, version: version)
        var extra = Version2Parts()
        if version >= 2 { extra = try decodeVersion2(from: &reader, pools: &pools) }
        let offered = version >= 3 ? try decodeVersion3(from: &reader) : nil
        let sync = version >= 3 ? try EventCodec.decodeSyncState(from: &reader) : SyncState()
        // From version 4 the settings are always written, and the returns section follows them;
        // from version 5 the bundles section follows the returns.
        let settings =
            version >= 4 ? try EventCodec.decodeStoreSettings(from: &reader) : try decodeSettings(from: &reader)
        let returns = version >= 4 ? try decodeReturns(from: &reader, version: version) : ReturnsState()
        let bundles = version >= 5 ? try decodeBundleSection(from: &reader, pools: &pools, lines: &lines) : BundleBook()
        return StockState(
            lastSequence: sequence, lastEventTime: lastTime, pools: pools, channels: channels, openLines: lines,
            idempotency: IdempotencyIndex(sorted: entries), channelSettings: version >= 2 ? extra.settings : nil,
            listings: extra.listings, parkedLines: extra.parked, published: extra.published,
            purchasing: extra.purchasing,
            offeredChannels: offered, sync: sync, committedDerived: true, settings: settings, returns: returns,
            bundles: bundles)
    }

    /// Appended by version 4 after the store settings: the returns section. A version-3 snapshot
    /// has none, and its state starts with no shipped lines (returns of lines that shipped
    /// before it are refused until the line is known again).
    private static func encodeReturns(_ state: StockState, into payload: inout ByteWriter) {
        EventCodec.encode(state.returns, into: &payload)
    }

    private static func decodeReturns(from reader: inout ByteReader, version: UInt32) throws -> ReturnsState {
        try EventCodec.decodeReturnsState(from: &reader, version: version)
    }

    /// The idempotency entries, ascending by key. Before version 3 a key digest had 128 bits and
    /// no facts: it keeps the low 96 (what `IdempotencyDigest(key:)` gives now) and unknown facts,
    /// and is sorted again in the (astronomically unlikely) case that dropping bits broke the order.
    private static func decodeIdempotency(from reader: inout ByteReader, version: UInt32) throws -> [IdempotencyEntry] {
        let stated = try reader.u64()
        guard let count = Int(exactly: stated), count <= reader.remaining / 16 else {
            throw DecodeError(
                offset: reader.index, detail: "\(stated) idempotency entries in \(reader.remaining) bytes")
        }
        let raw = try reader.bytes(count * 16)
        var ordered = true
        let entries = [IdempotencyEntry](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count {
                let high = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 16, as: UInt64.self))
                let entry: IdempotencyEntry
                if version >= 3 {
                    let low = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 16 + 8, as: UInt32.self))
                    let facts = FactDigest(
                        value: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 16 + 12, as: UInt32.self))
                    )
                    entry = IdempotencyEntry(key: IdempotencyDigest(high: high, low: low), facts: facts)
                } else {
                    let wide = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 16 + 8, as: UInt64.self))
                    entry = IdempotencyEntry(key: IdempotencyDigest(high: high, wideLow: wide))
                }
                if index > 0 && !(buffer[index - 1].key < entry.key) { ordered = false }
                buffer[index] = entry
            }
            initialized = count
        }
        guard !ordered else { return entries }
        var seen = Set<IdempotencyDigest>()
        return entries.sorted { $0.key < $1.key }.filter { seen.insert($0.key).inserted }
    }

    /// Appended by version 3 after the version-2 parts: the channels ever offered stock.
    private static func encodeVersion3(_ state: StockState, into payload: inout ByteWriter) {
        payload.varint(UInt64(state.offeredChannels.count))
        for name in state.offeredChannels.sorted() { payload.string(name) }
    }

    private static func decodeVersion3(from reader: inout ByteReader) throws -> Set<ChannelName> {
        var offered: Set<ChannelName> = []
        for _ in 0..<(try reader.count(each: 1)) { offered.insert(try reader.channel()) }
        return offered
    }

    /// Appended after the sync state (the last of the version-3 parts), without a version change:
    /// the store settings (`EventCodec.encode(_: StoreSettings)`). A snapshot written before them
    /// ends at the sync state, and its state has the standard settings (as its journal, which
    /// holds no settings event, says).
    private static func encodeSettings(_ state: StockState, into payload: inout ByteWriter) {
        EventCodec.encode(state.settings, into: &payload)
    }

    private static func decodeSettings(from reader: inout ByteReader) throws -> StoreSettings {
        reader.remaining == 0 ? .standard : try EventCodec.decodeStoreSettings(from: &reader)
    }

    private struct Version2Parts {
        var settings: [ChannelName: ChannelSettings] = [:]
        var listings: [ListingKey: ListingMapping] = [:]
        var parked: [OrderLineID: ParkedLine] = [:]
        var published: [ListingKey: Int] = [:]
        var purchasing = PurchasingState()
    }

    private static func encodeVersion2(_ state: StockState, into payload: inout ByteWriter) {
        payload.varint(UInt64(state.channelSettings.count))
        for (name, settings) in state.channelSettings.sorted(by: { $0.key < $1.key }) {
            payload.string(name)
            EventCodec.encode(settings, into: &payload)
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
        let counted = state.pools.compactMap { code, pool in pool.countedAt.map { (code, $0) } }
        payload.varint(UInt64(counted.count))
        for (code, countedAt) in counted {
            payload.string(code)
            payload.int(countedAt.millisecondsSince1970)
        }
        encodePurchasing(state.purchasing, into: &payload)
    }

    private static func encodePurchasing(_ purchasing: PurchasingState, into payload: inout ByteWriter) {
        payload.varint(UInt64(purchasing.suppliers.count))
        for supplier in purchasing.suppliers.values.sorted(by: { $0.code < $1.code }) {
            EventCodec.encode(supplier, into: &payload)
        }
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
        for record in purchasing.orders.values.sorted(by: { $0.order.id < $1.order.id }) {
            EventCodec.encode(record, into: &payload)
        }
    }

    private static func decodePurchasing(from reader: inout ByteReader) throws -> PurchasingState {
        var purchasing = PurchasingState()
        for _ in 0..<(try reader.count(each: 2)) {
            let supplier = try EventCodec.decodeSupplier(from: &reader)
            purchasing.suppliers[supplier.code] = supplier
        }
        for _ in 0..<(try reader.count(each: 2)) {
            let supplier = try reader.string()
            let sku = try reader.sku()
            let code = try reader.optionalString()
            purchasing.items[supplier, default: [:]][sku] = SupplierItem(
                supplierCode: code, unitCost: Money(cents: try reader.cents()))
        }
        for _ in 0..<(try reader.count(each: 2)) {
            let user = try reader.userName()
            purchasing.approvers[user] = Money(cents: try reader.cents())
        }
        for _ in 0..<(try reader.count(each: 2)) {
            let kind = try reader.u8()
            let code = try reader.string()
            let mode = AutonomyMode(rawValue: try reader.string()) ?? .approve
            purchasing.autonomy[kind == 0 ? .supplier(code) : .sku(SKUCode(code))] = mode
        }
        for _ in 0..<(try reader.count(each: 2)) {
            let record = try EventCodec.decodeRecord(from: &reader)
            purchasing.orders[record.order.id] = record
        }
        return purchasing
    }

    private static func decodeVersion2(from reader: inout ByteReader, pools: inout [SKUCode: SKUPool]) throws
        -> Version2Parts
    {
        var parts = Version2Parts()
        for _ in 0..<(try reader.count(each: 2)) {
            let name = try reader.channel()
            parts.settings[name] = try EventCodec.decodeSettings(from: &reader)
        }
        for _ in 0..<(try reader.count(each: 2)) {
            let key = ListingKey(channel: try reader.channel(), listing: try reader.string())
            parts.listings[key] = ListingMapping(sku: try reader.sku(), pack: try reader.int())
        }
        for _ in 0..<(try reader.count(each: 2)) {
            let line = try EventCodec.decodeParked(from: &reader)
            parts.parked[line.id] = line
        }
        for _ in 0..<(try reader.count(each: 2)) {
            let key = ListingKey(channel: try reader.channel(), listing: try reader.string())
            parts.published[key] = try reader.int()
        }
        for _ in 0..<(try reader.count(each: 2)) {
            let code = try reader.sku()
            let time = Timestamp(millisecondsSince1970: try reader.milliseconds())
            pools[code]?.countedAt = time
        }
        parts.purchasing = try decodePurchasing(from: &reader)
        return parts
    }
}
