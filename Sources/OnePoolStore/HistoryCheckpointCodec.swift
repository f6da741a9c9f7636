import OnePoolCore

/// A history checkpoint file (`STORE/snapshots/<seq>.oph`): `HistoryFolds` of the journal up to
/// one event, so that a reader folds only the journal after it (issue 17, goal 5).
///
/// Layout (version 1): a 104-byte header — magic, version, sequence, journal position, the
/// *anchor* (file offset and checksum of the journal record it ends on), the store's identity,
/// the UTC offset the days were folded with, the first day of channel sales kept, payload
/// length and checksum, the header's checksum — then the payload: demand series, the stock-out
/// calendar (its lean pool as a snapshot payload, then the tracks), incoming purchases and
/// drafted orders, daily channel sales, returns. Nothing read is trusted: every count is
/// checked against the bytes left, every value against its range, and any failure is a
/// `Problem` (the reader then ignores the file), never a trap.
enum HistoryCheckpointCodec {
    static let magic: [UInt8] = Array("ONEPOOLH".utf8)
    static let version: UInt32 = 1
    static let headerSize = 104
    /// Where the header's checksum is (it covers the bytes before it).
    static let headerChecksumAt = 100
    /// The widest UTC offset a zone has (±18 h bounds every real one).
    static let utcOffsetLimit = 18 * 3_600
    /// Day numbers beyond this (±2.7 million years) are not a calendar's: refused.
    static let dayLimit = 1 << 30

    struct Loaded {
        var folds: HistoryFolds
        var sequence: UInt64
        var position: JournalPosition
        var anchor: SnapshotAnchor
        var identity: [UInt8]
    }

    enum Problem: Error, CustomStringConvertible, Equatable {
        case notACheckpoint
        case unknownVersion(UInt32)
        case checksum(String)
        case undecodable(String)

        var description: String {
            switch self {
            case .notACheckpoint: "not a history checkpoint"
            case .unknownVersion(let version): "history checkpoint format \(version) is not one this onepool reads"
            case .checksum(let part): "\(part) checksum mismatch"
            case .undecodable(let detail): "payload does not decode: \(detail)"
            }
        }
    }

