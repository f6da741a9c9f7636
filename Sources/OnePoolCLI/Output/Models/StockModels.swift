import OnePoolCore

/// `onepool stock`: one SKU's quantities in Shopify's states.
struct StockRow: Codable {
    var sku: Identifier
    var title: String
    var onHand: Int
    var committed: Int
    var held: Int
    var unsellable: Int
    var safety: Int
    var incoming: Int
    var available: Int
    var status: String
    /// For a bundle: its components and the limiting one (its quantities are all 0 but available).
    var components: String = ""

    init(sku: SKU, stock: StockLevel, status: String) {
        self.sku = Identifier(sku.code)
        title = sku.title
        onHand = stock.onHand
        committed = stock.committed
        held = stock.held
        unsellable = stock.unsellable
        safety = stock.safety
        incoming = stock.incoming
        available = stock.available
        self.status = status
    }

    /// A bundle's row: no stock of its own; available is what its components make.
    init(sku: SKU, bundle: BundleStock, definition: BundleDefinition) {
        self.init(sku: sku, stock: StockLevel(), status: bundle.available <= 0 ? "BUNDLE OUT" : "BUNDLE")
        available = bundle.available
        components = definition.text + (bundle.limiting.map { " (limited by \($0.sku))" } ?? "")
    }
}

/// `onepool sku list`: the catalogue.
struct SKURow: Codable {
    var sku: Identifier
    var title: String
    var category: String?
    var supplier: Identifier?
    var cost: Amount
    var price: Amount
    var leadTime: Int?
    var casePack: Int
    var moq: Int
    var barcode: Identifier?

    init(_ sku: SKU) {
        self.sku = Identifier(sku.code)
        title = sku.title
        category = sku.category
        supplier = sku.supplier.map { Identifier($0) }
        cost = Amount(sku.unitCost)
        price = Amount(sku.price)
        leadTime = sku.leadTimeDays
        casePack = sku.casePack
        moq = sku.minimumOrderQuantity
        barcode = sku.barcode.map { Identifier($0) }
    }
}

/// `onepool sku show`: one SKU's catalogue fields and quantities.
struct SKUDetail: Codable {
    var sku: Identifier
    var title: String
    var barcode: Identifier?
    var category: String?
    var supplier: Identifier?
    var leadTimeDays: Int?
    var casePack: Int
    var moq: Int
    var unitCost: Amount
    var price: Amount
    var onHand: Int
    var committed: Int
    var held: Int
    var unsellable: Int
    var safety: Int
    var incoming: Int
    var available: Int
    var openOrderLines: Int
    /// For a bundle: its components, and the one that limits what it can sell.
    var bundleOf: String?
    var limitedBy: Identifier?
    /// For a component: the bundles that use it.
    var inBundles: String?

    init(sku: SKU, stock: StockLevel, openOrderLines: Int) {
        self.sku = Identifier(sku.code)
        title = sku.title
        barcode = sku.barcode.map { Identifier($0) }
        category = sku.category
        supplier = sku.supplier.map { Identifier($0) }
        leadTimeDays = sku.leadTimeDays
        casePack = sku.casePack
        moq = sku.minimumOrderQuantity
        unitCost = Amount(sku.unitCost)
        price = Amount(sku.price)
        onHand = stock.onHand
        committed = stock.committed
        held = stock.held
        unsellable = stock.unsellable
        safety = stock.safety
        incoming = stock.incoming
        available = stock.available
        self.openOrderLines = openOrderLines
    }
}

/// `onepool log`: one event, human-readable.
struct LogRow: Codable {
    var seq: Int
    var time: String
    var actor: UserName
    var kind: Identifier
    var details: String
}

/// `onepool bundle list`.
struct BundleRow: Codable {
    var bundle: Identifier
    var title: String
    var components: String
    var available: Int
    var limiting: Identifier
}

/// `onepool bundle show`: one component.
struct BundlePartRow: Codable {
    var component: Identifier
    var quantity: Int
    var available: Int
    /// ⌊available / quantity⌋.
    var makes: Int
    var limiting: Bool
}

/// `onepool bundle show`: what one channel is offered of the bundle.
struct BundleChannelRow: Codable {
    var channel: Identifier
    var offered: Int
    var open: Int
}

/// `onepool bundle show --format json`.
struct BundleDocument: Codable {
    var bundle: Identifier
    var title: String
    var available: Int
    var limiting: Identifier
    var components: [BundlePartRow]
    var channels: [BundleChannelRow]
}
