import OnePoolCore

/// One SKU as the console lists it: catalogue fields and quantities. (Its searchable text lives
/// in `SearchIndex`, one buffer for all rows.)
public struct SKURow: Sendable {
    public var code: SKUCode
    public var title: String
    public var barcode: String?
    public var price: Money
    /// What the money rule takes for the margin (zero: none known, the default margin applies).
    public var unitCost: Money
    public var stock: StockLevel
    /// Units each channel holds in open lines (they count against its cap).
    public var committedByChannel: [ChannelName: Int]
    /// For a bundle: what its components make now (a bundle has no stock of its own).
    public var bundle: BundleStock?

    public init(_ pool: SKUPool, bundle: BundleStock? = nil) {
        self.bundle = bundle
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

    /// What the SKU can sell: its available, or for a bundle what its components make.
    public var available: Int { bundle?.available ?? stock.available }

    /// What needs the operator's attention, if anything: Core's `StockLevel.condition`; a bundle
    /// has no stock of its own, so it is out of stock when its components make none, else fine.
    public var condition: StockCondition {
        if let bundle { return bundle.available <= 0 ? .outOfStock : .normal }
        return stock.condition
    }
}
