import Foundation
import OnePoolChannels
import OnePoolCore

/// A connected Shopify shop: which shop, which location receives OnePool's quantities, how
/// OnePool proves itself, and from when its orders count.
public struct ShopifyConnection: Sendable, Hashable {
    public var channel: ChannelName
    /// NAME.myshopify.com
    public var shop: String
    /// gid://shopify/Location/…
    public var locationID: String
    public var locationName: String
    public var credentials: ShopifyCredentials
    /// Orders updated before this (ISO 8601) are not read; nil: all the API shows (60 days
    /// without the read_all_orders scope).
    public var since: String?

    public init(
        channel: ChannelName, shop: String, locationID: String, locationName: String, credentials: ShopifyCredentials,
        since: String?
    ) {
        self.channel = channel
        self.shop = shop
        self.locationID = locationID
        self.locationName = locationName
        self.credentials = credentials
        self.since = since
    }

    /// Whether `shop` is a myshopify.com domain OnePool will talk to.
    public static func isValidShop(_ shop: String) -> Bool {
        let suffix = ".myshopify.com"
        guard shop.hasSuffix(suffix) else { return false }
        let name = shop.dropLast(suffix.count)
        return (1...60).contains(name.count) && name.first != "-"
            && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }

    /// The scopes a sync needs, and why (shopify.dev "Access scopes"; a write scope includes
    /// its read scope).
    public static let requiredScopes: [(scope: String, satisfiedBy: [String], why: String)] = [
        ("read_orders", ["read_orders", "write_orders"], "to read orders"),
        ("read_products", ["read_products", "write_products"], "to read variants and their SKUs"),
        ("write_inventory", ["write_inventory"], "to read and set inventory quantities"),
        ("read_locations", ["read_locations", "write_locations"], "to read the location that receives quantities"),
    ]
}

/// The Shopify Admin GraphQL connector (API 2026-04).
public final class ShopifyConnector: ChannelConnector {
    public let connection: ShopifyConnection
    public var channel: ChannelName { connection.channel }
    public let capabilities = ConnectorCapabilities(
        compareAndSet: true, maxPushBatch: ShopifyQueries.setQuantitiesBatch)
    let client: ShopifyGraphQL
    /// For the bulk export's download (another host, no token).
    let transport: HTTPTransport
    let policy: RetryPolicy
    /// The longest wait for a bulk export to finish before the catalogue is paged instead.
    static let bulkWaitLimit: Double = 900

    public init(
        connection: ShopifyConnection, endpoint: APIEndpoint, transport: HTTPTransport? = nil,
        tokenCache: TokenCache? = nil, policy: RetryPolicy = RetryPolicy(),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        let transport = transport ?? URLSessionTransport()
        self.connection = connection
        self.transport = transport
        self.policy = policy
        let tokens = ShopifyTokenSource(
            shop: connection.shop, credentials: connection.credentials, endpoint: endpoint, transport: transport,
            cache: tokenCache,
            policy: policy, now: now)
        client = ShopifyGraphQL(
            shop: connection.shop, endpoint: endpoint, transport: transport, tokens: tokens, policy: policy)
    }

    // MARK: - Orders

