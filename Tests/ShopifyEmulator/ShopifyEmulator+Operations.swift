import Foundation

extension ShopifyEmulator {
    /// QueryRoot.orders (shopify.dev Admin GraphQL 2026-04): `first` 1–250, `after`, `query`
    /// with `updated_at:>='…'` / `updated_at:>…`, `sortKey: UPDATED_AT` (oldest first, then
    /// id), nodes with lineItems(first: 25); `pageInfo { hasNextPage endCursor }`. Orders older
    /// than 60 days are hidden without read_all_orders (shopify.dev Order: "Only the last 60
    /// days' worth of orders … are accessible by default").
    func orders(shop: String, variables: [String: Any]) -> GraphQLResult {
        guard let state = shops[shop] else { return .errors([], cost: 1) }
        guard state.hasScope("read_orders") else { return Self.accessDenied("orders", scope: "read_orders") }
        let first = (variables["first"] as? Int) ?? 0
        guard (1...250).contains(first) else {
            return .errors(
                [["message": "The first argument must be between 1 and 250", "extensions": ["code": "BAD_REQUEST"]]],
                cost: 1)
        }
        let bound = Self.updatedAtBound(variables["query"] as? String)
        let oldest =
            state.setup.scopes.contains("read_all_orders") ? Date.distantPast : now.addingTimeInterval(-60 * 86_400)
        var visible = state.orders.filter { order in
            guard order.createdAt >= oldest else { return false }
            guard let bound else { return true }
            let seconds = floor(order.updatedAt.timeIntervalSince1970)
            return bound.inclusive ? seconds >= bound.seconds : seconds > bound.seconds
        }
        visible.sort { ($0.updatedAt, $0.id) < ($1.updatedAt, $1.id) }
        if let after = variables["after"] as? String {
            guard let position = Self.decodeCursor(after) else {
                return .errors(
                    [
                        [
                            "message": "Invalid cursor for current pagination sort.",
                            "extensions": ["code": "BAD_REQUEST"],
                        ]
                    ], cost: 1)
            }
            visible = visible.filter { ($0.updatedAt.timeIntervalSince1970, $0.id) > position }
        }
        let page = Array(visible.prefix(first))
        let nodes: [[String: Any]] = page.map { order in
            [
                "id": "gid://shopify/Order/\(order.id)", "legacyResourceId": String(order.id), "name": order.name,
                "createdAt": Self.iso(order.createdAt), "updatedAt": Self.iso(order.updatedAt),
                "cancelledAt": order.cancelledAt.map { Self.iso($0) as Any } ?? NSNull(),
                "displayFinancialStatus": order.financialStatus,
                "lineItems": Self.lineItems(order, start: 0, first: 25),
                // Order.refunds(first:) → [Refund] (shopify.dev Refund: id, legacyResourceId, createdAt,
                // note, refundLineItems: RefundLineItemConnection of RefundLineItem { lineItem,
                // quantity, restockType: RefundLineItemRestockType CANCEL | NO_RESTOCK | RETURN }).
                "refunds": order.refunds.prefix(3).map { refund -> [String: Any] in
                    [
                        "id": "gid://shopify/Refund/\(refund.id)", "legacyResourceId": String(refund.id),
                        "createdAt": Self.iso(refund.createdAt), "note": refund.note.map { $0 as Any } ?? NSNull(),
                        "refundLineItems": [
                            "nodes": refund.lines.prefix(5).map { line -> [String: Any] in
                                [
                                    "lineItem": ["id": order.lineItemID(line.index)], "quantity": line.quantity,
                                    "restockType": line.restockType,
                                ]
                            }
                        ],
                    ]
                },
            ]
        }
        let end = page.last.map { Self.encodeCursor($0.updatedAt.timeIntervalSince1970, $0.id) }
        let lines = page.reduce(0) { $0 + min(25, $1.lines.count) }
        return .data(
            [
                "orders": [
                    "nodes": nodes,
                    "pageInfo": [
                        "hasNextPage": visible.count > page.count, "endCursor": end.map { $0 as Any } ?? NSNull(),
                    ],
                ]
            ], cost: Double(2 + page.count * 3 + lines * 3))
    }

    /// One page of an order's LineItemConnection: `nodes` and `pageInfo { hasNextPage endCursor }`
    /// (shopify.dev Order.lineItems, PageInfo; "Paginating results with GraphQL": the next page is
    /// asked for with `after: endCursor`). The cursor here is the base64 of the next line's index.
    static func lineItems(_ order: EmulatedOrder, start: Int, first: Int) -> [String: Any] {
        let lines = order.lines
        let page = lines.dropFirst(start).prefix(first)
        let next = start + page.count
        return [
            "pageInfo": [
                "hasNextPage": next < lines.count,
                "endCursor": page.isEmpty ? NSNull() as Any : Data(String(next).utf8).base64EncodedString(),
            ],
            "nodes": page.enumerated().map { offset, line -> [String: Any] in
                [
                    "id": order.lineItemID(start + offset),
                    "sku": line.sku, "quantity": line.quantity, "currentQuantity": line.current,
                    "unfulfilledQuantity": line.unfulfilled,
                    "originalUnitPriceSet": ["shopMoney": ["amount": line.price, "currencyCode": "USD"]],
                ]
            },
        ]
    }

