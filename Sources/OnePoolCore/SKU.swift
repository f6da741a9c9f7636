/// One stock-keeping unit of the catalogue: what the store sells, whatever the channel.
///
/// Invariant (checked by `StockState.check`): `code` is non-empty without spaces,
/// `casePack >= 1`, `minimumOrderQuantity >= 1`, money is not negative.
public struct SKU: Hashable, Sendable {
    public var code: SKUCode
    public var title: String
    public var barcode: String?
    public var category: String?
    public var unitCost: Money
    public var price: Money
    public var supplier: String?
    public var leadTimeDays: Int?
    public var casePack: Int
    public var minimumOrderQuantity: Int

    public init(
        code: SKUCode, title: String, barcode: String? = nil, category: String? = nil,
        unitCost: Money = .zero, price: Money = .zero, supplier: String? = nil,
        leadTimeDays: Int? = nil, casePack: Int = 1, minimumOrderQuantity: Int = 1
    ) {
        self.code = code
        self.title = title
        self.barcode = barcode
        self.category = category
        self.unitCost = unitCost
        self.price = price
        self.supplier = supplier
        self.leadTimeDays = leadTimeDays
        self.casePack = casePack
        self.minimumOrderQuantity = minimumOrderQuantity
    }

    /// Whether `code` is acceptable as a new SKU code: printable ASCII, no spaces or commas, and
    /// not beginning with = + - @ (a spreadsheet would run such a code as a formula, and codes
    /// travel byte for byte into channel files; a store made before this rule keeps its codes).
    public static func isValidCode(_ code: String) -> Bool {
        guard let first = code.utf8.first, !"=+-@".utf8.contains(first) else { return false }
        return code.utf8.count <= 64 && code.utf8.allSatisfy { $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ",") }
    }

    public static func isValidCode(_ code: SKUCode) -> Bool { isValidCode(code.rawValue) }
}
