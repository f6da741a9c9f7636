import OnePoolChannels
import OnePoolConsole
import OnePoolCore

/// How read verbs print their Codable output models: an aligned table for people, CSV for
/// spreadsheets, JSON for scripts — each written from the same `OutputValue`s, so the three
/// never disagree, and none can fail (a failure can no more become "[]" than a row can vanish).
enum Output {
    /// Rows of one model: a table with a header (even with no rows), CSV, or a JSON array.
    static func rows<Row: Codable>(_ rows: [Row], format: OutputFormat) -> String {
        let columns = OutputColumns.of(Row.self)
        return render(columns: columns, values: rows.map { encodedValues($0, columns: columns) }, format: format)
    }

    /// The same for a model that lists its own cells (`OutputRowValues`): no tree per row.
    static func rows<Row: OutputRowValues>(_ rows: [Row], format: OutputFormat) -> String {
        render(columns: OutputColumns.of(Row.self), values: rows.map(\.outputValues), format: format)
    }

    /// One row's cells in the order of `columns`, from the encoder (a column it lacks is null).
    static func encodedValues<Row: Encodable>(_ row: Row, columns: [String]) -> [OutputValue] {
        guard case .object(let fields) = OutputEncoder.encode(row) else { return [] }
        let byKey = Dictionary(fields.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        return columns.map { byKey[$0] ?? .null }
    }

    private static func render(columns: [String], values: [[OutputValue]], format: OutputFormat) -> String {
        switch format {
        case .table: return TextTable.render(header: columns.map { $0.uppercased() }, rows: values)
        case .csv: return CSVText.render(header: columns, rows: values)
        case .json:
            return JSONText.render(
                .array(values.map { .object(Array(zip(columns, $0)).map { (key: $0.0, value: $0.1) }) }))
        }
    }

    /// One record: a two-column FIELD/VALUE table, `field,value` CSV, or a JSON object.
    static func record<Record: Encodable>(_ record: Record, format: OutputFormat) -> String {
        let value = OutputEncoder.encode(record)
        guard case .object(let fields) = value else { return JSONText.render(value) }
        switch format {
        case .table:
            return TextTable.render(
                header: ["FIELD", "VALUE"], rows: fields.map { [.text($0.key, .identifier), $0.value] },
                alignNumbers: false)
        case .csv:
            return CSVText.render(
                header: ["field", "value"], rows: fields.map { [.text($0.key, .identifier), $0.value] })
        case .json: return JSONText.render(value)
        }
    }

    /// A whole document (a PO, a forecast, a report) as JSON; its table and CSV forms are
    /// written by the verb from the same model.
    static func json<Document: Encodable>(_ document: Document) -> String {
        JSONText.render(OutputEncoder.encode(document))
    }

    /// A value as a table or terminal shows it: escaped text, plain numbers, two-decimal amounts.
    static func cell(_ value: OutputValue) -> String {
        switch value {
        case .text(let text, _): TerminalText.escaped(text)
        default: plain(value)
        }
    }

    /// A value as a file holds it: numbers as in `cell`, text unchanged.
    static func plain(_ value: OutputValue) -> String {
        switch value {
        case .null: ""
        case .bool(let flag): flag ? "yes" : "no"
        case .integer(let number): NumberText.units(number)
        case .number(let number, let places): places.map { NumberText.fixed(number, places: $0) } ?? "\(number)"
        case .money(let money): NumberText.money(money)
        case .text(let text, _): text
        case .array, .object: JSONText.render(value, pretty: false)
        }
    }
}

/// Columns sized by display width (a CJK title takes two columns a character), numbers to the
/// right, two spaces between columns, no trailing spaces.
enum TextTable {
    static func render(header: [String], rows: [[OutputValue]], alignNumbers: Bool = true) -> String {
        let cells = rows.map { $0.map(Output.cell) }
        var widths = header.map { TextWidth.of($0) }
        for row in cells {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], TextWidth.of(cell))
            }
        }
        var numeric = Array(repeating: false, count: header.count)
        if alignNumbers {
            for row in rows {
                for (index, value) in row.enumerated() where index < numeric.count && value.isNumeric {
                    numeric[index] = true
                }
            }
        }
        func line(_ row: [String]) -> String {
            var parts: [String] = []
            for (index, cell) in row.enumerated() {
                let padding = String(repeating: " ", count: max(0, widths[index] - TextWidth.of(cell)))
                let isLast = index == row.count - 1
                parts.append(numeric[index] ? padding + cell : (isLast ? cell : cell + padding))
            }
            var text = parts.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        return ([line(header)] + cells.map(line)).joined(separator: "\n")
    }
}

