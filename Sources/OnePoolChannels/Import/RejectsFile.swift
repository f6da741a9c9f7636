/// The rows an import's `--skip-bad` left out, with the file's own header plus `line` and
/// `problems` columns, so they can be fixed and imported again.
public enum RejectsFile {
    /// A person opens it in a spreadsheet to fix it: every cell, the file's own header included,
    /// is escaped against formulas (the CSV writing is `UploadWriter.csv`'s, the one writer).
    public static func text(header: [String], rows: [RejectedRow]) -> String {
        UploadWriter.csv(
            header: ["line", "problems"] + header,
            rows: rows.sorted { $0.line < $1.line }.map { row in
                ["\(row.line)", row.problems.map(\.message).joined(separator: "; ")] + row.fields
            }, spreadsheetSafe: true)
    }
}
