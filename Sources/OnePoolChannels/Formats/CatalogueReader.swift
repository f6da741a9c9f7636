import OnePoolCore

/// One SKU as an onboarding file describes it, with its on-hand count summed over locations.
public struct CatalogueRow: Hashable, Sendable {
    public var fileLine: Int
    public var sku: SKUCode
    public var title: String
    public var barcode: String?
    public var cost: Money?
    public var price: Money?
    /// nil: stocked at no location (nothing to count).
    public var onHand: Int?
    /// Locations whose negative on hand was counted as 0.
    public var negativeLocations = 0
    /// The supplier (a products export's vendor).
    public var supplier: String?
    /// Units on hand that cannot be sold (an inventory export's Unavailable: damaged, in QC).
    public var unavailable: Int?
    /// Units on their way (an inventory export's Incoming).
    public var incoming: Int?
    /// Units the export says open orders hold (its Committed): only compared with what the
    /// orders imported commit, never added to it.
    public var committed: Int?
    /// The file is the catalogue's truth (a products export): an existing SKU takes its title,
    /// price, cost, barcode and supplier.
    public var describesCatalogue = false

    /// Adds one location's Unavailable, Incoming and Committed (nil: the location has none).
    mutating func addStates(unavailable: Int?, incoming: Int?, committed: Int?) {
        if let unavailable { self.unavailable = (self.unavailable ?? 0) + unavailable }
        if let incoming { self.incoming = (self.incoming ?? 0) + incoming }
        if let committed { self.committed = (self.committed ?? 0) + committed }
    }

    public init(
        fileLine: Int, sku: SKUCode, title: String, barcode: String? = nil, cost: Money? = nil, price: Money? = nil,
        onHand: Int? = nil
    ) {
        self.fileLine = fileLine
        self.sku = sku
        self.title = title
        self.barcode = barcode
        self.cost = cost
        self.price = price
        self.onHand = onHand
    }
}

/// What an onboarding file gave.
public struct CatalogueReading: Sendable {
    public var format: CatalogueFormat
    public var rows: [CatalogueRow] = []
    public var skipped: [String: Int] = [:]
    public var rejected: [RejectedRow] = []
}

/// The layouts a store's catalogue and counts can come from on day one.
public enum CatalogueFormat: String, CaseIterable, Sendable {
    /// Shopify's inventory export: one row per variant and location.
    case shopifyInventory = "shopify-inventory"
    /// `sku,title,barcode,cost,price,on_hand` (only sku is required).
    case generic = "catalogue"
    /// Shopify's products export: titles, prices, costs, barcodes and vendors (no counts).
    case shopifyProducts = "shopify-products"

    public var title: String {
        switch self {
        case .shopifyInventory: "Shopify inventory export"
        case .generic: "catalogue CSV"
        case .shopifyProducts: "Shopify products export"
        }
    }

    public static func detect(_ file: DelimitedFile) -> CatalogueFormat? {
        if file.column("Location") != nil && (file.column("On hand (current)") != nil || file.column("On hand") != nil)
        {
            return .shopifyInventory
        }
        if ShopifyProductsReader.detect(file) { return .shopifyProducts }
        if file.column("sku") != nil && (file.column("on_hand") != nil || file.column("title") != nil) {
            return .generic
        }
        return nil
    }

    public static func read(_ file: DelimitedFile, as format: CatalogueFormat) throws(ImportFailure) -> CatalogueReading
    {
        switch format {
        case .shopifyInventory: try readShopify(file)
        case .generic: try readGeneric(file)
        case .shopifyProducts: try ShopifyProductsReader.read(file)
        }
    }

