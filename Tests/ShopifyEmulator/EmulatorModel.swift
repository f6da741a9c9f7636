import Foundation

/// One emulated shop's setup: its app credentials, plan limits, locations and catalogue.
public struct EmulatedShop: Sendable {
    public var domain: String
    public var clientID: String
    public var clientSecret: String
    /// A legacy custom app's Admin API token, accepted as is.
    public var staticToken: String?
    public var scopes: [String]
    /// Seconds a client-credentials token lives (Shopify: 86,399).
    public var tokenLifetime: Double
    /// The leaky bucket (Standard plan: 100 points/s; 1,000 the most one query may cost).
    public var bucketSize: Double
    public var restoreRate: Double
    /// Location names; the first is the primary location.
    public var locations: [String]
    /// SKU → available at the primary location.
    public var variants: [(sku: String, available: Int)]

    public static let allScopes = ["read_orders", "read_products", "write_inventory", "read_locations"]

    public init(
        domain: String, clientID: String = "emulated-client", clientSecret: String = "emulated-secret",
        staticToken: String? = nil,
        scopes: [String] = allScopes, tokenLifetime: Double = 86_399, bucketSize: Double = 1000,
        restoreRate: Double = 100,
        locations: [String] = ["Main Warehouse"], variants: [(sku: String, available: Int)]
    ) {
        self.domain = domain
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.staticToken = staticToken
        self.scopes = scopes
        self.tokenLifetime = tokenLifetime
        self.bucketSize = bucketSize
        self.restoreRate = restoreRate
        self.locations = locations
        self.variants = variants
    }
}

/// Something the emulator does instead of answering normally, for the next matching requests.
public enum EmulatorFault: Sendable, Hashable {
    /// HTTP 5xx with a JSON body.
    case serverError(Int)
    /// HTTP 429 with Retry-After.
    case tooManyRequests(retryAfter: Double)
    /// A THROTTLED GraphQL error whatever the bucket holds.
    case throttled
    /// The normal answer after a delay.
    case slow(seconds: Double)
    /// The request is carried out (a mutation takes effect), then the answer stops half way and
    /// the connection is reset.
    case resetMidAnswer
    /// The connection is reset before the request is carried out.
    case resetBeforeAnswer
    /// Every token of the shop expires just before this request.
    case expireTokens
}

/// What happened in the emulator, in the order it happened (one lock orders everything), for
/// tests to check invariants against.
public enum EmulatorEvent: Sendable, Hashable {
    case sale(shop: String, order: String, sku: String, quantity: Int, availableAfter: Int, at: Date)
    case cancel(shop: String, order: String, sku: String, quantity: Int, restocked: Bool, at: Date)
    /// OnePool (or anyone through the API) set a quantity.
    case set(shop: String, sku: String, from: Int, to: Int, at: Date)
    /// Someone changed a quantity in the shop's admin.
    case adminSet(shop: String, sku: String, from: Int, to: Int, at: Date)
    /// A test's note of something outside the shops that changes the truth (stock damaged in the
    /// warehouse), kept in the same order as everything else.
    case stockChanged(sku: String, delta: Int, at: Date)
}

struct EmulatedVariant {
    var id: String
    var sku: String
    var title: String
    var itemID: String
    var tracked = true
}

struct EmulatedLine {
    var sku: String
    var quantity: Int
    var current: Int
    var unfulfilled: Int
    var price: String
}

struct EmulatedOrder {
    var id: Int
    var name: String
    var createdAt: Date
    var updatedAt: Date
    var cancelledAt: Date?
    var financialStatus = "PAID"
    var lines: [EmulatedLine]
    var refunds: [EmulatedRefund] = []

    /// The LineItem id of line `index` (0-based): stable, distinct per order.
    func lineItemID(_ index: Int) -> String { "gid://shopify/LineItem/\(id * 100_000 + index + 1)" }
}

/// A refund (shopify.dev Refund): its refund line items with quantity and restock type.
struct EmulatedRefund {
    var id: Int
    var createdAt: Date
    var note: String?
    var lines: [(index: Int, quantity: Int, restockType: String)]
}

struct StoredMutation {
    var fingerprint: String
    var response: [String: Any]
    var failed: Bool
}

/// One shop's live state. Only touched under the emulator's lock.
struct ShopState {
    var setup: EmulatedShop
    var tokens: [String: Date] = [:]
    var locations: [(id: String, name: String, active: Bool)] = []
    var variants: [EmulatedVariant] = []
    /// inventory item id → location id → available.
    var available: [String: [String: Int]] = [:]
    var orders: [EmulatedOrder] = []
    var nextOrder = 1001
    var lastUpdate = Date.distantPast
    var bucket: Double
    var bucketAt = Date()
    var idempotency: [String: StoredMutation] = [:]
    var faults: [(fault: EmulatorFault, operation: String?)] = []
    var requests: [String: Int] = [:]
    var bulkOperations: [EmulatedBulkOperation] = []
    var bulkPreparation: Double = 0
    var bulkFailure: String?
    /// Bulk exports put every inventory level before the variants (an order ungrouped output
    /// allows), instead of after them.
    var bulkChildrenFirst = false
    /// Location id → quantities `inventorySetQuantities` has set there.
    var setsAt: [String: Int] = [:]

    init(setup: EmulatedShop, shopNumber: Int) {
        self.setup = setup
        bucket = setup.bucketSize
        for (index, name) in setup.locations.enumerated() {
            locations.append((id: "gid://shopify/Location/\(shopNumber * 1000 + index + 1)", name: name, active: true))
        }
        for (index, variant) in setup.variants.enumerated() {
            let number = shopNumber * 100_000 + index + 1
            let item = "gid://shopify/InventoryItem/\(number)"
            variants.append(
                EmulatedVariant(
                    id: "gid://shopify/ProductVariant/\(number)", sku: variant.sku,
                    title: "Product \(variant.sku) - Default Title", itemID: item))
            available[item] = [locations[0].id: variant.available]
        }
    }

    var primaryLocation: String { locations[0].id }

    func variant(sku: String) -> EmulatedVariant? { variants.first { $0.sku == sku } }

    func hasScope(_ scope: String) -> Bool {
        let granted = Set(setup.scopes)
        if granted.contains(scope) { return true }
        if scope.hasPrefix("read_") { return granted.contains("write_" + scope.dropFirst(5)) }
        return false
    }

    mutating func bucketLevel(now: Date) -> Double {
        bucket = min(setup.bucketSize, bucket + setup.restoreRate * max(0, now.timeIntervalSince(bucketAt)))
        bucketAt = now
        return bucket
    }
}
