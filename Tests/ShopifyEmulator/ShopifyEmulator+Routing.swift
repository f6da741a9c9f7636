import Foundation
import LoopbackHTTP

extension ShopifyEmulator {
    typealias Response = HTTPResponseMessage

    func route(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        let parts = request.target.split(separator: "?", maxSplits: 1)[0].split(separator: "/").map(String.init)
        if request.method == "GET", parts.first == "bulk-results" { return bulkDownload(request) }
        guard parts.count >= 3, request.method == "POST" else { return .json(404, ["errors": "Not Found"]) }
        let shop = parts[0]
        let path = parts.dropFirst().joined(separator: "/")
        let body = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any]
        let operation: String
        if path == "admin/oauth/access_token" {
            operation = "token"
        } else if parts.count == 5, parts[1] == "admin", parts[2] == "api", parts[4] == "graphql.json" {
            guard parts[3] >= "2026-04" else {
                // Before 2026-04 inventorySetQuantities has no changeFromQuantity; OnePool targets 2026-04.
                return .json(
                    404, ["errors": "API version \(parts[3]) is not served by this emulator (2026-04 or later)"])
            }
            operation = Self.operation(of: body?["query"] as? String ?? "")
        } else {
            return .json(404, ["errors": "Not Found"])
        }
        let (fault, answer): (EmulatorFault?, Response) = withLock {
            guard shops[shop] != nil else { return (nil, .json(404, ["errors": "Not Found"])) }
            shops[shop]?.requests[operation, default: 0] += 1
            let fault = takeFault(shop: shop, operation: operation)
            switch fault {
            case .resetBeforeAnswer?, .serverError?, .tooManyRequests?:
                return (fault, .json(200, [:]))
            case .throttled?:
                return (fault, throttledAnswer(shop: shop, requested: 50))
            case .expireTokens?:
                for token in shops[shop]?.tokens.keys ?? [:].keys {
                    shops[shop]?.tokens[token] = now.addingTimeInterval(-1)
                }
            default:
                break
            }
            if operation == "token" { return (fault, issueToken(shop: shop, request: request)) }
            return (fault, graphQL(shop: shop, operation: operation, request: request, body: body ?? [:]))
        }
        switch fault {
        case .resetBeforeAnswer?: return answer.with(.resetBeforeAnswer)
        case .serverError(let status)?: return .json(status, ["errors": "Internal Server Error"])
        case .tooManyRequests(let wait)?:
            return .json(
                429,
                [
                    "errors":
                        "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted "
                        + "service."
                ],
                headers: [("Retry-After", String(format: "%.1f", wait))])
        case .slow(let seconds)?: return answer.with(.delay(seconds))
        case .resetMidAnswer?: return answer.with(.resetMidBody(fraction: 0.5))
        default: return answer
        }
    }

    /// The root field a document asks for.
    static func operation(of query: String) -> String {
        if query.contains("bulkOperationRunQuery") { return "bulkOperationRunQuery" }
        if query.contains("currentBulkOperation") { return "currentBulkOperation" }
        if query.contains("... on BulkOperation") { return "bulkOperation" }
        if query.contains("productVariantsCount") { return "productVariantsCount" }
        if query.contains("inventorySetQuantities") { return "inventorySetQuantities" }
        if query.contains("productVariants(") { return "productVariants" }
        if query.contains("... on Order") { return "orderLineItems" }
        if query.contains("orders(") { return "orders" }
        if query.contains("nodes(") { return "inventoryLevels" }
        if query.contains("currentAppInstallation") { return "check" }
        if query.contains("locations(") { return "locations" }
        return "unknown"
    }

    private func takeFault(shop: String, operation: String) -> EmulatorFault? {
        guard let index = shops[shop]?.faults.firstIndex(where: { $0.operation == nil || $0.operation == operation })
        else { return nil }
        return shops[shop]?.faults.remove(at: index).fault
    }

    // MARK: - The client credentials grant

    /// shopify.dev "Using the client credentials grant": POST /admin/oauth/access_token with
    /// grant_type=client_credentials, client_id, client_secret (form-encoded or JSON) →
    /// {"access_token", "scope", "expires_in"} (86,399 s).
    private func issueToken(shop: String, request: HTTPRequestMessage) -> Response {
        guard let setup = shops[shop]?.setup else { return .json(404, ["errors": "Not Found"]) }
        var fields: [String: String] = [:]
        if let json = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any] {
            for (key, value) in json { fields[key] = value as? String }
        } else {
            for pair in (String(data: request.body, encoding: .utf8) ?? "").split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1).map {
                    String($0).removingPercentEncoding ?? String($0)
                }
                if kv.count == 2 { fields[kv[0]] = kv[1] }
            }
        }
        guard fields["grant_type"] == "client_credentials" else {
            return .json(
                400, ["error": "unsupported_grant_type", "error_description": "grant_type must be client_credentials"])
        }
        guard fields["client_id"] == setup.clientID, fields["client_secret"] == setup.clientSecret else {
            return .json(400, ["error": "invalid_client", "error_description": "Client authentication failed"])
        }
        let token = "shpat_emulated_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
        shops[shop]?.tokens[token] = now.addingTimeInterval(setup.tokenLifetime)
        return .json(
            200,
            [
                "access_token": token, "scope": setup.scopes.joined(separator: ","),
                "expires_in": Int(setup.tokenLifetime),
            ])
    }

    // MARK: - GraphQL

    private func graphQL(
        shop: String, operation: String, request: HTTPRequestMessage, body: [String: Any]
    ) -> Response {
        guard var state = shops[shop] else { return .json(404, ["errors": "Not Found"]) }
        // Authentication: the X-Shopify-Access-Token header (shopify.dev "About authentication").
        let token = request.headers["x-shopify-access-token"] ?? ""
        let valid =
            (state.setup.staticToken.map { $0 == token } ?? false) || (state.tokens[token].map { $0 > now } ?? false)
        guard valid else {
            return .json(
                401, ["errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"])
        }
        let query = body["query"] as? String ?? ""
        let variables = body["variables"] as? [String: Any] ?? [:]
        let requested = Self.requestedCost(operation: operation, variables: variables)
        // Single-query limit (shopify.dev "GraphQL Admin API rate limits").
        guard requested <= 1000 else {
            return .json(
                200,
                [
                    "errors": [
                        [
                            "message":
                                "Query cost is \(Int(requested)), which exceeds the single query max cost limit "
                                + "(1000).",
                            "extensions": ["code": "MAX_COST_EXCEEDED", "cost": requested, "maxCost": 1000],
                        ]
                    ]
                ])
        }
        let level = state.bucketLevel(now: now)
        shops[shop] = state
        guard level >= requested else { return throttledAnswer(shop: shop, requested: requested) }
        let result: GraphQLResult
        switch operation {
        case "orders": result = orders(shop: shop, variables: variables)
        case "orderLineItems": result = orderLineItems(shop: shop, variables: variables)
        case "bulkOperationRunQuery": result = bulkRun(shop: shop, variables: variables)
        case "bulkOperation": result = bulkPoll(shop: shop, variables: variables)
        case "currentBulkOperation": result = bulkCurrent(shop: shop)
        case "productVariantsCount": result = variantsCount(shop: shop, variables: variables)
        case "productVariants": result = productVariants(shop: shop, variables: variables)
        case "inventoryLevels": result = inventoryLevels(shop: shop, variables: variables)
        case "inventorySetQuantities": result = setQuantities(shop: shop, query: query, variables: variables)
        case "check": result = check(shop: shop, variables: variables)
        case "locations": result = locations(shop: shop)
        default:
            result = .errors(
                [["message": "Field is not supported by this emulator", "extensions": ["code": "undefinedField"]]],
                cost: 1)
        }
        let actual: Double
        var payload: [String: Any]
        switch result {
        case .data(let data, let cost):
            actual = cost
            payload = ["data": data]
        case .errors(let errors, let cost):
            actual = cost
            payload = ["errors": errors, "data": NSNull()]
        }
        shops[shop]?.bucket -= min(actual, requested)
        payload["extensions"] = [
            "cost": costExtension(shop: shop, requested: requested, actual: min(actual, requested))
        ]
        return .json(200, payload)
    }

    enum GraphQLResult {
        case data([String: Any], cost: Double)
        case errors([[String: Any]], cost: Double)
    }

    /// `extensions.cost` as every Admin GraphQL answer carries it.
    private func costExtension(shop: String, requested: Double, actual: Double?) -> [String: Any] {
        let setup = shops[shop]?.setup
        return [
            "requestedQueryCost": requested,
            "actualQueryCost": actual.map { $0 as Any } ?? NSNull(),
            "throttleStatus": [
                "maximumAvailable": setup?.bucketSize ?? 1000, "currentlyAvailable": max(0, shops[shop]?.bucket ?? 0),
                "restoreRate": setup?.restoreRate ?? 100,
            ],
        ]
    }

    /// A THROTTLED answer: HTTP 200, `errors[0].extensions.code` THROTTLED, actualQueryCost null.
    func throttledAnswer(shop: String, requested: Double) -> Response {
        .json(
            200,
            [
                "errors": [
                    [
                        "message": "Throttled",
                        "extensions": [
                            "code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits",
                        ],
                    ]
                ],
                "extensions": ["cost": costExtension(shop: shop, requested: requested, actual: nil)],
            ])
    }

    /// Shopify's calculated cost: an object costs 1, a connection 2 plus `first` times its node.
    static func requestedCost(operation: String, variables: [String: Any]) -> Double {
        let first = Double((variables["first"] as? Int) ?? 10)
        switch operation {
        case "orders": return 2 + first * (3 + 25 * 3)
        case "productVariants": return 2 + first * 4
        case "orderLineItems": return 3 + first * 3
        case "inventoryLevels": return 2 + Double((variables["ids"] as? [Any])?.count ?? 1) * 3
        case "inventorySetQuantities", "bulkOperationRunQuery": return 10
        case "bulkOperation", "currentBulkOperation", "productVariantsCount": return 1
        case "locations": return 102
        default: return 5
        }
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func parseISO(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    static func accessDenied(_ field: String, scope: String) -> GraphQLResult {
        .errors(
            [
                [
                    "message": "Access denied for \(field) field. Required access: `\(scope)` access scope.",
                    "extensions": [
                        "code": "ACCESS_DENIED", "documentation": "https://shopify.dev/api/usage/access-scopes",
                        "requiredAccess": "`\(scope)` access scope.",
                    ],
                    "path": [field],
                ]
            ], cost: 1)
    }
}
