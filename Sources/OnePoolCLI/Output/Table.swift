import CSV
import Foundation
import OnePoolChannels

/// Rows for output, rendered as an aligned table, CSV or JSON from one definition so the three
/// formats never disagree.
struct Table {
    enum Kind { case text, number }

    struct Column {
        var name: String
        var kind: Kind
        init(_ name: String, _ kind: Kind = .text) {
            self.name = name
            self.kind = kind
        }
    }

    var columns: [Column]
    var rows: [[String]] = []

    init(_ columns: [Column]) { self.columns = columns }

    mutating func add(_ row: [String]) {
        precondition(row.count == columns.count, "a row must have a value per column")
        rows.append(row)
    }

    func render(_ format: OutputFormat) -> String {
        switch format {
        case .table: renderText()
        case .csv: renderCSV()
        case .json: renderJSON()
        }
    }

    private func renderText() -> String {
        var widths = columns.map { $0.name.count }
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (index, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                let isLast = index == cells.count - 1
                parts.append(columns[index].kind == .number ? padding + cell : (isLast ? cell : cell + padding))
            }
            return parts.joined(separator: "  ")
        }
        var out = [line(columns.map { $0.name.uppercased() })]
        out += rows.map(line)
        return out.joined(separator: "\n")
    }

    private func renderCSV() -> String {
        guard let writer = try? CSVWriter(stream: .toMemory()) else { return "" }
        try? writer.write(row: columns.map(\.name))
        for row in rows {
            let safe = zip(columns, row).map { column, cell in column.kind == .number ? cell : UploadWriter.spreadsheetSafe(cell) }
            try? writer.write(row: safe)
        }
        writer.stream.close()
        guard let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    private func renderJSON() -> String {
        let objects: [[String: Any]] = rows.map { row in
            var object: [String: Any] = [:]
            for (column, cell) in zip(columns, row) {
                if cell.isEmpty {
                    object[column.name] = NSNull()
                } else if column.kind == .number, let number = Int(cell) {
                    object[column.name] = number
                } else if column.kind == .number, let number = Double(cell) {
                    object[column.name] = number
                } else {
                    object[column.name] = cell
                }
            }
            return object
        }
        guard let data = try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys]) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }
}
