import OnePoolCore

/// What scanning the records of one segment found.
struct RecordScan: Equatable {
    enum Tail: Equatable {
        /// Every byte belongs to a complete batch.
        case clean
        /// The final batch, starting at this file offset, is unfinished: a writer died
        /// mid-write (cut it off, under the lock) or is writing now (wait for it).
        case unfinished(offset: Int)
        /// Bytes that are not a torn tail: valid batches follow the damage, or a record that
        /// passed its checksum does not make sense. Never skipped.
        case damaged(offset: Int, detail: String)
    }

    /// File offset just past the last complete batch.
    var committedEnd: Int
    var lastSequence: UInt64
    var eventCount: Int
    var tail: Tail
    /// File offset of the final record of the last complete batch this scan delivered (what a
    /// snapshot taken here is anchored to); nil if it delivered none.
    var lastRecordStart: Int? = nil
}

/// Reads framed records, delivering the events of complete batches in order.
///
/// Pure over a byte buffer, so recovery rules are tested without files: the buffer holds the
/// segment from `fileOffset` to its end.
enum RecordScanner {
    static func scan(
        _ bytes: UnsafeRawBufferPointer, fileOffset: Int, nextSequence: UInt64, deliver: (Event) -> Void
    ) -> RecordScan {
        scan(bytes, fileOffset: fileOffset, nextSequence: nextSequence, decode: EventCodec.decode) { deliver($0) }
    }

    /// `scan` with the payload decoder chosen by the caller: replay decodes only what the fold
    /// needs (`EventCodec.decodeForFold`). A decoder must fail exactly where `EventCodec.decode`
    /// fails, as a record that does not decode is damage.
    ///
    /// `committed`, if given, sees what the scan would return (with a clean tail) each time a
    /// batch has been delivered whole: a caller that decodes the payloads later (`WindowDecoding`)
    /// tells from it how far the scan had got before any record.
    static func scan<Decoded>(
        _ bytes: UnsafeRawBufferPointer, fileOffset: Int, nextSequence: UInt64,
        decode: (inout ByteReader) throws(DecodeError) -> Decoded, deliver: (consuming Decoded) -> Void,
        committed: (RecordScan) -> Void = { _ in }
    ) -> RecordScan {
        var position = 0
        var expected = nextSequence
        var committedEnd = 0
        var committedSequence = nextSequence &- 1
        var delivered = 0
        var batchStart: Int? = nil
        var lastRecordStart: Int? = nil

        func result(_ tail: RecordScan.Tail) -> RecordScan {
            RecordScan(
                committedEnd: fileOffset + committedEnd, lastSequence: committedSequence, eventCount: delivered,
                tail: tail,
                lastRecordStart: lastRecordStart.map { fileOffset + $0 })
        }
        func damaged(_ offset: Int, _ detail: String) -> RecordScan {
            result(.damaged(offset: fileOffset + offset, detail: detail))
        }

        while position < bytes.count {
            guard let record = RecordFormat.record(in: bytes, at: position) else {
                // Torn, or damaged? Torn only if no later batch begins after it: a writer that
                // died mid-write is always the last writer, as the next one cuts before appending.
                if let later = laterBatchStart(in: bytes, after: position) {
                    return damaged(
                        position, "record fails its checksum, yet complete records follow at byte \(fileOffset + later)"
                    )
                }
                return result(.unfinished(offset: fileOffset + (batchStart ?? position)))
            }
            guard record.payload.count >= 8 else { return damaged(position, "record too short for a sequence") }
            let sequence = UInt64(littleEndian: record.payload.loadUnaligned(as: UInt64.self))
            guard sequence == expected else {
                return damaged(position, "sequence \(sequence) where \(expected) was expected")
            }
            switch record.type {
            case .full:
                guard batchStart == nil else {
                    return damaged(position, "a new batch begins before the previous one ended")
                }
                var reader = ByteReader(record.payload)
                do { deliver(try decode(&reader)) } catch {
                    return damaged(position, "record passes its checksum but does not decode: \(error)")
                }
                delivered += 1
                committedEnd = record.end
                committedSequence = sequence
                lastRecordStart = position
                committed(result(.clean))
            case .first:
                guard batchStart == nil else {
                    return damaged(position, "a new batch begins before the previous one ended")
                }
                batchStart = position
            case .middle, .last:
                guard let start = batchStart else { return damaged(position, "a batch continues that never began") }
                if record.type == .last {
                    // The batch is whole: decode and deliver it (its records' checksums passed above).
                    var at = start
                    while at < record.end {
                        let payloadLength = Int(
                            UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 4, as: UInt32.self)))
                        let payload = UnsafeRawBufferPointer(
                            rebasing: bytes[
                                (at + RecordFormat.headerSize)..<(at + RecordFormat.headerSize + payloadLength)])
                        var reader = ByteReader(payload)
                        do { deliver(try decode(&reader)) } catch {
                            return damaged(at, "record passes its checksum but does not decode: \(error)")
                        }
                        delivered += 1
                        at += RecordFormat.headerSize + payloadLength
                    }
                    batchStart = nil
                    committedEnd = record.end
                    committedSequence = sequence
                    lastRecordStart = position
                    committed(result(.clean))
                }
            }
            expected = sequence + 1
            position = record.end
        }
        if let batchStart { return result(.unfinished(offset: fileOffset + batchStart)) }
        return result(.clean)
    }

    /// The offset of the first whole record after `offset` that starts a batch, if any.
    private static func laterBatchStart(in bytes: UnsafeRawBufferPointer, after offset: Int) -> Int? {
        var position = offset + 1
        while position + RecordFormat.headerSize <= bytes.count {
            if let record = RecordFormat.record(in: bytes, at: position), record.type == .full || record.type == .first
            {
                return position
            }
            position += 1
        }
        return nil
    }
}
