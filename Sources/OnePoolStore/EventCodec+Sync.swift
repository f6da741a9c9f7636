import OnePoolCore

/// The encoding of sync facts: after the `sync` tag, a sub-tag, then the fields. Sub-tags are
/// stable forever, like tags. Also the sync part of a snapshot (`encode(_: SyncState)`).
extension EventCodec {
    private enum SyncTag: UInt8 {
        case pulled = 1
        case catalogued, pushing, pushed, drift, health, observed
    }

    static func encode(_ change: SyncChange, into writer: inout ByteWriter) {
        switch change {
        case .pulled(let pull):
            writer.u8(SyncTag.pulled.rawValue)
            writer.string(pull.channel)
            writer.string(pull.cursor)
            writer.varint(UInt64(pull.sold.count))
            for sold in pull.sold {
                writer.string(sold.listing)
                writer.int(sold.units)
            }
            writer.varint(UInt64(pull.restockable.count))
            for listing in pull.restockable { writer.string(listing) }
        case .catalogued(let channel, let listings, let removed):
            writer.u8(SyncTag.catalogued.rawValue)
            writer.string(channel)
            writer.varint(UInt64(listings.count))
            for listing in listings {
                writer.string(listing.listing)
                writer.string(listing.remoteID)
            }
            writer.varint(UInt64(removed.count))
            for listing in removed { writer.string(listing) }
        case .pushing(let intent):
            writer.u8(SyncTag.pushing.rawValue)
            encode(intent, into: &writer)
        case .pushed(let answer):
            writer.u8(SyncTag.pushed.rawValue)
            encode(SyncPushIntent(channel: answer.channel, key: answer.key, lines: answer.lines), into: &writer)
            switch answer.answer {
            case .applied:
                writer.u8(0)
            case .stale(let listings):
                writer.u8(1)
                writer.varint(UInt64(listings.count))
                for listing in listings { writer.string(listing) }
            case .refused(let reason):
                writer.u8(2)
                writer.string(reason)
            }
        case .drift(let drift):
            writer.u8(SyncTag.drift.rawValue)
            encode(drift, into: &writer)
        case .observed(let key, let quantity):
            writer.u8(SyncTag.observed.rawValue)
            writer.string(key.channel)
            writer.string(key.listing)
            writer.int(quantity)
        case .health(let channel, let health):
            writer.u8(SyncTag.health.rawValue)
            writer.string(channel)
            encode(health, into: &writer)
        }
    }

    static func decodeSync(from reader: inout ByteReader) throws(DecodeError) -> SyncChange {
        let tagOffset = reader.index
        let raw = try reader.u8()
        guard let tag = SyncTag(rawValue: raw) else {
            throw DecodeError(offset: tagOffset, detail: "unknown sync fact \(raw) (written by a newer onepool?)")
        }
        switch tag {
        case .pulled:
            let channel = try reader.recurringChannel()
            let cursor = try reader.string()
            var sold: [ListingUnits] = []
            for _ in 0..<(try reader.varint()) {
                sold.append(ListingUnits(listing: try reader.string(), units: try reader.int()))
            }
            var restockable: [String] = []
            for _ in 0..<(try reader.varint()) { restockable.append(try reader.string()) }
            return .pulled(SyncPull(channel: channel, cursor: cursor, sold: sold, restockable: restockable))
        case .catalogued:
            let channel = try reader.recurringChannel()
            var listings: [RemoteListing] = []
            for _ in 0..<(try reader.varint()) {
                listings.append(RemoteListing(listing: try reader.string(), remoteID: try reader.string()))
            }
            var removed: [String] = []
            for _ in 0..<(try reader.varint()) { removed.append(try reader.string()) }
            return .catalogued(channel: channel, listings: listings, removed: removed)
        case .pushing:
            return .pushing(try decodeIntent(from: &reader))
        case .pushed:
            let intent = try decodeIntent(from: &reader)
            let answerOffset = reader.index
            let answer: PushAnswer
            switch try reader.u8() {
            case 0: answer = .applied
            case 1:
                var listings: [String] = []
                for _ in 0..<(try reader.varint()) { listings.append(try reader.string()) }
                answer = .stale(listings: listings)
            case 2: answer = .refused(try reader.string())
            case let other: throw DecodeError(offset: answerOffset, detail: "unknown push answer \(other)")
            }
            return .pushed(
                SyncPushAnswer(channel: intent.channel, key: intent.key, lines: intent.lines, answer: answer))
        case .drift:
            return .drift(try decodeDrift(from: &reader))
        case .health:
            return .health(channel: try reader.recurringChannel(), try decodeHealth(from: &reader))
        case .observed:
            let key = ListingKey(channel: try reader.recurringChannel(), listing: try reader.string())
            return .observed(key, quantity: try reader.int())
        }
    }

    private static func encode(_ intent: SyncPushIntent, into writer: inout ByteWriter) {
        writer.string(intent.channel)
        writer.string(intent.key)
        writer.varint(UInt64(intent.lines.count))
        for line in intent.lines {
            writer.string(line.listing)
            writer.bool(line.from != nil)
            writer.int(line.from ?? 0)
            writer.int(line.to)
        }
    }