    private static func readShopify(_ file: DelimitedFile) throws(ImportFailure) -> CatalogueReading {
        let columns = try file.requireColumns(["SKU", "Title", "Location"])
        guard let onHandColumn = file.column("On hand (current)") ?? file.column("On hand") else {
            throw ImportFailure([ImportProblem(file: file.file, line: 1, message: "missing column 'On hand (current)'")]
            )
        }
        let optionColumns = (1...3).map { file.column("Option\($0) Value") }
        // Per location; summed per SKU like on hand. Read when present, whatever the suffix.
        let stateColumns = ["Unavailable", "Incoming", "Committed"].map { name in
            file.column(anyOf: ["\(name) (not editable)", name])
        }
        var reading = CatalogueReading(format: .shopifyInventory)
        var positions: [String: Int] = [:]
        for index in file.rows.indices {
            var fields = RowFields(file, row: index)
            let code = fields.text(columns["SKU"])
            if code.isEmpty {
                reading.skipped["rows without a SKU (variants Shopify does not track by SKU)", default: 0] += 1
                continue
            }
            if !SKU.isValidCode(code) { fields.problem(columns["SKU"], Refusal.invalidCode(code).description) }
            let onHandText = fields.text(onHandColumn)
            var units: Int?
            if onHandText.isEmpty || onHandText == "not stocked" {
                units = nil
            } else {
                let range = -Bounds.eventUnits...Bounds.eventUnits
                units = fields.whole(
                    onHandColumn, in: range, what: "a whole number of units or 'not stocked'",
                    unit: " units")
            }
            // Unavailable, Incoming, Committed at this location (absent or 'not stocked': none).
            let states = stateColumns.map { column -> Int? in
                let text = fields.text(column)
                if text.isEmpty || text == "not stocked" { return nil }
                return fields.quantity(column, minimum: 0)
            }
            guard fields.problems.isEmpty else {
                reading.rejected.append(
                    RejectedRow(line: fields.line, fields: file.rows[index], problems: fields.problems))
                continue
            }
            let options = optionColumns.map { fields.text($0) }.filter { !$0.isEmpty && $0 != "Default Title" }
            let title =
                fields.text(columns["Title"]) + (options.isEmpty ? "" : " - " + options.joined(separator: " / "))
            let position =
                positions[code]
                ?? {
                    reading.rows.append(
                        CatalogueRow(fileLine: fields.line, sku: SKUCode(code), title: title.isEmpty ? code : title))
                    positions[code] = reading.rows.count - 1
                    return reading.rows.count - 1
                }()
            if let units {
                if units < 0 { reading.rows[position].negativeLocations += 1 }
                let total = (reading.rows[position].onHand ?? 0) + units
                if total > Bounds.eventUnits {
                    fields.problem(
                        onHandColumn,
                        "expected at most \(Bounds.eventUnits) units on hand over all locations, found \(total)")
                    reading.rejected.append(
                        RejectedRow(
                            line: fields.line, fields: file.rows[index],
                            problems: fields.problems))
                    continue
                }
                reading.rows[position].onHand = total
            }
            reading.rows[position].addStates(unavailable: states[0], incoming: states[1], committed: states[2])
        }
        return reading
    }

    private static func readGeneric(_ file: DelimitedFile) throws(ImportFailure) -> CatalogueReading {
        let columns = try file.requireColumns(["sku"])
        let title = file.column("title")
        let barcode = file.column("barcode")
        let cost = file.column("cost")
        let price = file.column("price")
        let onHand = file.column("on_hand")
        var reading = CatalogueReading(format: .generic)
        var seen: [String: Int] = [:]
        for index in file.rows.indices {
            var fields = RowFields(file, row: index)
            let code = fields.skuCode(columns["sku"])
            if let code, let first = seen[code] {
                fields.problem(
                    columns["sku"],
                    "SKU \(code) appears twice in this file (first on line \(first)); expected each SKU once")
            }
            let units = fields.text(onHand).isEmpty ? nil : fields.quantity(onHand, minimum: 0)
            let unitCost = fields.money(cost)
            let unitPrice = fields.money(price)
            guard fields.problems.isEmpty, let code else {
                reading.rejected.append(
                    RejectedRow(line: fields.line, fields: file.rows[index], problems: fields.problems))
                continue
            }
            seen[code] = fields.line
            let name = fields.text(title)
            let code128 = fields.text(barcode)
            reading.rows.append(
                CatalogueRow(
                    fileLine: fields.line, sku: SKUCode(code), title: name.isEmpty ? code : name,
                    barcode: code128.isEmpty ? nil : code128,
                    cost: unitCost, price: unitPrice, onHand: units))
        }
        return reading
    }
}
