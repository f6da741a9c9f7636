import OnePoolCore

/// One SKU as the console lists it: catalogue fields and quantities, with lower-cased copies of
/// its searchable text prepared once (lookup runs on every keystroke over every SKU).
public struct SKURow: Sendable {
    public var code: String
    public var title: String
    public var barcode: String?
    public var price: Money
    public var stock: StockLevel
    let searchCode: [UInt8]
    let searchTitleWords: [[UInt8]]
    let searchBarcode: [UInt8]

    public init(_ pool: SKUPool) {
        code = pool.sku.code
        title = pool.sku.title
        barcode = pool.sku.barcode
        price = pool.sku.price
        stock = pool.stock
        searchCode = Array(pool.sku.code.lowercased().utf8)
        searchTitleWords = pool.sku.title.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { Array($0.utf8) }
        searchBarcode = Array((pool.sku.barcode ?? "").utf8)
    }

    /// What needs the operator's attention, if anything.
    public var condition: StockCondition {
        if stock.available < 0 { return stock.unreserved < 0 ? .oversold : .belowSafety }
        if stock.available == 0 { return .outOfStock }
        return .normal
    }
}

public enum StockCondition: Sendable {
    case normal, outOfStock, belowSafety, oversold
}
