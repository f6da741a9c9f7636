import Foundation

/// JSON Lines (jsonlines.org) read from a file a chunk at a time: each line is parsed alone,
/// so memory holds one chunk and one line, never the whole file.
enum JSONLines {
    static let chunk = 1 << 20
    /// The longest line accepted (a line beyond is counted unreadable, not held whole).
    static let maxLine = 1 << 22

    /// Calls `body` with each non-empty line parsed (nil: not JSON); returns the lines seen.
    @discardableResult
    static func forEach(in file: URL, _ body: (JSONValue?) -> Void) throws -> Int {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        var pending = Data()
        var count = 0
        var oversized = false
        func finish(_ line: Data) {
            guard !line.isEmpty || oversized else { return }
            count += 1
            body(oversized ? nil : JSONValue.parse(line))
            oversized = false
        }
        while let data = try handle.read(upToCount: chunk), !data.isEmpty {
            var start = data.startIndex
            while let newline = data[start...].firstIndex(of: 0x0A) {
                if !oversized { pending.append(data[start..<newline]) }
                finish(pending)
                pending.removeAll(keepingCapacity: true)
                start = data.index(after: newline)
            }
            if !oversized { pending.append(data[start...]) }
            if pending.count > maxLine {
                oversized = true
                pending.removeAll()
            }
        }
        finish(pending)
        return count
    }
}