/// RFC 4180: a cell is quoted when it holds a comma, a quote or a line break (quotes doubled).
/// Free text that a spreadsheet would run as a formula gets a leading apostrophe; identifiers
/// and numbers never do.
enum CSVText {
    static func render(header: [String], rows: [[OutputValue]]) -> String {
        ([headerLine(header)] + rows.map(line)).joined(separator: "\n")
    }

    static func headerLine(_ header: [String]) -> String {
        header.map { quoted(UploadWriter.spreadsheetSafe($0)) }.joined(separator: ",")
    }

    /// One row's line, without its line break.
    static func line(_ row: [OutputValue]) -> String {
        row.map { value -> String in
            if case .text(let text, .freeText) = value { return quoted(UploadWriter.spreadsheetSafe(text)) }
            return quoted(Output.plain(value))
        }.joined(separator: ",")
    }

    static func quoted(_ cell: String) -> String {
        guard needsQuotes(cell) else { return cell }
        return "\"" + cell.replacingQuotes() + "\""
    }
}

/// JSON (RFC 8259) with keys in the model's order; amounts as exact decimals, fractions with
/// their places, control characters escaped.
enum JSONText {
    static func render(_ value: OutputValue, pretty: Bool = true) -> String {
        var out = ""
        write(value, into: &out, indent: pretty ? 0 : nil)
        return out
    }

    private static func write(_ value: OutputValue, into out: inout String, indent: Int?) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .integer(let number): out += String(number)
        case .number(let number, let places):
            out += number.isFinite ? (places.map { NumberText.fixed(number, places: $0) } ?? "\(number)") : "null"
        case .money(let money): out += money.isSaturated ? "null" : NumberText.money(money)
        case .text(let text, _): out += string(text)
        case .array(let items):
            guard !items.isEmpty else {
                out += "[]"
                return
            }
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                newline(&out, indent.map { $0 + 1 })
                write(item, into: &out, indent: indent.map { $0 + 1 })
            }
            newline(&out, indent)
            out += "]"
        case .object(let fields):
            guard !fields.isEmpty else {
                out += "{}"
                return
            }
            out += "{"
            for (index, field) in fields.enumerated() {
                if index > 0 { out += "," }
                newline(&out, indent.map { $0 + 1 })
                out += string(field.key) + (indent == nil ? ":" : ": ")
                write(field.value, into: &out, indent: indent.map { $0 + 1 })
            }
            newline(&out, indent)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: Int?) {
        guard let indent else { return }
        out += "\n" + String(repeating: "  ", count: indent)
    }

    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x2028...0x2029).contains(scalar.value) {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension CSVText {
    /// Whether a cell holds a comma, a quote or a line break, by character (a comma that a
    /// combining mark follows is another character). ASCII text — every number, most codes —
    /// is read byte by byte: there each character is one byte, but for "\r\n", which has both.
    static func needsQuotes(_ cell: String) -> Bool {
        var special = false
        for byte in cell.utf8 {
            // A mark after a comma makes it another character: only all-ASCII text is read by byte.
            guard byte < 0x80 else {
                return cell.contains(where: {
                    $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n"
                })
            }
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\r")
            {
                special = true
            }
        }
        return special
    }
}

extension String {
    fileprivate func replacingQuotes() -> String {
        var out = ""
        for character in self {
            if character == "\"" { out += "\"\"" } else { out.append(character) }
        }
        return out
    }
}
