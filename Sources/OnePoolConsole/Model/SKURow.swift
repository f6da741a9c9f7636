import OnePoolCore

/// One SKU as the console lists it: catalogue fields and quantities. (Its searchable text lives
/// in `SearchIndex`, one buffer for all rows.)
public struct SKURow: Sendable {
    public var code: String
    public var title: String
    public var barcode: String?
    public var price: Money
    public var stock: StockLevel
    /// Units each channel holds in open lines (they count against its cap).
    public var committedByChannel: [String: Int]
    /// For a bundle: what its components make now (a bundle has no stock of its own).
    public var bundle: BundleStock?

    public init(_ pool: SKUPool, bundle: BundleStock? = nil) {
        self.bundle = bundle
        code = pool.sku.code
        title = pool.sku.title
        barcode = pool.sku.barcode
        price = pool.sku.price
        stock = pool.stock
        committedByChannel = pool.committedByChannel
    }

    /// What the SKU can sell: its available, or for a bundle what its components make.
    public var available: Int { bundle?.available ?? stock.available }

    /// What needs the operator's attention, if anything.
    public var condition: StockCondition {
        if let bundle { return bundle.available <= 0 ? .outOfStock : .normal }
        if stock.isOversold { return .oversold }
        if stock.isIntoSafety { return .belowSafety }
        if stock.available == 0 { return .outOfStock }
        return .normal
    }
}

public enum StockCondition: Sendable {
    case normal, outOfStock, belowSafety, oversold
}
