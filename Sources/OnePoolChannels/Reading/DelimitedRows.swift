import CCRC32C
import CLibCSV

#if canImport(Glibc)
    import Glibc
#endif

/// One row of a delimited file as the reader streams it: its fields' bytes lie in the reader's
/// own memory, valid only while the closure that was handed the row runs.
public struct DelimitedRow {
    /// The 1-based line the row starts on.
    public let line: Int
    public let count: Int
    private let bytes: UnsafePointer<UInt8>
    private let starts: UnsafePointer<Int>
    private let ends: UnsafePointer<Int>

    init(line: Int, count: Int, bytes: UnsafePointer<UInt8>, starts: UnsafePointer<Int>, ends: UnsafePointer<Int>) {
        self.line = line
        self.count = count
        self.bytes = bytes
        self.starts = starts
        self.ends = ends
    }

    /// The bytes of field `index` (quotes removed, doubled quotes made single); empty past the
    /// row's last field.
    public func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        guard index >= 0, index < count else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: bytes + starts[index], count: ends[index] - starts[index])
    }

    /// Field `index` as text ("" past the row's last field). The reader checked it is UTF-8.
    public func string(_ index: Int) -> String { String(decoding: bytes(index), as: UTF8.self) }

    /// Every field as text (what a rejects file or a small table keeps).
    public func strings() -> [String] { (0..<count).map(string) }
}

/// Streams the rows of a delimited file: comma-separated text through libcsv (RFC 4180 quoting,
/// see `CLibCSV`), tab-separated text split on tabs, in chunks, so reading costs the memory of a
/// chunk's rows whatever the size of the file. Every refusal names file:line:column.
///
/// UTF-8 with or without a byte-order mark is accepted (spreadsheets add one); UTF-16 (what
/// Excel's "Unicode text" writes) and bytes that are not UTF-8 at all are refused with the line.
public final class DelimitedRows {
    public let file: String
    public let delimiter: DelimitedFile.Delimiter
    private let reader: OpaquePointer
    private var sawStart = false

    /// Bytes read from a file per step.
    static let chunkSize = 1 << 20

    public convenience init(file: String, delimiter: DelimitedFile.Delimiter) throws(ImportFailure) {
        try self.init(file: file, delimiter: delimiter, libcsvOnly: false)
    }

    /// `libcsvOnly`: every line through libcsv, without the shim's shortcuts for plain lines and
    /// lines whose quoted fields close on them (tests compare the two).
    init(file: String, delimiter: DelimitedFile.Delimiter, libcsvOnly: Bool) throws(ImportFailure) {
        self.file = file
        self.delimiter = delimiter
        guard let reader = op_csv_new(delimiter == .tab ? 9 : 44) else {
            throw ImportFailure([ImportProblem(file: file, line: 1, message: "out of memory while starting to read")])
        }
        if libcsvOnly { op_csv_read_all_with_libcsv(reader) }
        self.reader = reader
    }

    deinit { op_csv_free(reader) }

    /// Parses the next bytes of the file and hands each row completed by them to `row`.
    public func feed(_ chunk: UnsafeRawBufferPointer, _ row: (DelimitedRow) throws -> Void) throws {
        var body = chunk
        if !sawStart, !body.isEmpty {
            sawStart = true
            body = try Self.skipByteOrderMark(body, file: file)
        }
        guard let base = body.baseAddress?.assumingMemoryBound(to: UInt8.self), !body.isEmpty else { return }
        let status = op_csv_feed(reader, base, body.count)
        try deliver(row)
        try check(status)
    }

    /// The end of the file: the last row, if it has no line end.
    public func finish(_ row: (DelimitedRow) throws -> Void) throws {
        let status = op_csv_finish(reader)
        try deliver(row)
        try check(status)
    }

    private func deliver(_ row: (DelimitedRow) throws -> Void) throws {
        let rows = op_csv_row_count(reader)
        guard rows > 0, let bytes = op_csv_bytes(reader), let starts = op_csv_field_starts(reader),
            let ends = op_csv_field_ends(reader)
        else { return }
        defer { op_csv_take_rows(reader) }
        for index in 0..<rows {
            let first = op_csv_row_first_field(reader, index)
            try row(
                DelimitedRow(
                    line: Int(op_csv_row_line(reader, index)), count: op_csv_row_fields(reader, index), bytes: bytes,
                    starts: starts + first, ends: ends + first))
        }
    }

    private func check(_ status: op_csv_status) throws(ImportFailure) {
        guard status != OP_CSV_OK else { return }
        let line = Int(op_csv_error_line(reader))
        let field = Int(op_csv_error_field(reader))
        throw ImportFailure([
            ImportProblem(
                file: file, line: max(1, line), column: field > 0 ? field : nil, message: Self.message(status))
        ])
    }

