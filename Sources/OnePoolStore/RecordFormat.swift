import OnePoolCore

/// How events are framed in a journal segment (after the segment header).
///
/// Each record is `crc32c (4, masked) | payload length (4) | type (1) | payload`, the checksum
/// covering length, type and payload. A commit writes one *batch*: a single `full` record, or
/// `first`, `middle`…, `last`. A batch is applied whole or not at all, so a crash mid-batch
/// never leaves half an import behind: an unfinished final batch is a torn tail.
enum RecordFormat {
    static let headerSize = 9
    static let maxPayload = 16 << 20

    enum RecordType: UInt8 {
        case full = 1, first = 2, middle = 3, last = 4
    }

    /// Encodes and frames the events of one batch into `writer`: one write, one sync. Returns
    /// where in `writer` the batch's final record starts (a snapshot taken after it anchors there).
    @discardableResult
    static func appendBatch(_ events: [Event], into writer: inout ByteWriter) -> Int {
        var finalRecordStart = writer.count
        for (index, event) in events.enumerated() {
            let type: RecordType =
                events.count == 1 ? .full : index == 0 ? .first : index == events.count - 1 ? .last : .middle
            let start = writer.count
            finalRecordStart = start
            writer.u32(0)
            writer.u32(0)
            writer.u8(type.rawValue)
            EventCodec.encode(event, into: &writer)
            writer.patchU32(UInt32(writer.count - start - headerSize), at: start + 4)
            let end = writer.count
            let crc = writer.withUnsafeBytes { buffer in
                CRC32C.checksum(UnsafeRawBufferPointer(rebasing: buffer[(start + 4)..<end]))
            }
            writer.patchU32(CRC32C.mask(crc), at: start)
        }
        return finalRecordStart
    }

    /// A record that passed its checksum.
    struct Record {
        var type: RecordType
        var payload: UnsafeRawBufferPointer
        var end: Int
    }

    /// The record at `offset` if it is whole and its checksum holds; nil otherwise.
    static func record(in bytes: UnsafeRawBufferPointer, at offset: Int) -> Record? {
        // Pointer arithmetic after one bounds check (every replayed record comes here): slices
        // of the buffer checked their bounds again at each step.
        guard offset >= 0, bytes.count - offset >= headerSize, let base = bytes.baseAddress else { return nil }
        let start = base + offset
        let storedCRC = UInt32(littleEndian: start.loadUnaligned(as: UInt32.self))
        let length = Int(UInt32(littleEndian: start.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
        guard length <= maxPayload, let type = RecordType(rawValue: start.load(fromByteOffset: 8, as: UInt8.self))
        else { return nil }
        guard length <= bytes.count - offset - headerSize else { return nil }
        let covered = UnsafeRawBufferPointer(start: start + 4, count: length + headerSize - 4)
        guard CRC32C.mask(CRC32C.checksum(covered)) == storedCRC else { return nil }
        return Record(
            type: type, payload: UnsafeRawBufferPointer(start: start + headerSize, count: length),
            end: offset + headerSize + length)
    }
}