    /// QueryRoot.node(id:) with `... on Order { id lineItems(first:, after:) {…} }`: the later
    /// pages of an order's line items (shopify.dev "Paginating results with GraphQL"; Order
    /// implements Node). `first` 1–250 like every connection; an unknown id answers `node: null`.
    func orderLineItems(shop: String, variables: [String: Any]) -> GraphQLResult {
        guard let state = shops[shop] else { return .errors([], cost: 1) }
        guard state.hasScope("read_orders") else { return Self.accessDenied("node", scope: "read_orders") }
        let first = (variables["first"] as? Int) ?? 0
        guard (1...250).contains(first) else {
            return .errors(
                [["message": "The first argument must be between 1 and 250", "extensions": ["code": "BAD_REQUEST"]]],
                cost: 1)
        }
        let id = (variables["id"] as? String).flatMap { $0.split(separator: "/").last }.flatMap { Int($0) }
        guard let order = state.orders.first(where: { $0.id == id }) else { return .data(["node": NSNull()], cost: 1) }
        var start = 0
        if let after = variables["after"] as? String {
            guard let data = Data(base64Encoded: after), let text = String(data: data, encoding: .utf8),
                let index = Int(text), (0...order.lines.count).contains(index)
            else {
                return .errors(
                    [
                        [
                            "message": "Invalid cursor for current pagination sort.",
                            "extensions": ["code": "BAD_REQUEST"],
                        ]
                    ],
                    cost: 1)
            }
            start = index
        }
        let connection = Self.lineItems(order, start: start, first: first)
        let read = (connection["nodes"] as? [Any])?.count ?? 0
        return .data(
            ["node": ["id": "gid://shopify/Order/\(order.id)", "lineItems": connection]], cost: Double(3 + read * 3))
    }

