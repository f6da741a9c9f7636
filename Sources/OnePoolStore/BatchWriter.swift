import OnePoolCore

/// Frames the events of one batch into journal records as they come, and hands the bytes to the
/// file in pieces of about `flushSize` (without syncing), so a batch of millions of events never
/// sits in memory whole: what grows is the file, not the process.
///
/// A record's type (`first`, `middle`, `last`, or `full` for a batch of one) depends on what
/// follows it, and its checksum covers the type, so the newest record is held back, unsealed,
/// until the next event or the end of the batch decides it. Everything before it is sealed and
/// may be written. A batch is complete only once its `last` record is on disk: until then a
/// reader sees an unfinished tail and applies none of it (see `RecordScanner`).
struct BatchWriter: ~Copyable {
    private var writer: ByteWriter
    /// Where in `writer` the newest record starts (unsealed), if any.
    private var pending: Int?
    private(set) var events = 0
    /// Bytes of this batch already handed to the file.
    private(set) var written = 0
    private let flushSize: Int

    init(capacity: Int = 64 << 10, flushSize: Int = 1 << 20) {
        writer = ByteWriter(capacity: max(capacity, 64))
        self.flushSize = flushSize
    }

    /// Encodes `event` as the batch's next record. Encoding reuses the writer's memory: no
    /// allocation per event once the writer has grown to a flush's size.
    mutating func add(_ event: Event) {
        beginRecord()
        EventCodec.encode(event, into: &writer)
    }

    /// `add` from an event's parts, with its actor already encoded (`ByteWriter.encodedString`):
    /// a commit encodes each change as it passes its check, without making an `Event` for it.
    mutating func add(
        sequence: UInt64, time: Timestamp, actor: [UInt8], idempotencyKey: String?, change: Change
    ) {
        beginRecord()
        EventCodec.encode(
            sequence: sequence, time: time, actor: actor, idempotencyKey: idempotencyKey, change: change,
            into: &writer)
    }

    /// `add` of an order line placed, cancelled or shipped, from the line alone
    /// (`StockState.commitOrderLine`).
    mutating func add(
        sequence: UInt64, time: Timestamp, actor: [UInt8], idempotencyKey: String?, kind: OrderLineEventKind,
        line: OrderLineFacts
    ) {
        beginRecord()
        EventCodec.encode(
            sequence: sequence, time: time, actor: actor, idempotencyKey: idempotencyKey, kind: kind, line: line,
            into: &writer)
    }

    /// Seals the record before (now that it is known not to be the last) and starts a new one,
    /// its header to be filled in by `seal`.
    private mutating func beginRecord() {
        if let pending { seal(pending, as: events == 1 ? .first : .middle) }
        pending = writer.count
        writer.u64(0)
        writer.u8(0)
        events += 1
    }

    /// Whether enough sealed bytes have gathered to be written now.
    var wantsFlush: Bool { (pending ?? 0) >= flushSize }

    /// Hands the sealed records to `write` (bytes, offset within the batch) and forgets them.
    mutating func flush(_ write: (UnsafeRawBufferPointer, Int) throws(StoreError) -> Void) throws(StoreError) {
        guard let pending, pending > 0 else { return }
        let offset = written
        try writer.withUnsafeBytes { (bytes) throws(StoreError) in
            try write(UnsafeRawBufferPointer(rebasing: bytes[..<pending]), offset)
        }
        written += pending
        writer.removeFirst(pending)
        self.pending = 0
    }

    /// Seals the last record (`last`, or `full` if it is the only one) and hands the rest to
    /// `write`. Returns where the final record starts within the batch, and its checksum (what a
    /// snapshot taken after the batch is anchored to).
    mutating func finish(
        _ write: (UnsafeRawBufferPointer, Int) throws(StoreError) -> Void
    ) throws(StoreError) -> (finalRecord: Int, checksum: UInt32, size: Int) {
        guard let last = pending else { return (0, 0, 0) }
        let checksum = seal(last, as: events == 1 ? .full : .last)
        let finalRecord = written + last
        let offset = written
        try writer.withUnsafeBytes { (bytes) throws(StoreError) in try write(bytes, offset) }
        written += writer.count
        writer.removeFirst(writer.count)
        pending = nil
        return (finalRecord, checksum, written)
    }

    /// Fills in the type, payload length and checksum of the record at `start`, which ends where
    /// the writer ends now. Returns the stored (masked) checksum.
    @discardableResult
    private mutating func seal(_ start: Int, as type: RecordFormat.RecordType) -> UInt32 {
        let end = writer.count
        writer.patchU32(UInt32(end - start - RecordFormat.headerSize), at: start + 4)
        writer.patchU8(type.rawValue, at: start + 8)
        let crc = writer.withUnsafeBytes { buffer in
            CRC32C.checksum(UnsafeRawBufferPointer(rebasing: buffer[(start + 4)..<end]))
        }
        let stored = CRC32C.mask(crc)
        writer.patchU32(stored, at: start)
        return stored
    }
}
