import OnePoolCore

extension Store {
    /// Calls `body` with every event in the journal, oldest first, up to this store's position.
    /// Reads the segments afresh (snapshots hold state, not history).
    public func forEachEvent(_ body: (Event) throws -> Void) throws {
        let end = journalPosition
        var nextSequence: UInt64 = 1
        for number in try layout.segmentNumbers() where number <= end.segment {
            let file = try PosixFile.open(layout.segment(number), .read)
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

extension Store {
    /// The events between `position` (where a reader last stopped, holding `nextSequence - 1`)
    /// and this store's current position: what arrived since, from any process.
    ///
    /// A console remembers `journalPosition` after each look and asks for what followed.
    public func events(after position: JournalPosition, nextSequence: UInt64) throws -> [Event] {
        let end = journalPosition
        var events: [Event] = []
        var next = nextSequence
        var segment = position.segment
        var offset = position.offset
        while segment <= end.segment {
            let file = try PosixFile.open(layout.segment(segment), .read)
            let limit = segment == end.segment ? end.offset : try file.size()
            if limit > offset {
                let bytes = try file.read(at: offset, count: limit - offset)
                let scan = bytes.withUnsafeBytes { buffer in
                    RecordScanner.scan(buffer, fileOffset: offset, nextSequence: next) { events.append($0) }
                }
                if case .damaged(let at, let detail) = scan.tail {
                    throw StoreError.damaged(path: file.path, offset: at, detail: detail)
                }
                next = scan.lastSequence + 1
            }
            segment += 1
            offset = SegmentHeader.size
        }
        return events
    }
}