    /// Reads the page after the cursor. The cursor keeps the search (`updated_at:>='since'`,
    /// fixed for the connection) and the `endCursor` of the last order recorded: Shopify's
    /// cursors encode the sort position (updated time and id), so with `sortKey: UPDATED_AT`
    /// the page after it holds exactly the orders created or updated since — an order updated
    /// again moves behind the cursor and is read again. An empty page keeps the cursor as it
    /// was, so a pull that finds nothing writes nothing.
    public func pullOrders(after cursor: String?) async throws -> OrderPage {
        let position =
            OrderCursor(text: cursor) ?? OrderCursor(watermark: connection.since.flatMap(OrderCursor.clean), after: nil)
        var variables: [String: JSONValue] = ["first": .number(Double(ShopifyQueries.ordersPageSize))]
        if let watermark = position.watermark { variables["query"] = .string("updated_at:>='\(watermark)'") }
        if let after = position.after { variables["after"] = .string(after) }
        let data = try await client.execute(
            "orders", query: ShopifyQueries.orders, variables: .object(variables),
            estimatedCost: ShopifyQueries.ordersEstimatedCost)
        guard let connection = data["orders"], let nodes = connection["nodes"]?.array else {
            throw ConnectorError(.protocolError, "\(self.connection.shop): the orders answer has no orders.nodes")
        }
        let reading = ShopifyOrderReader.read(try await ShopifyOrderLinePages.complete(nodes, client: client))
        var next = position
        if !nodes.isEmpty {
            guard let end = connection["pageInfo"]?["endCursor"]?.string, !end.isEmpty, end.utf8.count <= 400,
                !end.contains(";")
            else {
                throw ConnectorError(
                    .protocolError, "\(self.connection.shop): an orders page without a usable pageInfo.endCursor")
            }
            next.after = end
        }
        var page = OrderPage(
            lines: reading.lines, origins: reading.origins, skipped: reading.skipped, orders: nodes.count,
            cursor: nodes.isEmpty ? (cursor ?? next.text) : next.text,
            hasMore: !nodes.isEmpty && connection["pageInfo"]?["hasNextPage"]?.bool == true)
        page.returns = reading.returns
        return page
    }

    // MARK: - Catalogue and quantities

    /// The largest catalogue read page by page (`ShopifyQueries.cataloguePagesMost` pages);
    /// `sync --bulk-above` takes no threshold beyond it.
    public static let mostVariantsPaged = ShopifyQueries.cataloguePagesMost * ShopifyQueries.cataloguePageSize

    /// Every variant, page after page. A catalogue with more than `mostVariantsPaged` variants
    /// is refused rather than read in part: the listings after the last page read would look
    /// gone from the channel (see `readCatalogue(bulkAbove:)`, which exports it in bulk).
    public func readCatalogue() async throws -> [ChannelListing] {
        var listings: [ChannelListing] = []
        var after: String?
        for _ in 0..<ShopifyQueries.cataloguePagesMost {
            var variables: [String: JSONValue] = [
                "first": .number(Double(ShopifyQueries.cataloguePageSize)), "location": .string(connection.locationID),
            ]
            if let after { variables["after"] = .string(after) }
            let data = try await client.execute(
                "productVariants", query: ShopifyQueries.catalogue, variables: .object(variables),
                estimatedCost: ShopifyQueries.catalogueEstimatedCost)
            guard let page = data["productVariants"], let nodes = page["nodes"]?.array else {
                throw ConnectorError(
                    .protocolError, "\(connection.shop): the catalogue answer has no productVariants.nodes")
            }
            listings += nodes.compactMap(Self.listing)
            guard page["pageInfo"]?["hasNextPage"]?.bool == true, let end = page["pageInfo"]?["endCursor"]?.string
            else { return listings }
            after = end
        }
        throw ConnectorError(
            .config,
            "\(connection.shop): more than \(Self.mostVariantsPaged) variants are too many to read page by page: "
                + "give `sync --bulk-above` a threshold at most \(Self.mostVariantsPaged) to read them in bulk")
    }

    public func readQuantities(remoteIDs: [String]) async throws -> [String: Int] {
        var quantities: [String: Int] = [:]
        var start = 0
        while start < remoteIDs.count {
            let batch = Array(remoteIDs[start..<min(remoteIDs.count, start + ShopifyQueries.levelsBatch)])
            start += batch.count
            let variables: JSONValue = [
                "ids": .array(batch.map(JSONValue.string)), "location": .string(connection.locationID),
            ]
            let data = try await client.execute(
                "inventoryLevels", query: ShopifyQueries.levels, variables: variables,
                estimatedCost: Double(2 + batch.count * 3))
            for node in data["nodes"]?.array ?? [] {
                guard let id = node["id"]?.string, let quantity = Self.available(node["inventoryLevel"]) else {
                    continue
                }
                quantities[id] = quantity
            }
        }
        return quantities
    }

    /// A ProductVariant node as a listing: one with a SKU and a tracked inventory item (the
    /// same whether read page by page or from a bulk export); nil for the rest.
    static func listing(_ node: JSONValue) -> ChannelListing? {
        guard let sku = node["sku"]?.string, Bounds.textBytes.contains(sku.utf8.count),
            let item = node["inventoryItem"], let itemID = item["id"]?.string,
            Bounds.textBytes.contains(itemID.utf8.count),
            item["tracked"]?.bool != false
        else { return nil }
        return ChannelListing(
            listing: sku, remoteID: itemID, quantity: available(item["inventoryLevel"]),
            title: ShopifyTokenSource.clip(node["displayName"]?.string ?? sku))
    }

