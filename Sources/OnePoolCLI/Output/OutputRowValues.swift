import Foundation

/// A row model that lists its own cells, in the order of its columns: a long table of these is
/// written without encoding each row into a tree of keyed values first (`OutputEncoder` builds a
/// node per field and a dictionary per row — most of the time `reorder --all` spent printing
/// 100,000 rows). The values must be the encoder's, cell for cell: `OutputRowValuesTests` holds
/// each conforming model to `Output.encodedValues`.
protocol OutputRowValues: Codable {
    var outputValues: [OutputValue] { get }
}

/// CSV written as it is made, through one buffer, instead of one string of the whole table.
enum CSVStream {
    /// Bytes handed to `write` at a time (the last piece may be shorter).
    static let pieceSize = 1 << 16

    /// The header and `count` lines, each followed by a line break: the bytes of
    /// `CSVText.render(header:rows:)` and the line break `emit` adds after it.
    static func write(header: [String], count: Int, line: (Int) -> String, to write: ([UInt8]) -> Void) {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(pieceSize + 4_096)
        func append(_ text: String) {
            buffer.append(contentsOf: text.utf8)
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= pieceSize {
                write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        append(CSVText.headerLine(header))
        for index in 0..<count { append(line(index)) }
        if !buffer.isEmpty { write(buffer) }
    }

    /// `write` to standard output: what `print` holds in its buffer first, so the two never
    /// reorder, then the bytes, however many calls a pipe takes. A write that fails (a closed
    /// pipe, a full disk) ends the output, as `print` would lose it.
    static func standardOutput(_ bytes: [UInt8]) {
        fflush(nil)
        bytes.withUnsafeBufferPointer { buffer in
            guard var next = buffer.baseAddress else { return }
            var left = buffer.count
            while left > 0 {
                let written = Foundation.write(STDOUT_FILENO, next, left)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                next += written
                left -= written
            }
        }
    }
}
