/// One SKU's catalogue record together with its stock: the unit the pool is kept per.
public struct SKUPool: Hashable, Sendable {
    public var sku: SKU
    public var stock: StockLevel

    public init(sku: SKU, stock: StockLevel = StockLevel()) {
        self.sku = sku
        self.stock = stock
    }
}