    /// The `available` quantity of an InventoryLevel, within OnePool's bounds.
    static func available(_ level: JSONValue?) -> Int? {
        guard let quantities = level?["quantities"]?.array else { return nil }
        for quantity in quantities where quantity["name"]?.string == "available" {
            guard let value = quantity["quantity"]?.int, Bounds.skuUnitRange.contains(value) else { return nil }
            return value
        }
        return nil
    }

    // MARK: - Push

    public func pushQuantities(_ changes: [QuantityChange], idempotencyKey: String) async throws -> PushOutcome {
        let quantities: [JSONValue] = changes.map { change in
            [
                "inventoryItemId": .string(change.remoteID), "locationId": .string(connection.locationID),
                "quantity": .number(Double(change.to)),
                "changeFromQuantity": change.from.map { .number(Double($0)) } ?? .null,
            ]
        }
        let input: JSONValue = [
            "name": "available", "reason": "correction",
            "referenceDocumentUri": .string("onepool://sync/\(idempotencyKey)"),
            "quantities": .array(quantities),
        ]
        for attempt in 1...5 {
            let data = try await client.execute(
                "inventorySetQuantities", query: ShopifyQueries.setQuantities,
                variables: ["input": input, "key": .string(idempotencyKey)],
                estimatedCost: 10)
            guard let payload = data["inventorySetQuantities"] else {
                throw ConnectorError(
                    .protocolError, "\(connection.shop): inventorySetQuantities answered without its payload")
            }
            let errors = payload["userErrors"]?.array ?? []
            if errors.isEmpty {
                guard payload["inventoryAdjustmentGroup"] != nil else {
                    throw ConnectorError(
                        .protocolError,
                        "\(connection.shop): inventorySetQuantities answered neither a change nor an error")
                }
                return .applied
            }
            let codes = errors.compactMap { $0["code"]?.string }
            if codes.contains("IDEMPOTENCY_CONCURRENT_REQUEST") && attempt < 5 {
                await pause(0.2 * Double(attempt))
                continue
            }
            let staleCodes: Set = ["CHANGE_FROM_QUANTITY_STALE", "COMPARE_QUANTITY_STALE"]
            if codes.contains(where: staleCodes.contains) {
                var stale: [String] = []
                for error in errors where staleCodes.contains(error["code"]?.string ?? "") {
                    let path = error["field"]?.array?.compactMap { $0.string } ?? []
                    if path.count >= 3, let index = Int(path[2]), changes.indices.contains(index) {
                        stale.append(changes[index].listing)
                    }
                }
                return .stale(listings: stale.isEmpty ? changes.map(\.listing) : stale)
            }
            let message = errors.compactMap { error -> String? in
                guard let text = error["message"]?.string else { return nil }
                return "\(error["code"]?.string ?? "error"): \(ShopifyTokenSource.clip(text))"
            }.prefix(3).joined(separator: "; ")
            return .refused(message.isEmpty ? "refused without a message" : message)
        }
        return .refused("the channel kept answering that the same request is still in progress")
    }

    // MARK: - Check

