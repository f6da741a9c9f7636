import OnePoolCore

/// `RecordScanner.scan` with `EventCodec.decodeForFold`, in two steps so that two threads can
/// share the decoding: first frame the records (checksums, sequences, batches: cheap and in
/// order), then decode the framed payloads in chunks, in any order, each into its own slot.
/// `result` then gives exactly the `RecordScan` one scan would have given, and the events
/// decoded are exactly those it would have delivered (`JournalReplayTests` compare the two).
enum ChunkedScan {
    /// Records per chunk: a few hundred events, small enough for two threads to share a
    /// window of ~5,000, large enough that taking one costs nothing next to decoding it.
    static let chunkSize = 256

    /// How far a scan had got after a whole batch: what it reports if a later record fails to
    /// decode.
    struct Committed {
        var eventCount: Int
        var committedEnd: Int
        var lastSequence: UInt64
        var lastRecordStart: Int?
    }

    /// What framing found: the payloads of the records of whole batches, in order, the points
    /// after each batch, and the scan's verdict if every payload decodes.
    struct Framed {
        var payloads: [UnsafeRawBufferPointer] = []
        var batches: [Committed] = []
        var scan = RecordScan.nothing(at: 0, nextSequence: 1)
    }

    /// How decoding a chunk went: how many of its records decoded (each into its slot, in
    /// order), and why the next one did not, if one did not.
    struct ChunkOutcome {
        var decoded: Int
        var failure: DecodeError?
    }

    /// Frames `bytes` (the segment from `fileOffset`) into `framed`, reusing its arrays.
    static func frame(_ bytes: UnsafeRawBufferPointer, fileOffset: Int, nextSequence: UInt64, into framed: inout Framed)
    {
        framed.payloads.removeAll(keepingCapacity: true)
        framed.batches.removeAll(keepingCapacity: true)
        framed.scan = frame(
            bytes, fileOffset: fileOffset, nextSequence: nextSequence, payloads: &framed.payloads,
            batches: &framed.batches)
    }

    private static func frame(
        _ bytes: UnsafeRawBufferPointer, fileOffset: Int, nextSequence: UInt64,
        payloads: inout [UnsafeRawBufferPointer], batches: inout [Committed]
    ) -> RecordScan {
        RecordScanner.scan(
            bytes, fileOffset: fileOffset, nextSequence: nextSequence,
            decode: { (reader: inout ByteReader) throws(DecodeError) in reader.unread },
            deliver: { payloads.append($0) },
            committed: { scan in
                batches.append(
                    Committed(
                        eventCount: scan.eventCount, committedEnd: scan.committedEnd, lastSequence: scan.lastSequence,
                        lastRecordStart: scan.lastRecordStart))
            })
    }

    /// Decodes chunk `index` of `payloads` into `slots` (slot `i` for payload `i`), stopping at
    /// the first payload that does not decode.
    static func decode(
        chunk index: Int, of payloads: UnsafeBufferPointer<UnsafeRawBufferPointer>,
        into slots: UnsafeMutablePointer<FoldEvent>, strings: UnsafeMutablePointer<StringTable>
    ) -> ChunkOutcome {
        let start = index * chunkSize
        let end = min(payloads.count, start + chunkSize)
        var at = start
        while at < end {
            var reader = ByteReader(payloads[at])
            reader.strings = strings
            do { (slots + at).initialize(to: try EventCodec.decodeForFold(from: &reader)) } catch {
                return ChunkOutcome(decoded: at - start, failure: error)
            }
            at += 1
        }
        return ChunkOutcome(decoded: end - start, failure: nil)
    }

    /// The first payload that did not decode, from the chunks' outcomes in order; nil if all did.
    static func firstFailure(_ outcomes: UnsafeBufferPointer<ChunkOutcome>) -> (index: Int, error: DecodeError)? {
        for (chunk, outcome) in outcomes.enumerated() {
            if let failure = outcome.failure { return (chunk * chunkSize + outcome.decoded, failure) }
        }
        return nil
    }

    /// What one scan returns, given the first payload that did not decode: it stopped there,
    /// reporting the record as damaged, with the events before it delivered and its position
    /// as after the last whole batch before it. (`bytes` is what was framed.)
    static func result(
        _ framed: Framed, failure: (index: Int, error: DecodeError)?, bytes: UnsafeRawBufferPointer, fileOffset: Int,
        nextSequence: UInt64
    ) -> RecordScan {
        guard let failure, let base = bytes.baseAddress, let payload = framed.payloads[failure.index].baseAddress else {
            return framed.scan
        }
        let recordStart = payload - base - RecordFormat.headerSize
        let before =
            framed.batches.last { $0.eventCount <= failure.index }
            ?? Committed(eventCount: 0, committedEnd: fileOffset, lastSequence: nextSequence &- 1, lastRecordStart: nil)
        return RecordScan(
            committedEnd: before.committedEnd, lastSequence: before.lastSequence, eventCount: failure.index,
            tail: .damaged(
                offset: fileOffset + recordStart,
                detail: "record passes its checksum but does not decode: \(failure.error)"),
            lastRecordStart: before.lastRecordStart)
    }
}
