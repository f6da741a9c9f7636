/// Reads the quantities back out of an upload file (ours or the channel's own template), so a
/// published file can be checked against what was recorded.
public enum UploadReader {
    /// Listing → quantity, for Amazon Price & Quantity (`sku`, `quantity`), Shopify inventory
    /// (`SKU`, `On hand (new)`) and generic (`listing`, `quantity`) files. Rows with no
    /// quantity (left unchanged on the channel) are absent.
    public static func quantities(_ file: DelimitedFile) throws(ImportFailure) -> [String: Int] {
        let pairs: [(String, String)] = [("listing", "quantity"), ("sku", "quantity"), ("SKU", "On hand (new)")]
        guard
            let (listingColumn, quantityColumn) = pairs.lazy.compactMap({ pair -> (Int, Int)? in
                guard let listing = file.column(pair.0), let quantity = file.column(pair.1) else { return nil }
                return (listing, quantity)
            }).first
        else {
            throw ImportFailure([
                ImportProblem(
                    file: file.file, line: 1, message: "expected a quantity upload file (sku and quantity columns)")
            ])
        }
        var result: [String: Int] = [:]
        var problems: [ImportProblem] = []
        for index in file.rows.indices {
            var fields = RowFields(file, row: index)
            let listing = fields.text(listingColumn)
            guard !listing.isEmpty, !fields.text(quantityColumn).isEmpty else { continue }
            if let quantity = fields.quantity(quantityColumn, minimum: 0) { result[listing] = quantity }
            problems += fields.problems
        }
        if !problems.isEmpty { throw ImportFailure(problems) }
        return result
    }
}