    public func check() async -> ConnectionCheck {
        var result = ConnectionCheck()
        do {
            let token = try await client.tokens.token()
            if let expires = token.expiresAt {
                result.good.append(
                    "access token obtained with the client credentials; renewed before it expires "
                        + "(\(Self.iso(expires)))"
                )
            } else {
                result.good.append("static Admin API access token accepted")
            }
            let data = try await client.execute(
                "check", query: ShopifyQueries.check, variables: ["location": .string(connection.locationID)],
                estimatedCost: 5)
            if let domain = data["shop"]?["myshopifyDomain"]?.string {
                result.good.append(
                    "shop \(ShopifyTokenSource.clip(data["shop"]?["name"]?.string ?? domain)) "
                        + "(\(ShopifyTokenSource.clip(domain)))"
                )
            }
            let granted = Set(
                (data["currentAppInstallation"]?["accessScopes"]?.array ?? []).compactMap { $0["handle"]?.string })
            for need in ShopifyConnection.requiredScopes {
                if need.satisfiedBy.contains(where: granted.contains) {
                    result.good.append("scope \(need.scope)")
                } else {
                    result.missing.append(
                        "scope \(need.scope) (\(need.why)): add it to the app's access scopes in the Dev Dashboard "
                            + "and reinstall"
                    )
                }
            }
            if let since = connection.since, let start = TimeText.parse(since),
                Date().timeIntervalSince1970 - Double(start.millisecondsSince1970) / 1000 > 60 * 86_400,
                !granted.contains("read_all_orders")
            {
                result.missing.append(
                    "scope read_all_orders: the connection reads orders since \(since), older than 60 days")
            }
            if let location = data["location"], let id = location["id"]?.string {
                let name = ShopifyTokenSource.clip(location["name"]?.string ?? id)
                if location["isActive"]?.bool == false {
                    result.missing.append(
                        "location \(name) is not active: choose another with `onepool connect shopify --location NAME`")
                } else {
                    result.good.append("location \(name) receives quantities")
                }
            } else {
                result.missing.append(
                    "location \(connection.locationName) (\(connection.locationID)) no longer exists: run `onepool "
                        + "connect shopify` again"
                )
            }
        } catch {
            result.missing.append(error.message)
        }
        return result
    }

    /// The shop's locations, for choosing one when connecting: (id, name, active), the primary
    /// location first.
    public func locations() async throws -> (
        primary: (id: String, name: String)?, all: [(id: String, name: String, active: Bool)]
    ) {
        let primaryData = try await client.execute(
            "check", query: ShopifyQueries.check, variables: ["location": .null], estimatedCost: 5)
        let primary = primaryData["location"].flatMap { location -> (id: String, name: String)? in
            guard let id = location["id"]?.string else { return nil }
            return (id, ShopifyTokenSource.clip(location["name"]?.string ?? id))
        }
        let data = try await client.execute(
            "locations", query: ShopifyQueries.locations, variables: [:], estimatedCost: 102)
        let all = (data["locations"]?["nodes"]?.array ?? []).compactMap {
            node -> (id: String, name: String, active: Bool)? in
            guard let id = node["id"]?.string else { return nil }
            return (id, ShopifyTokenSource.clip(node["name"]?.string ?? id), node["isActive"]?.bool ?? true)
        }
        return (primary, all)
    }

    static func iso(_ date: Date) -> String {
        TimeText.iso(Timestamp(millisecondsSince1970: Int64((date.timeIntervalSince1970 * 1000).rounded())))
    }
}

/// Where the order pull stands: the search's lower bound on `updated_at` (the connection's
/// `since`, fixed) and the GraphQL `endCursor` of the last order recorded.
struct OrderCursor: Hashable {
    var watermark: String?
    var after: String?

    init(watermark: String?, after: String?) {
        self.watermark = watermark
        self.after = after
    }

    /// Reads "updated_at>=2026-05-01T10:00:00Z" or "…;after=CURSOR"; nil for nil or nonsense.
    init?(text: String?) {
        guard let text, text.hasPrefix("updated_at>=") || text == "start" || text.hasPrefix("start;") else {
            return nil
        }
        var watermark: String?
        var after: String?
        for part in text.split(separator: ";", maxSplits: 1) {
            if part.hasPrefix("updated_at>=") { watermark = Self.clean(String(part.dropFirst("updated_at>=".count))) }
            if part.hasPrefix("after=") { after = String(part.dropFirst("after=".count)) }
        }
        self.init(watermark: watermark, after: after)
    }

    var text: String {
        (watermark.map { "updated_at>=\($0)" } ?? "start") + (after.map { ";after=\($0)" } ?? "")
    }

    /// A time safe to put inside a search query: ISO 8601 characters only.
    static func clean(_ text: String) -> String? {
        guard !text.isEmpty, text.count <= 40, TimeText.parse(text) != nil,
            text.utf8.allSatisfy({ ($0 >= 48 && $0 <= 58) || $0 == 45 || $0 == 43 || $0 == 46 || $0 == 84 || $0 == 90 })
        else { return nil }
        return text
    }
}