    private static func decodeIntent(from reader: inout ByteReader) throws(DecodeError) -> SyncPushIntent {
        let channel = try reader.recurringChannel()
        let key = try reader.string()
        var lines: [PushLine] = []
        for _ in 0..<(try reader.varint()) {
            let listing = try reader.string()
            let hasFrom = try reader.bool()
            let from = try reader.int()
            lines.append(PushLine(listing: listing, from: hasFrom ? from : nil, to: try reader.int()))
        }
        return SyncPushIntent(channel: channel, key: key, lines: lines)
    }

    private static func encode(_ drift: SyncDrift, into writer: inout ByteWriter) {
        writer.string(drift.key.channel)
        writer.string(drift.key.listing)
        writer.int(drift.expected)
        writer.int(drift.found)
    }

    private static func decodeDrift(from reader: inout ByteReader) throws(DecodeError) -> SyncDrift {
        let key = ListingKey(channel: try reader.recurringChannel(), listing: try reader.string())
        return SyncDrift(key: key, expected: try reader.int(), found: try reader.int())
    }

    private static func encode(_ health: SyncHealth, into writer: inout ByteWriter) {
        switch health {
        case .working:
            writer.u8(0)
        case .failing(let kind, let message):
            writer.u8(1)
            writer.string(kind)
            writer.string(message)
        }
    }

    private static func decodeHealth(from reader: inout ByteReader) throws(DecodeError) -> SyncHealth {
        let offset = reader.index
        switch try reader.u8() {
        case 0: return .working
        case 1: return .failing(kind: try reader.string(), message: try reader.string())
        case let other: throw DecodeError(offset: offset, detail: "unknown sync health \(other)")
        }
    }

    private static func optionalTime(_ time: Timestamp?, into writer: inout ByteWriter) {
        writer.int(time.map { $0.millisecondsSince1970 + 1 } ?? 0)
    }

    private static func decodeOptionalTime(from reader: inout ByteReader) throws(DecodeError) -> Timestamp? {
        let raw = try reader.int64()
        return raw == 0 ? nil : Timestamp(millisecondsSince1970: raw - 1)
    }

    // MARK: - Snapshot section

    static func encode(_ sync: SyncState, into writer: inout ByteWriter) {
        writer.varint(UInt64(sync.cursors.count))
        for (channel, cursor) in sync.cursors.sorted(by: { $0.key < $1.key }) {
            writer.string(channel)
            writer.string(cursor)
        }
        writer.varint(UInt64(sync.remote.count))
        for (key, remoteID) in sync.remote.sorted(by: { $0.key < $1.key }) {
            writer.string(key.channel)
            writer.string(key.listing)
            writer.string(remoteID)
        }
        writer.varint(UInt64(sync.expected.count))
        for (key, quantity) in sync.expected.sorted(by: { $0.key < $1.key }) {
            writer.string(key.channel)
            writer.string(key.listing)
            writer.int(quantity)
        }
        writer.varint(UInt64(sync.restockable.count))
        for key in sync.restockable.sorted() {
            writer.string(key.channel)
            writer.string(key.listing)
        }
        writer.varint(UInt64(sync.pending.count))
        for (_, intent) in sync.pending.sorted(by: { $0.key < $1.key }) { encode(intent, into: &writer) }
        writer.varint(UInt64(sync.drift.count))
        for (_, drift) in sync.drift.sorted(by: { $0.key < $1.key }) { encode(drift, into: &writer) }
        writer.varint(UInt64(sync.channels.count))
        for (channel, record) in sync.channels.sorted(by: { $0.key < $1.key }) {
            writer.string(channel)
            optionalTime(record.lastPull, into: &writer)
            optionalTime(record.lastPush, into: &writer)
            encode(record.health, into: &writer)
            optionalTime(record.healthSince, into: &writer)
            writer.int(record.pushesApplied)
            writer.int(record.pushesStale)
            writer.int(record.driftCount)
            optionalTime(record.lastDrift, into: &writer)
        }
    }

    static func decodeSyncState(from reader: inout ByteReader) throws(DecodeError) -> SyncState {
        var sync = SyncState()
        for _ in 0..<(try reader.varint()) { sync.cursors[try reader.channel()] = try reader.string() }
        for _ in 0..<(try reader.varint()) {
            sync.remote[ListingKey(channel: try reader.channel(), listing: try reader.string())] = try reader.string()
        }
        for _ in 0..<(try reader.varint()) {
            sync.expected[ListingKey(channel: try reader.channel(), listing: try reader.string())] = try reader.int()
        }
        for _ in 0..<(try reader.varint()) {
            sync.restockable.insert(ListingKey(channel: try reader.channel(), listing: try reader.string()))
        }
        for _ in 0..<(try reader.varint()) {
            let intent = try decodeIntent(from: &reader)
            sync.pending[intent.channel] = intent
        }
        for _ in 0..<(try reader.varint()) {
            let drift = try decodeDrift(from: &reader)
            sync.drift[drift.key] = drift
        }
        for _ in 0..<(try reader.varint()) {
            let channel = try reader.channel()
            var record = SyncChannelRecord()
            record.lastPull = try decodeOptionalTime(from: &reader)
            record.lastPush = try decodeOptionalTime(from: &reader)
            record.health = try decodeHealth(from: &reader)
            record.healthSince = try decodeOptionalTime(from: &reader)
            record.pushesApplied = try reader.int()
            record.pushesStale = try reader.int()
            record.driftCount = try reader.int()
            record.lastDrift = try decodeOptionalTime(from: &reader)
            sync.channels[channel] = record
        }
        return sync
    }
}
