import OnePoolCore

/// One SKU as the console lists it: catalogue fields and quantities. (Its searchable text lives
/// in `SearchIndex`, one buffer for all rows.)
public struct SKURow: Sendable {
    public var code: String
    public var title: String
    public var barcode: String?
    public var price: Money
    /// What the money rule takes for the margin (zero: none known, the default margin applies).
    public var unitCost: Money
    public var stock: StockLevel
    /// Units each channel holds in open lines (they count against its cap).
    public var committedByChannel: [String: Int]

    public init(_ pool: SKUPool) {
        code = pool.sku.code
        title = pool.sku.title
        barcode = pool.sku.barcode
        price = pool.sku.price
        unitCost = pool.sku.unitCost
        stock = pool.stock
        committedByChannel = pool.committedByChannel
    }

    /// The SKU as the money rule prices it (`ProfitRule.margin` reads its price and cost).
    public var sku: SKU { SKU(code: code, title: title, barcode: barcode, unitCost: unitCost, price: price) }

    /// What needs the operator's attention, if anything.
    public var condition: StockCondition { stock.condition }
}
