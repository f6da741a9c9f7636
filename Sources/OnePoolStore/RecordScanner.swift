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
}

/// Reads framed records, delivering the events of complete batches in order.
///
/// Pure over a byte buffer, so recovery rules are tested without files: the buffer holds the
/// segment from `fileOffset` to its end.
enum RecordScanner {
    static func scan(
        _ bytes: UnsafeRawBufferPointer, fileOffset: Int, nextSequence: UInt64, deliver: (Event) -> Void
    ) -> RecordScan {
        var position = 0
        var expected = nextSequence
        var committedEnd = 0
        var committedSequence = nextSequence &- 1
        var delivered = 0
        var batch: [Event] = []
        var batchStart: Int? = nil

        func result(_ tail: RecordScan.Tail) -> RecordScan {
            RecordScan(committedEnd: fileOffset + committedEnd, lastSequence: committedSequence, eventCount: delivered, tail: tail)
        }
        func damaged(_ offset: Int, _ detail: String) -> RecordScan {
            result(.damaged(offset: fileOffset + offset, detail: detail))
        }

        while position < bytes.count {
            guard let record = RecordFormat.record(in: bytes, at: position) else {
                // Torn, or damaged? Torn only if no later batch begins after it: a writer that
                // died mid-write is always the last writer, as the next one cuts before appending.
                if let later = laterBatchStart(in: bytes, after: position) {
                    return damaged(position, "record fails its checksum, yet complete records follow at byte \(fileOffset + later)")
                }
                return result(.unfinished(offset: fileOffset + (batchStart ?? position)))
            }
            var reader = ByteReader(record.payload)
            let event: Event
            do {
                event = try EventCodec.decode(from: &reader)
            } catch {
                return damaged(position, "record passes its checksum but does not decode: \(error)")
            }
            guard event.sequence == expected else {
                return damaged(position, "sequence \(event.sequence) where \(expected) was expected")
            }
            switch record.type {
            case .full:
                guard batchStart == nil else { return damaged(position, "a new batch begins before the previous one ended") }
                deliver(event)
                delivered += 1
                committedEnd = record.end
                committedSequence = event.sequence
            case .first:
                guard batchStart == nil else { return damaged(position, "a new batch begins before the previous one ended") }
                batchStart = position
                batch = [event]
            case .middle, .last:
                guard batchStart != nil else { return damaged(position, "a batch continues that never began") }
                batch.append(event)
                if record.type == .last {
                    batch.forEach(deliver)
                    delivered += batch.count
                    batch.removeAll(keepingCapacity: true)
                    batchStart = nil
                    committedEnd = record.end
                    committedSequence = event.sequence
                }
            }
            expected = event.sequence + 1
            position = record.end
        }
        if let batchStart { return result(.unfinished(offset: fileOffset + batchStart)) }
        return result(.clean)
    }

    /// The offset of the first whole record after `offset` that starts a batch, if any.
    private static func laterBatchStart(in bytes: UnsafeRawBufferPointer, after offset: Int) -> Int? {
        var position = offset + 1
        while position + RecordFormat.headerSize <= bytes.count {
            if let record = RecordFormat.record(in: bytes, at: position), record.type == .full || record.type == .first {
                return position
            }
            position += 1
        }
        return nil
    }
}
