import OnePoolCore

/// Shopify's products export (Products → Export, `products_export_1.csv`): one row per variant,
/// the product's own fields (Title, Vendor) on its first row only, image-only rows between.
///
/// Real admin exports (2025–2026) use `Handle`, `Variant SKU`, `Variant Price`, `Variant
/// Barcode`, `Option1 Value`; the help centre's newer template renames them `URL handle`, `SKU`,
/// `Price`, `Barcode`, `Option1 value`. Both are read, by header name.
enum ShopifyProductsReader {
    /// The header names of one field, older first.
    static let handle = ["Handle", "URL handle"]
    static let sku = ["Variant SKU", "SKU"]
    static let price = ["Variant Price", "Price"]
    static let barcode = ["Variant Barcode", "Barcode"]
    static let cost = ["Cost per item"]
    static let vendor = ["Vendor"]
    static let title = ["Title"]
    static func option(_ number: Int) -> [String] { ["Option\(number) Value", "Option\(number) value"] }

    /// A products export, told from an inventory export (which has `Location`) by its prices.
    static func detect(_ file: DelimitedFile) -> Bool {
        file.column(anyOf: handle) != nil && file.column(anyOf: sku) != nil && file.column(anyOf: price) != nil
            && file.column("Location") == nil
    }

    static func read(_ file: DelimitedFile) throws(ImportFailure) -> CatalogueReading {
        var missing: [ImportProblem] = []
        func need(_ names: [String]) -> Int? {
            if let column = file.column(anyOf: names) { return column }
            missing.append(
                ImportProblem(
                    file: file.file, line: 1, message: "missing column '\(names.joined(separator: "' or '"))'"))
            return nil
        }
        let handleColumn = need(handle)
        let skuColumn = need(sku)
        let priceColumn = need(price)
        let titleColumn = need(title)
        if !missing.isEmpty { throw ImportFailure(missing) }
        let barcodeColumn = file.column(anyOf: barcode)
        let costColumn = file.column(anyOf: cost)
        let vendorColumn = file.column(anyOf: vendor)
        let optionColumns = (1...3).map { file.column(anyOf: option($0)) }

        var reading = CatalogueReading(format: .shopifyProducts)
        var product: (handle: String, title: String, vendor: String) = ("", "", "")
        var seen: [String: Int] = [:]
        for index in file.rows.indices {
            var fields = RowFields(file, row: index)
            let handle = fields.text(handleColumn)
            if handle != product.handle {
                product = (handle, fields.text(titleColumn), fields.text(vendorColumn))
            }
            let code = fields.text(skuColumn)
            let priceText = fields.text(priceColumn)
            if code.isEmpty {
                // Image-only rows carry no variant; a variant without a SKU is not tracked by one.
                if !priceText.isEmpty { reading.skipped["variants without a SKU", default: 0] += 1 }
                continue
            }
            if let first = seen[code] {
                fields.problem(
                    skuColumn, "SKU \(code) appears twice in this file (first on line \(first)); expected each SKU once"
                )
            }
            let unitPrice = fields.money(priceColumn)
            let unitCost = fields.money(costColumn)
            guard fields.problems.isEmpty else {
                reading.rejected.append(
                    RejectedRow(line: fields.line, fields: file.rows[index], problems: fields.problems))
                continue
            }
            seen[code] = fields.line
            let options = optionColumns.map { fields.text($0) }.filter { !$0.isEmpty && $0 != "Default Title" }
            let title = product.title + (options.isEmpty ? "" : " - " + options.joined(separator: " / "))
            // Spreadsheets keep a barcode's leading zero behind an apostrophe ('073854100103).
            var barcode = fields.text(barcodeColumn)
            if barcode.hasPrefix("'") { barcode.removeFirst() }
            var row = CatalogueRow(
                fileLine: fields.line, sku: SKUCode(code), title: title.isEmpty ? code : title,
                barcode: barcode.isEmpty ? nil : barcode,
                cost: unitCost, price: unitPrice, onHand: nil)
            row.supplier = product.vendor.isEmpty ? nil : product.vendor
            row.describesCatalogue = true
            reading.rows.append(row)
        }
        return reading
    }
}

extension DelimitedFile {
    /// The first of `names` present in the header: one field under its older and newer names.
    func column(anyOf names: [String]) -> Int? {
        for name in names {
            if let found = column(name) { return found }
        }
        return nil
    }
}
