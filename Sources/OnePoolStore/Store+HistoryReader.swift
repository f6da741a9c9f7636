import OnePoolCore

extension Store {
    /// Calls `body` with every event of the journal of the store at `path`, oldest first, up to
    /// and including sequence `through`, without opening the store (no snapshot, no state, no
    /// lock): for a reader on another thread — the console's background loader — while a `Store`
    /// is in use on this one (a `Store` is not shared between threads). Never writes.
    ///
    /// Events after `through` are not delivered (a batch being written now, or bytes past a
    /// repair marker, lie after it when `through` is an open store's last sequence); damage
    /// before it is thrown, naming the file and offset.
    public static func forEachEvent(inStoreAt path: String, through: UInt64, _ body: (Event) throws -> Void) throws {
        let layout = StoreLayout(root: path)
        var nextSequence: UInt64 = 1
        for number in try layout.segmentNumbers() {
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
}