    static func encode(
        _ folds: HistoryFolds, sequence: UInt64, position: JournalPosition, anchor: SnapshotAnchor,
        identity: [UInt8]
    ) -> [UInt8] {
        var payload = ByteWriter(capacity: 1 << 20)
        encodeDemand(folds.demand, into: &payload)
        encodeStockouts(folds.stockouts, into: &payload)
        encodeIncoming(folds.incoming, into: &payload)
        encodeChannelSales(folds.channelSales, into: &payload)
        encodeReturns(folds.returns, into: &payload)

        var file = ByteWriter(capacity: headerSize + payload.count)
        file.raw(magic)
        file.u32(version)
        file.u32(0)
        file.u64(sequence)
        file.u32(position.segment)
        file.u32(0)
        file.u64(UInt64(position.offset))
        file.u32(anchor.recordChecksum)
        file.u32(0)
        file.u64(UInt64(anchor.recordStart))
        file.raw(identity.count == 16 ? identity : [UInt8](repeating: 0, count: 16))
        file.u64(UInt64(bitPattern: Int64(folds.utcOffsetSeconds)))
        file.u64(UInt64(bitPattern: Int64(folds.channelSales.since)))
        file.u64(UInt64(payload.count))
        file.u32(CRC32C.mask(payload.withUnsafeBytes { CRC32C.checksum($0) }))
        let headerCRC = file.withUnsafeBytes { CRC32C.checksum($0) }
        file.u32(CRC32C.mask(headerCRC))
        payload.withUnsafeBytes { file.raw($0) }
        return file.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(Problem) -> Loaded {
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(Problem) in try decode(buffer) } }
        return try result.get()
    }

    private static func decode(_ buffer: UnsafeRawBufferPointer) throws(Problem) -> Loaded {
        guard buffer.count >= 12, Array(buffer[0..<8]) == magic else { throw .notACheckpoint }
        let fileVersion = buffer.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian
        guard fileVersion == version else { throw .unknownVersion(fileVersion) }
        guard buffer.count >= headerSize else { throw .checksum("header") }
        let headerCRC = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: buffer[0..<headerChecksumAt]))
        let storedHeaderCRC = buffer.loadUnaligned(fromByteOffset: headerChecksumAt, as: UInt32.self).littleEndian
        guard CRC32C.mask(headerCRC) == storedHeaderCRC else { throw .checksum("header") }
        do {
            var header = ByteReader(buffer, at: 16)
            let sequence = try header.u64()
            let segment = try header.u32()
            _ = try header.u32()
            let offset = try header.u64()
            let anchorChecksum = try header.u32()
            _ = try header.u32()
            let anchorStart = try header.u64()
            let identity = Array(try header.bytes(16))
            let utcOffset = Int64(bitPattern: try header.u64())
            let since = Int64(bitPattern: try header.u64())
            let length = try header.u64()
            let payloadCRC = try header.u32()
            guard offset <= UInt64(Int32.max), anchorStart < offset else {
                throw Problem.undecodable("journal offset \(offset) or anchor \(anchorStart) is out of range")
            }
            guard (-Int64(utcOffsetLimit)...Int64(utcOffsetLimit)).contains(utcOffset) else {
                throw Problem.undecodable("UTC offset \(utcOffset) s is out of range")
            }
            guard (-Int64(dayLimit)...Int64(dayLimit)).contains(since) else {
                throw Problem.undecodable("day \(since) is out of range")
            }
            guard length == UInt64(buffer.count - headerSize) else { throw Problem.checksum("payload length") }
            let payload = UnsafeRawBufferPointer(rebasing: buffer[headerSize...])
            guard CRC32C.mask(CRC32C.checksum(payload)) == payloadCRC else { throw Problem.checksum("payload") }
            var reader = ByteReader(payload)
            let folds = try decodeFolds(from: &reader, utcOffsetSeconds: Int(utcOffset), since: Int(since))
            guard reader.remaining == 0 else { throw Problem.undecodable("\(reader.remaining) bytes after the end") }
            return Loaded(
                folds: folds, sequence: sequence, position: JournalPosition(segment: segment, offset: Int(offset)),
                anchor: SnapshotAnchor(recordStart: Int(anchorStart), recordChecksum: anchorChecksum),
                identity: identity)
        } catch let problem as Problem {
            throw problem
        } catch {
            throw .undecodable("\(error)")
        }
    }

    private static func decodeFolds(from reader: inout ByteReader, utcOffsetSeconds: Int, since: Int) throws
        -> HistoryFolds
    {
        let demand = try decodeDemand(from: &reader, utcOffsetSeconds: utcOffsetSeconds)
        let stockouts = try decodeStockouts(from: &reader, utcOffsetSeconds: utcOffsetSeconds)
        let incoming = try decodeIncoming(from: &reader, utcOffsetSeconds: utcOffsetSeconds)
        let channelSales = try decodeChannelSales(from: &reader, since: since, utcOffsetSeconds: utcOffsetSeconds)
        let returns = try decodeReturns(from: &reader)
        return HistoryFolds(
            demand: demand, stockouts: stockouts, incoming: incoming, channelSales: channelSales, returns: returns)
    }

    /// A day number, refused outside `dayLimit` (so that sums of days never overflow).
    private static func day(from reader: inout ByteReader) throws -> Int {
        let start = reader.index
        let day = try reader.int()
        guard (-dayLimit...dayLimit).contains(day) else {
            throw DecodeError(offset: start, detail: "day \(day) is out of range")
        }
        return day
    }

    // MARK: Demand: each SKU's first day and daily units (never negative), as varints.

    private static func encodeDemand(_ demand: DemandHistory, into writer: inout ByteWriter) {
        writer.varint(UInt64(demand.series.count))
        for code in demand.series.keys.sorted() {
            guard let series = demand.series[code] else { continue }
            writer.string(code)
            writer.int(series.firstDay)
            writer.varint(UInt64(series.units.count))
            for units in series.units { writer.varint(UInt64(max(0, units))) }
        }
    }

    private static func decodeDemand(from reader: inout ByteReader, utcOffsetSeconds: Int) throws -> DemandHistory {
        let count = try reader.count(each: 4)
        var series: [SKUCode: DemandHistory.Series] = [:]
        series.reserveCapacity(count)
        for _ in 0..<count {
            let code = try reader.sku()
            let firstDay = try day(from: &reader)
            let start = reader.index
            let days = try reader.count(each: 1)
            guard days >= 1, days <= dayLimit else {
                throw DecodeError(offset: start, detail: "a series of \(days) days")
            }
            var units: [Int32] = []
            units.reserveCapacity(days)
            for _ in 0..<days {
                let value = try reader.varint()
                guard value <= UInt64(Int32.max) else {
                    throw DecodeError(offset: reader.index, detail: "\(value) units in a day")
                }
                units.append(Int32(value))
            }
            guard series.updateValue(DemandHistory.Series(firstDay: firstDay, units: units), forKey: code) == nil else {
                throw DecodeError(offset: start, detail: "SKU \(code) has two demand series")
            }
        }
        return DemandHistory(utcOffsetSeconds: utcOffsetSeconds, series: series)
    }

    // MARK: Stock-outs: the lean pool (a snapshot payload, length-prefixed), then the tracks.

    private static func encodeStockouts(_ calendar: StockoutCalendar, into writer: inout ByteWriter) {
        let pool = calendar.leanPool
        var state = ByteWriter(capacity: 1 << 16)
        SnapshotCodec.encodeState(pool, into: &state)
        writer.u64(pool.lastSequence)
        writer.varint(UInt64(state.count))
        state.withUnsafeBytes { writer.raw($0) }
        let tracks = calendar.savedTracks
        writer.varint(UInt64(tracks.count))
        for code in tracks.keys.sorted() {
            guard let track = tracks[code] else { continue }
            writer.string(code)
            writer.int(track.firstDay)
            writer.int(track.day)
            writer.bool(track.outToday)
            writer.int(track.available)
            writer.varint(UInt64(track.runs.count))
            for run in track.runs {
                writer.int(run.lowerBound)
                writer.int(run.upperBound)
            }
        }
    }

    private static func decodeStockouts(from reader: inout ByteReader, utcOffsetSeconds: Int) throws
        -> StockoutCalendar
    {
        let sequence = try reader.u64()
        let length = try reader.count(each: 1)
        var stateReader = ByteReader(try reader.bytes(length))
        let pool = try SnapshotCodec.decodeState(from: &stateReader, sequence: sequence, version: SnapshotCodec.version)
        guard stateReader.remaining == 0 else {
            throw DecodeError(offset: reader.index, detail: "the lean pool leaves \(stateReader.remaining) bytes")
        }
        let count = try reader.count(each: 6)
        var tracks: [SKUCode: StockoutCalendar.Track] = [:]
        tracks.reserveCapacity(count)
        for _ in 0..<count {
            let start = reader.index
            let code = try reader.sku()
            let firstDay = try day(from: &reader)
            let latest = try day(from: &reader)
            let outToday = try reader.bool()
            let available = try reader.int()
            var runs: [ClosedRange<Int>] = []
            for _ in 0..<(try reader.count(each: 2)) {
                let lower = try day(from: &reader)
                let upper = try day(from: &reader)
                guard lower <= upper, (runs.last?.upperBound ?? Int.min) < lower else {
                    throw DecodeError(offset: start, detail: "out-of-stock runs of \(code) out of order")
                }
                runs.append(lower...upper)
            }
            let track = StockoutCalendar.Track(
                firstDay: firstDay, runs: runs, day: latest, outToday: outToday, available: available)
            guard tracks.updateValue(track, forKey: code) == nil else {
                throw DecodeError(offset: start, detail: "SKU \(code) has two stock-out tracks")
            }
        }
        return StockoutCalendar(utcOffsetSeconds: utcOffsetSeconds, pool: pool, tracks: tracks)
    }

    // MARK: Incoming: each SKU's open purchases, oldest first; drafted orders not yet sent.

    private static func encodeIncoming(_ incoming: IncomingSchedule, into writer: inout ByteWriter) {
        writer.varint(UInt64(incoming.open.count))
        for code in incoming.open.keys.sorted() {
            guard let purchases = incoming.open[code] else { continue }
            writer.string(code)
            writer.varint(UInt64(purchases.count))
            for purchase in purchases {
                writer.int(purchase.day)
                writer.int(purchase.quantity)
            }
        }
        let drafts = incoming.draftedOrders.pending
        writer.varint(UInt64(drafts.count))
        for order in drafts { EventCodec.encode(order, into: &writer) }
    }

    private static func decodeIncoming(from reader: inout ByteReader, utcOffsetSeconds: Int) throws
        -> IncomingSchedule
    {
        var open: [SKUCode: [IncomingSchedule.Purchase]] = [:]
        for _ in 0..<(try reader.count(each: 2)) {
            let start = reader.index
            let code = try reader.sku()
            var purchases: [IncomingSchedule.Purchase] = []
            for _ in 0..<(try reader.count(each: 2)) {
                purchases.append(IncomingSchedule.Purchase(day: try day(from: &reader), quantity: try reader.int()))
            }
            guard open.updateValue(purchases, forKey: code) == nil else {
                throw DecodeError(offset: start, detail: "SKU \(code) has two incoming lists")
            }
        }
        var drafts: [PurchaseOrder] = []
        for _ in 0..<(try reader.count(each: 2)) { drafts.append(try EventCodec.decodeOrder(from: &reader)) }
        return IncomingSchedule(utcOffsetSeconds: utcOffsetSeconds, open: open, drafts: DraftedOrders(pending: drafts))
    }

    // MARK: Channel sales: units per day, SKU and channel from the header's first day.

    private static func encodeChannelSales(_ sales: DailyChannelSales, into writer: inout ByteWriter) {
        writer.varint(UInt64(sales.units.count))
        let keys = sales.units.keys.sorted {
            ($0.day, $0.sku.rawValue, $0.channel.rawValue) < ($1.day, $1.sku.rawValue, $1.channel.rawValue)
        }
        for key in keys {
            writer.int(key.day)
            writer.string(key.sku)
            writer.string(key.channel)
            writer.int(sales.units[key] ?? 0)
        }
    }

    private static func decodeChannelSales(from reader: inout ByteReader, since: Int, utcOffsetSeconds: Int) throws
        -> DailyChannelSales
    {
        let count = try reader.count(each: 4)
        var units: [DailyChannelSales.Key: Int] = [:]
        units.reserveCapacity(count)
        for _ in 0..<count {
            let start = reader.index
            let day = try day(from: &reader)
            let key = DailyChannelSales.Key(day: day, sku: try reader.sku(), channel: try reader.channel())
            guard day >= since else { throw DecodeError(offset: start, detail: "day \(day) before \(since)") }
            guard units.updateValue(try reader.int(), forKey: key) == nil else {
                throw DecodeError(offset: start, detail: "a day of channel sales appears twice")
            }
        }
        return DailyChannelSales(since: since, utcOffsetSeconds: utcOffsetSeconds, units: units)
    }

    // MARK: Returns: every return recorded, in journal order.

    private static func encodeReturns(_ returns: ReturnsWindow, into writer: inout ByteWriter) {
        writer.varint(UInt64(returns.entries.count))
        for entry in returns.entries {
            writer.int(entry.time.millisecondsSince1970)
            writer.string(entry.sku)
            writer.string(entry.channel)
            writer.int(entry.units)
        }
    }

    private static func decodeReturns(from reader: inout ByteReader) throws -> ReturnsWindow {
        var entries: [ReturnsWindow.Entry] = []
        for _ in 0..<(try reader.count(each: 4)) {
            entries.append(
                ReturnsWindow.Entry(
                    time: Timestamp(millisecondsSince1970: try reader.milliseconds()), sku: try reader.sku(),
                    channel: try reader.channel(), units: try reader.int()))
        }
        return ReturnsWindow(entries: entries)
    }
}