    static func message(_ status: op_csv_status) -> String {
        switch status {
        case OP_CSV_QUOTE_IN_UNQUOTED:
            "a \" inside a field that does not start with one; expected the whole field in quotes with the \" doubled "
                + "(\"8\"\" Skillet\"), as CSV (RFC 4180) writes it"
        case OP_CSV_TEXT_AFTER_QUOTE:
            "text after a quoted field's closing \"; expected a comma or the end of the line (a \" inside quotes is "
                + "written twice: \"\")"
        case OP_CSV_NOT_UTF8:
            "the file is not UTF-8 text (found a byte that is not UTF-8, e.g. Latin-1 or Windows-1252); expected UTF-8 "
                + "— re-export as \"CSV UTF-8\""
        case OP_CSV_UNCLOSED_QUOTE:
            "a quoted field opened on this line is never closed (expected a closing \")"
        case OP_CSV_FIELD_TOO_LARGE:
            "a field or line longer than \(OP_CSV_MAX_FIELD >> 20) MiB starts here; expected a closing \" "
                + "(a quoted field left open swallows the rest of the file)"
        default:
            "out of memory while reading"
        }
    }

    /// Skips a UTF-8 byte-order mark; refuses UTF-16.
    private static func skipByteOrderMark(
        _ bytes: UnsafeRawBufferPointer, file: String
    ) throws(ImportFailure) -> UnsafeRawBufferPointer {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw ImportFailure([
                ImportProblem(
                    file: file, line: 1,
                    message: "the file is UTF-16 (it starts with a UTF-16 byte-order mark); expected UTF-8 — save or "
                        + "export it as \"CSV UTF-8\"")
            ])
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return UnsafeRawBufferPointer(rebasing: bytes[3...]) }
        return bytes
    }

    /// Tabs in the first line mean a tab-separated file (the first line after a byte-order mark).
    public static func guessDelimiter(_ start: UnsafeRawBufferPointer) -> DelimitedFile.Delimiter {
        for byte in start {
            if byte == 10 || byte == 13 { break }
            if byte == 9 { return .tab }
        }
        return .comma
    }
}

extension DelimitedRows {
    /// Reads a whole file, header first: `header` gets the first row (every row is refused
    /// if the file has none), `row` every row after it, in file order; `read` then gets what the
    /// open file was once read to its end (to tell whether a second read reads the same file).
    public static func read(
        path: String, file: String, delimiter: DelimitedFile.Delimiter? = nil,
        header: ([String]) throws -> Void, row: (DelimitedRow) throws -> Void,
        read: ((FileIdentity) throws -> Void)? = nil
    ) throws {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw ImportFailure([
                ImportProblem(
                    file: file, line: 1, message: "cannot read the file: \(String(cString: strerror(errno)))")
            ])
        }
        defer { close(descriptor) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var reader: DelimitedRows?
        var sawHeader = false
        // The bytes' CRC-32C, so that a second read can tell the same file from one rewritten in
        // place to the same size within the same clock tick. With the CPU's instruction only
        // (every x86-64 since 2008): ~30 ms over a 370 MB file; without it the identity is the
        // file's metadata alone.
        var content: UInt32? = FileIdentity.canDigestContent ? ~0 : nil
        let each: (DelimitedRow) throws -> Void = { line in
            if sawHeader { return try row(line) }
            sawHeader = true
            try header(line.strings())
        }
        while true {
            let got = Glibc.read(descriptor, buffer.baseAddress, chunkSize)
            if got < 0 {
                if errno == EINTR { continue }
                throw ImportFailure([
                    ImportProblem(
                        file: file, line: 1, message: "cannot read the file: \(String(cString: strerror(errno)))")
                ])
            }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[..<got])
            if reader == nil {
                let start =
                    chunk.starts(with: [0xEF, 0xBB, 0xBF])
                    ? UnsafeRawBufferPointer(rebasing: chunk[3...]) : chunk
                reader = try DelimitedRows(file: file, delimiter: delimiter ?? guessDelimiter(start))
            }
            if got == 0 { break }
            if let crc = content, let base = chunk.baseAddress { content = onepool_crc32c_update(crc, base, got) }
            try reader?.feed(chunk, each)
        }
        try reader?.finish(each)
        if let read { try read(FileIdentity(descriptor: descriptor, content: content.map { ~$0 })) }
        if !sawHeader {
            throw ImportFailure([
                ImportProblem(
                    file: file, line: 1, message: "the file is empty; expected a header line")
            ])
        }
    }
}

/// Which file, and which version of it, an open descriptor reads: device, inode, size, the times
/// of its last change (a write or a rename changes `ctime`, which no one can set back) and the
/// CRC-32C of the bytes read (nil where the CPU has no CRC-32C instruction).
public struct FileIdentity: Equatable, Sendable {
    var device, inode: UInt64
    var size: Int64
    var modified, changed: timespec
    var content: UInt32?

    /// Checked once per process.
    static let canDigestContent = onepool_crc32c_available() != 0

    init(descriptor: Int32, content: UInt32?) {
        var status = stat()
        if fstat(descriptor, &status) != 0 { status = stat() }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        modified = status.st_mtim
        changed = status.st_ctim
        self.content = content
    }

    public static func == (left: FileIdentity, right: FileIdentity) -> Bool {
        left.device == right.device && left.inode == right.inode && left.size == right.size
            && left.modified.tv_sec == right.modified.tv_sec && left.modified.tv_nsec == right.modified.tv_nsec
            && left.changed.tv_sec == right.changed.tv_sec && left.changed.tv_nsec == right.changed.tv_nsec
            && left.content == right.content
    }
}