    /// Reads `updated_at:>='2026-05-01T10:00:00Z'` (also `>=`, `>` and unquoted) from a search query.
    static func updatedAtBound(_ query: String?) -> (seconds: Double, inclusive: Bool)? {
        guard let query, let range = query.range(of: "updated_at:>") else { return nil }
        var rest = query[range.upperBound...]
        let inclusive = rest.first == "="
        if inclusive { rest = rest.dropFirst() }
        let text =
            rest.trimmingCharacters(in: CharacterSet(charactersIn: "'\" ")).split(separator: " ").first.map(String.init)
            ?? ""
        guard let date = parseISO(text.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))) else { return nil }
        return (floor(date.timeIntervalSince1970), inclusive)
    }

    /// Like Shopify's cursors: base64 of {"last_id", "last_value"} (the sort position).
    static func encodeCursor(_ seconds: Double, _ id: Int) -> String {
        let json = "{\"last_id\":\(id),\"last_value\":\(String(format: "%.6f", seconds))}"
        return Data(json.utf8).base64EncodedString()
    }

    static func decodeCursor(_ text: String) -> (Double, Int)? {
        guard let data = Data(base64Encoded: text),
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            let id = object["last_id"] as? Int, let value = (object["last_value"] as? NSNumber)?.doubleValue
        else { return nil }
        return (value, id)
    }

    /// QueryRoot.productVariants → ProductVariant { id sku displayName inventoryItem { id tracked
    /// inventoryLevel(locationId) { quantities(names: ["available"]) { name quantity } } } }.
    func productVariants(shop: String, variables: [String: Any]) -> GraphQLResult {
        guard let state = shops[shop] else { return .errors([], cost: 1) }
        guard state.hasScope("read_products") else {
            return Self.accessDenied("productVariants", scope: "read_products")
        }
        guard state.hasScope("read_inventory") else {
            return Self.accessDenied("inventoryItem", scope: "read_inventory")
        }
        let first = min(250, max(1, (variables["first"] as? Int) ?? 10))
        let start =
            (variables["after"] as? String).flatMap { Data(base64Encoded: $0) }.flatMap {
                String(data: $0, encoding: .utf8)
            }
            .flatMap(Int.init) ?? 0
        let location = variables["location"] as? String ?? state.primaryLocation
        let page = Array(state.variants.dropFirst(start).prefix(first))
        let nodes: [[String: Any]] = page.map { variant in
            [
                "id": variant.id, "sku": variant.sku, "displayName": variant.title,
                "inventoryItem": [
                    "id": variant.itemID, "tracked": variant.tracked,
                    "inventoryLevel": level(state, item: variant.itemID, location: location),
                ],
            ]
        }
        let next = start + page.count
        return .data(
            [
                "productVariants": [
                    "nodes": nodes,
                    "pageInfo": [
                        "hasNextPage": next < state.variants.count,
                        "endCursor": Data(String(next).utf8).base64EncodedString(),
                    ],
                ]
            ], cost: Double(2 + page.count * 4))
    }

    private func level(_ state: ShopState, item: String, location: String) -> Any {
        guard let quantity = state.available[item]?[location] else { return NSNull() }
        return ["quantities": [["name": "available", "quantity": quantity]]]
    }

    /// QueryRoot.nodes(ids:) with `... on InventoryItem { id inventoryLevel(locationId) {…} }`.
    func inventoryLevels(shop: String, variables: [String: Any]) -> GraphQLResult {
        guard let state = shops[shop] else { return .errors([], cost: 1) }
        guard state.hasScope("read_inventory") else { return Self.accessDenied("nodes", scope: "read_inventory") }
        let ids = (variables["ids"] as? [String]) ?? []
        guard ids.count <= 250 else {
            return .errors(
                [["message": "ids: too many (at most 250)", "extensions": ["code": "BAD_REQUEST"]]], cost: 1)
        }
        let location = variables["location"] as? String ?? state.primaryLocation
        let nodes: [Any] = ids.map { id in
            guard state.variants.contains(where: { $0.itemID == id }) else { return NSNull() }
            return ["id": id, "inventoryLevel": level(state, item: id, location: location)] as [String: Any]
        }
        return .data(["nodes": nodes], cost: Double(2 + ids.count * 3))
    }

    /// Mutation inventorySetQuantities (2026-04): `input { name reason referenceDocumentUri
    /// quantities [{ inventoryItemId locationId quantity changeFromQuantity }] }` with
    /// `@idempotent(key:)` required (changelog "Making idempotency mandatory…", effective 2026-04)
    /// and every quantity carrying `changeFromQuantity` (null opts out; omitting it is an error).
    /// A stale changeFromQuantity answers userErrors CHANGE_FROM_QUANTITY_STALE and sets nothing.
    /// The same key with the same input returns the first answer without setting again; with
    /// another input IDEMPOTENCY_KEY_PARAMETER_MISMATCH; after a failed first attempt
    /// IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED (shopify.dev InventorySetQuantitiesUserErrorCode).
    func setQuantities(shop: String, query: String, variables: [String: Any]) -> GraphQLResult {
        guard var state = shops[shop] else { return .errors([], cost: 1) }
        guard state.hasScope("write_inventory") else {
            return Self.accessDenied("inventorySetQuantities", scope: "write_inventory")
        }
        guard query.contains("@idempotent(key:"), let key = variables["key"] as? String, !key.isEmpty else {
            return .errors(
                [
                    [
                        "message":
                            "The @idempotent directive with a key is required for inventorySetQuantities from 2026-04",
                        "extensions": ["code": "BAD_REQUEST"],
                    ]
                ], cost: 1)
        }
        guard let input = variables["input"] as? [String: Any], let quantities = input["quantities"] as? [[String: Any]]
        else {
            return .errors(
                [
                    [
                        "message": "Variable $input of type InventorySetQuantitiesInput! was not provided.",
                        "extensions": ["code": "INVALID_VARIABLE"],
                    ]
                ], cost: 1)
        }
        for quantity in quantities where quantity["changeFromQuantity"] == nil {
            return .errors(
                [
                    [
                        "message": "changeFromQuantity must be given for every quantity (pass null to skip the check)",
                        "extensions": ["code": "INVALID_VARIABLE"],
                    ]
                ], cost: 1)
        }
        let fingerprint =
            String(
                data: (try? JSONSerialization.data(withJSONObject: input, options: [.sortedKeys])) ?? Data(),
                encoding: .utf8) ?? ""
        if let stored = state.idempotency[key] {
            if stored.fingerprint != fingerprint {
                return .data(
                    Self.userErrors([
                        (
                            "IDEMPOTENCY_KEY_PARAMETER_MISMATCH", nil,
                            "The same idempotency key cannot be used with different operation parameters."
                        )
                    ]), cost: 10)
            }
            if stored.failed {
                return .data(
                    Self.userErrors([
                        (
                            "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED", nil,
                            "A previous request with this idempotency key failed. Retry with a new idempotency key."
                        )
                    ]), cost: 10)
            }
            return .data(stored.response, cost: 10)
        }
        var problems: [(String, [String]?, String)] = []
        if (input["name"] as? String) != "available" && (input["name"] as? String) != "on_hand" {
            problems.append(
                ("INVALID_NAME", ["input", "name"], "The quantity name must be either 'available' or 'on_hand'."))
        }
        if quantities.count > 250 {
            problems.append(("INVALID_INVENTORY_ITEM", ["input", "quantities"], "At most 250 quantities"))
        }
        var changes: [(item: String, location: String, to: Int, from: Int, sku: String)] = []
        for (index, quantity) in quantities.enumerated() {
            let item = quantity["inventoryItemId"] as? String ?? ""
            let location = quantity["locationId"] as? String ?? ""
            guard let variant = state.variants.first(where: { $0.itemID == item }) else {
                problems.append(
                    (
                        "INVALID_INVENTORY_ITEM", ["input", "quantities", String(index), "inventoryItemId"],
                        "The specified inventory item could not be found."
                    ))
                continue
            }
            guard state.locations.contains(where: { $0.id == location }) else {
                problems.append(
                    (
                        "INVALID_LOCATION", ["input", "quantities", String(index), "locationId"],
                        "The specified location could not be found."
                    ))
                continue
            }
            guard let to = quantity["quantity"] as? Int, to >= 0 else {
                problems.append(
                    (
                        "INVALID_QUANTITY_NEGATIVE", ["input", "quantities", String(index), "quantity"],
                        "The quantity can't be negative."
                    ))
                continue
            }
            let current = state.available[item]?[location] ?? 0
            if let expected = quantity["changeFromQuantity"] as? Int, expected != current {
                problems.append(
                    (
                        "CHANGE_FROM_QUANTITY_STALE", ["input", "quantities", String(index), "changeFromQuantity"],
                        "The changeFromQuantity value does not match persisted value."
                    ))
                continue
            }
            changes.append((item, location, to, current, variant.sku))
        }
        if !problems.isEmpty {
            let response = Self.userErrors(problems)
            state.idempotency[key] = StoredMutation(fingerprint: fingerprint, response: response, failed: true)
            shops[shop] = state
            return .data(response, cost: 10)
        }
        let time = now
        var adjustments: [[String: Any]] = []
        for change in changes {
            state.available[change.item, default: [:]][change.location] = change.to
            state.setsAt[change.location, default: 0] += 1
            adjustments.append([
                "name": "available", "delta": change.to - change.from, "quantityAfterChange": change.to,
            ])
            log.append(.set(shop: shop, sku: change.sku, from: change.from, to: change.to, at: time))
        }
        let response: [String: Any] = [
            "inventorySetQuantities": [
                "inventoryAdjustmentGroup": [
                    "createdAt": Self.iso(time), "reason": input["reason"] as? String ?? "correction",
                    "changes": adjustments,
                ],
                "userErrors": [] as [Any],
            ]
        ]
        state.idempotency[key] = StoredMutation(fingerprint: fingerprint, response: response, failed: false)
        shops[shop] = state
        return .data(response, cost: 10)
    }

    static func userErrors(_ problems: [(String, [String]?, String)]) -> [String: Any] {
        [
            "inventorySetQuantities": [
                "inventoryAdjustmentGroup": NSNull(),
                "userErrors": problems.map {
                    ["code": $0.0, "field": $0.1.map { $0 as Any } ?? NSNull(), "message": $0.2]
                },
            ]
        ]
    }

    /// shop { name myshopifyDomain }, currentAppInstallation { accessScopes { handle } }, and
    /// location(id:) — without an id, the shop's primary location.
    func check(shop: String, variables: [String: Any]) -> GraphQLResult {
        guard let state = shops[shop] else { return .errors([], cost: 1) }
        var data: [String: Any] = [
            "shop": [
                "name": state.setup.domain.replacingOccurrences(of: ".myshopify.com", with: ""),
                "myshopifyDomain": state.setup.domain,
            ],
            "currentAppInstallation": ["accessScopes": state.setup.scopes.map { ["handle": $0] }],
        ]
        guard state.hasScope("read_locations") else {
            data["location"] = NSNull()
            return .errors(
                [
                    [
                        "message": "Access denied for location field. Required access: `read_locations` access scope.",
                        "extensions": ["code": "ACCESS_DENIED"], "path": ["location"],
                    ]
                ], cost: 5)
        }
        let wanted = variables["location"] as? String ?? state.primaryLocation
        if let location = state.locations.first(where: { $0.id == wanted }) {
            data["location"] = ["id": location.id, "name": location.name, "isActive": location.active]
        } else {
            data["location"] = NSNull()
        }
        return .data(data, cost: 5)
    }

    func locations(shop: String) -> GraphQLResult {
        guard let state = shops[shop] else { return .errors([], cost: 1) }
        guard state.hasScope("read_locations") else { return Self.accessDenied("locations", scope: "read_locations") }
        return .data(
            ["locations": ["nodes": state.locations.map { ["id": $0.id, "name": $0.name, "isActive": $0.active] }]],
            cost: 12)
    }
}
