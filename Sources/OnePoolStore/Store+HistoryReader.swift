import OnePoolCore

extension Store {
    /// Calls `body` with every event of the journal of the store at `path`, oldest first, from
    /// sequence `from` up to and including sequence `through`, without opening the store (no
    /// snapshot, no state, no lock): for a reader on another thread — the console's background
    /// loader — while a `Store` is in use on this one (a `Store` is not shared between threads).
    /// Never writes.
    ///
    /// Segments that end before `from` are not read: the scan starts at the newest segment whose
    /// header says it begins at or before `from` (at the first segment if any header does not
    /// read). Events after `through` are not delivered (a batch being written now, or bytes past
    /// a repair marker, lie after it when `through` is an open store's last sequence); damage
    /// between the segment scanned first and `through` is thrown, naming the file and offset.
    public static func forEachEvent(
        inStoreAt path: String, from: UInt64 = 1, through: UInt64, _ body: (Event) throws -> Void
    ) throws {
        let layout = StoreLayout(root: path)
        let numbers = try layout.segmentNumbers()
        let (startIndex, firstSequence) = firstSegment(holding: from, of: numbers, in: layout)
        var nextSequence = firstSequence
        for number in numbers[startIndex...] {
            guard nextSequence <= through else { return }
            let file = try PosixFile.open(layout.segment(number), .read)
            let size = try file.size()
            let bytes = try file.read(at: SegmentHeader.size, count: max(0, size - SegmentHeader.size))
            var failure: Error? = nil
            var reachedEnd = false
            let scan = bytes.withUnsafeBytes { buffer in
                RecordScanner.scan(buffer, fileOffset: SegmentHeader.size, nextSequence: nextSequence) { event in
                    guard failure == nil, !reachedEnd else { return }
                    guard event.sequence <= through else {
                        reachedEnd = true
                        return
                    }
                    guard event.sequence >= from else { return }
                    do { try body(event) } catch { failure = error }
                }
            }
            if let failure { throw failure }
            if reachedEnd || scan.lastSequence >= through { return }
            if case .damaged(let offset, let detail) = scan.tail {
                throw StoreError.damaged(path: file.path, offset: offset, detail: detail)
            }
            nextSequence = scan.lastSequence + 1
        }
    }

    /// The index in `numbers` of the newest segment whose header says it starts at or before
    /// sequence `from`, and that first sequence; (0, 1) — the whole journal — when `from` is 1,
    /// or when a header on the way does not read (the whole scan then meets the damage as
    /// before).
    private static func firstSegment(
        holding from: UInt64, of numbers: [UInt32], in layout: StoreLayout
    ) -> (index: Int, firstSequence: UInt64) {
        guard from > 1 else { return (0, 1) }
        for index in numbers.indices.reversed() {
            guard index > 0 else { break }
            guard let file = try? PosixFile.open(layout.segment(numbers[index]), .read),
                let bytes = try? file.read(at: 0, count: SegmentHeader.size),
                let header = try? bytes.withUnsafeBytes({ buffer throws(SegmentHeader.Problem) in
                    try SegmentHeader.parse(buffer)
                }),
                header.segmentNumber == numbers[index], header.firstSequence > 1
            else { return (0, 1) }
            if header.firstSequence <= from { return (index, header.firstSequence) }
        }
        return (0, 1)
    }
}
