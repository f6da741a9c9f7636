/// Turns a file's bytes into text, refusing what would be misread rather than guessing.
///
/// UTF-8 with or without a byte-order mark is accepted (spreadsheets add one); UTF-16 (what
/// Excel's "Unicode text" writes) and bytes that are not UTF-8 at all are refused with the line.
enum TextDecoding {
    static func decode(_ bytes: [UInt8], file: String) throws(ImportFailure) -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if body.starts(with: [0xFF, 0xFE]) || body.starts(with: [0xFE, 0xFF]) {
            throw ImportFailure([ImportProblem(
                file: file, line: 1,
                message: "the file is UTF-16 (it starts with a UTF-16 byte-order mark); expected UTF-8 — save or export it as \"CSV UTF-8\"")])
        }
        if let text = String(validating: body, as: UTF8.self) { return text }
        throw ImportFailure([ImportProblem(
            file: file, line: firstInvalidLine(body),
            message: "the file is not UTF-8 text (found a byte that is not UTF-8, e.g. Latin-1 or Windows-1252); expected UTF-8 — re-export as \"CSV UTF-8\"")])
    }

    /// The line holding the first byte sequence that does not decode as UTF-8.
    private static func firstInvalidLine(_ bytes: ArraySlice<UInt8>) -> Int {
        var line = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput: return line
            case .error: return line
            }
        }
    }
}
