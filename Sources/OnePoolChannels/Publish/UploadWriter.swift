import CSV
import Foundation
import OnePoolCore

/// Writes a channel's quantity upload file in the layout the channel accepts.
///
/// Upload files are read by the channel's import, which matches listings by their exact ids:
/// every identifier (listing, SKU, handle, location) is written byte for byte, never
/// formula-escaped. Formula escaping belongs to files a person opens in a spreadsheet: the
/// import's rejects file (`RejectsFile`, through `csv`), and the read verbs' CSV (for titles, names and reasons only).
public enum UploadWriter {
    /// Amazon's Price & Quantity file: tab-separated, `sku` and `quantity` set, the other
    /// columns left empty (Amazon leaves a field unchanged when its cell is empty).
    public static func amazonPriceQuantity(_ lines: [PublishLine]) -> String {
        var text =
            "sku\tprice\tminimum-seller-allowed-price\tmaximum-seller-allowed-price\tquantity\thandling-time\tfulfillment-channel\n"
        for line in lines {
            text += "\(tabSafe(line.listing))\t\t\t\t\(line.quantity)\t\t\n"
        }
        return text
    }

    /// Shopify's inventory CSV. Shopify's import only edits "On hand (new)" and matches rows by
    /// Handle and options, which OnePool does not keep; the SKU and location are written and
    /// Handle is left empty (see the README: fill it from a template export when Shopify asks).
    /// On hand is set so that Shopify's available (on hand − committed) equals the allocation.
    public static func shopifyInventory(_ lines: [PublishLine], location: String) -> String {
        let header = ["Handle", "Title", "SKU", "Location", "On hand (current)", "On hand (new)"]
        return csv(
            header: header,
            rows: lines.map { line in
                ["", "", line.listing, location, "", "\(line.quantity + line.committed / max(1, line.pack))"]
            })
    }

    /// The upload file for a channel's format.
    public static func file(
        _ lines: [PublishLine], channel: ChannelName, format: ChannelFormat, location: String = "Main Warehouse"
    ) -> String {
        switch format {
        case .amazon: amazonPriceQuantity(lines)
        case .shopify: shopifyInventory(lines, location: location)
        case .generic: generic(lines, channel: channel)
        }
    }

    /// The usual file name extension of a format's upload.
    public static func fileExtension(_ format: ChannelFormat) -> String { format == .amazon ? "txt" : "csv" }

    /// Shopify's inventory CSV built on the store's own inventory export (`template`): Shopify
    /// matches rows by Handle and options, which OnePool does not keep, so the export's rows for
    /// `location` are written back whole with only "On hand (new)" filled in — a file Shopify's
    /// import takes as it is. Listings the export lacks are listed in `missing`.
    public static func shopifyInventory(
        _ lines: [PublishLine], location: String, template: DelimitedFile
    ) throws(ImportFailure) -> (text: String, missing: [String]) {
        let columns = try template.requireColumns(["SKU", "Location"])
        guard let target = template.column("On hand (new)") else {
            throw ImportFailure([
                ImportProblem(
                    file: template.file, line: 1,
                    message: "missing column 'On hand (new)': use an inventory export from Shopify's Inventory page")
            ])
        }
        let wanted = Dictionary(
            lines.map { ($0.listing, $0.quantity + $0.committed / max(1, $0.pack)) },
            uniquingKeysWith: { first, _ in first })
        var rows: [[String]] = []
        var found = Set<String>()
        for (index, row) in template.rows.enumerated() {
            let fields = RowFields(template, row: index)
            let sku = fields.text(columns["SKU"])
            guard fields.text(columns["Location"]) == location, let quantity = wanted[sku] else { continue }
            var copy = row
            while copy.count < template.header.count { copy.append("") }
            copy[target] = "\(quantity)"
            rows.append(copy)
            found.insert(sku)
        }
        let missing = lines.map(\.listing).filter { !found.contains($0) }.sorted()
        return (csv(header: template.header, rows: rows), missing)
    }

    /// OnePool's generic quantities CSV: `channel,listing,sku,pack,quantity`.
    public static func generic(_ lines: [PublishLine], channel: ChannelName) -> String {
        csv(
            header: ["channel", "listing", "sku", "pack", "quantity"],
            rows: lines.map { line in
                [channel.rawValue, line.listing, line.sku.rawValue, "\(line.pack)", "\(line.quantity)"]
            })
    }

    /// RFC 4180 text via CSV.swift; with `spreadsheetSafe` (a file for people, not for a
    /// channel) every cell, header included, is escaped against formulas.
    public static func csv(header: [String], rows: [[String]], spreadsheetSafe escaping: Bool = false) -> String {
        let stream = OutputStream(toMemory: ())
        guard let writer = try? CSVWriter(stream: stream) else { return "" }
        try? writer.write(row: escaping ? header.map(spreadsheetSafe) : header)
        for row in rows { try? writer.write(row: escaping ? row.map(spreadsheetSafe) : row) }
        writer.stream.close()
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else { return "" }
        return (String(data: data, encoding: .utf8) ?? "") + "\n"
    }

    /// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a
    /// leading apostrophe (OWASP's advice against CSV injection), so opening an upload file never
    /// executes what a listing id says; whole numbers are left alone.
    public static func spreadsheetSafe(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first else { return cell }
        if "=+-@\t\r".unicodeScalars.contains(first) && Int(cell) == nil { return "'" + cell }
        return cell
    }

    /// Tab-separated cells cannot hold tabs or line breaks; they become spaces (listing ids
    /// never hold them: the store refuses control characters in a listing id).
    static func tabSafe(_ cell: String) -> String {
        guard cell.utf8.contains(where: { $0 == 9 || $0 == 10 || $0 == 13 }) else { return cell }
        return String(cell.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
