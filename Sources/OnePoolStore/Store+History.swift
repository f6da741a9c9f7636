import OnePoolCore

extension Store {
    /// Calls `body` with every event in the journal, oldest first, up to this store's position.
    /// Reads the segments afresh (snapshots hold state, not history).
    public func forEachEvent(_ body: (Event) throws -> Void) throws {
        let end = journalPosition
        var nextSequence: UInt64 = 1
        for number in try layout.segmentNumbers() where number <= end.segment {
            let file = try PosixFile.open(layout.segment(number), readOnly: true)
            let limit = number == end.segment ? end.offset : try file.size()
            let bytes = try file.read(at: SegmentHeader.size, count: max(0, limit - SegmentHeader.size))
            var failure: Error? = nil
            let scan = bytes.withUnsafeBytes { buffer in
                RecordScanner.scan(buffer, fileOffset: SegmentHeader.size, nextSequence: nextSequence) { event in
                    guard failure == nil else { return }
                    do { try body(event) } catch { failure = error }
                }
            }
            if let failure { throw failure }
            if case .damaged(let offset, let detail) = scan.tail {
                throw StoreError.damaged(path: file.path, offset: offset, detail: detail)
            }
            nextSequence = scan.lastSequence + 1
        }
    }
}
