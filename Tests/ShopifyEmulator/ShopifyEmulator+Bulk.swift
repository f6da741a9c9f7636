import Foundation
import LoopbackHTTP

/// A bulk query operation as the emulator keeps it (shopify.dev BulkOperation object).
struct EmulatedBulkOperation {
    var number: Int
    var query: String
    var createdAt: Date
    /// When the export is ready (creation + the shop's `bulkPreparation`).
    var readyAt: Date
    /// BulkOperationStatus: CREATED → RUNNING → COMPLETED or FAILED.
    var status = "CREATED"
    var errorCode: String?
    var objectCount = 0
    var fileSize = 0
    var url: String?
    /// Fail with this BulkOperationErrorCode when it would complete.
    var failWith: String?

    var id: String { "gid://shopify/BulkOperation/\(number)" }
    var running: Bool { status == "CREATED" || status == "RUNNING" }
}

/// Shopify's bulk operations (shopify.dev "Perform bulk operations with the GraphQL Admin
/// API"): a query export runs in the background, one at a time per app and shop, and leaves a
/// JSONL file at `url`, served here over the loopback server at /bulk-results/SHOP/N.jsonl.
extension ShopifyEmulator {
    // MARK: - Control for tests

    /// Seconds the shop takes to prepare a bulk export (Shopify documents none; 0 by default).
    public func setBulkPreparation(shop: String, seconds: Double) {
        withLock { shops[shop]?.bulkPreparation = seconds }
    }

    /// The next bulk export of the shop ends FAILED with this BulkOperationErrorCode
    /// (ACCESS_DENIED, INTERNAL_SERVER_ERROR, TIMEOUT).
    public func failNextBulkOperation(shop: String, errorCode: String) {
        withLock { shops[shop]?.bulkFailure = errorCode }
    }

    /// Starts a bulk export as another process of the app would (left running), for tests.
    @discardableResult
    public func startBulkOperation(shop: String, query: String, preparation: Double) -> String? {
        withLock {
            guard var state = shops[shop], !state.bulkOperations.contains(where: \.running) else { return nil }
            let operation = EmulatedBulkOperation(
                number: state.bulkOperations.count + 1, query: query, createdAt: now,
                readyAt: now.addingTimeInterval(preparation))
            state.bulkOperations.append(operation)
            shops[shop] = state
            return operation.id
        }
    }

    /// The shop's running bulk export is ready at once (the next look at it completes it).
    public func finishBulkOperations(shop: String) {
        withLock {
            guard var state = shops[shop] else { return }
            for index in state.bulkOperations.indices where state.bulkOperations[index].running {
                state.bulkOperations[index].readyAt = now
            }
            shops[shop] = state
        }
    }

    /// The shop's bulk exports list every inventory level before the variants they belong to.
    public func setBulkChildrenFirst(shop: String) {
        withLock { shops[shop]?.bulkChildrenFirst = true }
    }

    /// Bulk exports the shop has run (any status).
    public func bulkOperationCount(shop: String) -> Int { withLock { shops[shop]?.bulkOperations.count ?? 0 } }

    // MARK: - Handlers (under the lock)

    /// Mutation bulkOperationRunQuery(query:, groupObjects:) → BulkOperationRunQueryPayload
    /// { bulkOperation userErrors { field message code } }. While the app's previous bulk query
    /// runs, the documented refusal: userErrors code OPERATION_IN_PROGRESS ("A bulk query
    /// operation for this app and shop is already in progress: ID."), no operation. A query
    /// without a connection is INVALID. The mutation's cost is 10.
    func bulkRun(shop: String, variables: [String: Any]) -> GraphQLResult {
        guard var state = shops[shop] else { return .errors([], cost: 1) }
        advanceBulk(&state)
        let query = variables["query"] as? String ?? ""
        func refused(_ code: String, _ message: String) -> GraphQLResult {
            .data(
                [
                    "bulkOperationRunQuery": [
                        "bulkOperation": NSNull(),
                        "userErrors": [["field": ["query"], "message": message, "code": code]],
                    ]
                ], cost: 10)
        }
        if let running = state.bulkOperations.first(where: \.running) {
            shops[shop] = state
            return refused(
                "OPERATION_IN_PROGRESS",
                "A bulk query operation for this app and shop is already in progress: \(running.id).")
        }
        guard query.contains("productVariants") else {
            return refused("INVALID", "Bulk queries must contain at least one connection.")
        }
        guard state.hasScope("read_products") else {
            return Self.accessDenied("bulkOperationRunQuery", scope: "read_products")
        }
        var operation = EmulatedBulkOperation(
            number: state.bulkOperations.count + 1, query: query, createdAt: now,
            readyAt: now.addingTimeInterval(state.bulkPreparation))
        operation.failWith = state.bulkFailure
        state.bulkFailure = nil
        state.bulkOperations.append(operation)
        shops[shop] = state
        return .data(
            [
                "bulkOperationRunQuery": [
                    "bulkOperation": ["id": operation.id, "status": operation.status],
                    "userErrors": [] as [Any],
                ]
            ], cost: 10)
    }

    /// QueryRoot.node(id:) on BulkOperation { id status errorCode objectCount fileSize url
    /// partialDataUrl }: `url` only once COMPLETED (null when no object was exported).
    func bulkPoll(shop: String, variables: [String: Any]) -> GraphQLResult {
        guard var state = shops[shop] else { return .errors([], cost: 1) }
        advanceBulk(&state)
        shops[shop] = state
        let id = variables["id"] as? String
        guard let operation = state.bulkOperations.first(where: { $0.id == id }) else {
            return .data(["node": NSNull()], cost: 1)
        }
        return .data(["node": Self.describe(operation)], cost: 1)
    }

    /// QueryRoot.currentBulkOperation(type: QUERY): the app's newest bulk query, or null.
    func bulkCurrent(shop: String) -> GraphQLResult {
        guard var state = shops[shop] else { return .errors([], cost: 1) }
        advanceBulk(&state)
        shops[shop] = state
        guard let operation = state.bulkOperations.last else {
            return .data(["currentBulkOperation": NSNull()], cost: 1)
        }
        var described = Self.describe(operation)
        described["query"] = operation.query
        return .data(["currentBulkOperation": described], cost: 1)
    }

    /// QueryRoot.productVariantsCount(limit:) → Count { count precision }: counted up to
    /// `limit` (default 10,000; null: no limit), precision AT_LEAST when the limit was reached
    /// (shopify.dev productVariantsCount and CountPrecision).
    func variantsCount(shop: String, variables: [String: Any]) -> GraphQLResult {
        guard let state = shops[shop] else { return .errors([], cost: 1) }
        guard state.hasScope("read_products") else {
            return Self.accessDenied("productVariantsCount", scope: "read_products")
        }
        let limit: Int? =
            switch variables["limit"] {
            case nil: 10_000
            case is NSNull: nil
            case let number as NSNumber: number.intValue
            default: 10_000
            }
        let count = state.variants.count
        let reached = limit.map { count >= $0 } ?? false
        return .data(
            [
                "productVariantsCount": [
                    "count": limit.map { min(count, $0) } ?? count, "precision": reached ? "AT_LEAST" : "EXACT",
                ]
            ],
            cost: 1)
    }

    /// GET of a bulk export's `url`: the JSONL file (Content-Type application/jsonl), no token
    /// asked (a signed link in Shopify).
    func bulkDownload(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        let parts = request.target.split(separator: "/").map(String.init)
        guard parts.count == 3 else { return .json(404, ["errors": "Not Found"]) }
        let shop = parts[1]
        let (fault, body): (EmulatorFault?, Data?) = withLock {
            shops[shop]?.requests["bulkDownload", default: 0] += 1
            let fault = shops[shop].flatMap { _ in takeBulkDownloadFault(shop: shop) }
            return (fault, bulkFiles[request.target])
        }
        guard let body else { return .json(404, ["errors": "Not Found"]) }
        let answer = HTTPResponseMessage(
            status: 200, headers: [("Content-Type", "application/jsonl")], body: body)
        switch fault {
        case .serverError(let status)?: return .json(status, ["errors": "Internal Server Error"])
        case .resetBeforeAnswer?: return answer.with(.resetBeforeAnswer)
        case .resetMidAnswer?: return answer.with(.resetMidBody(fraction: 0.5))
        case .slow(let seconds)?: return answer.with(.delay(seconds))
        default: return answer
        }
    }

    private func takeBulkDownloadFault(shop: String) -> EmulatorFault? {
        guard let index = shops[shop]?.faults.firstIndex(where: { $0.operation == "bulkDownload" }) else { return nil }
        return shops[shop]?.faults.remove(at: index).fault
    }

    /// Moves the shop's running export on by the clock: RUNNING once asked about, then
    /// COMPLETED (the file written now, from the catalogue as it is now) or FAILED.
    private func advanceBulk(_ state: inout ShopState) {
        for index in state.bulkOperations.indices where state.bulkOperations[index].running {
            var operation = state.bulkOperations[index]
            if now < operation.readyAt {
                operation.status = "RUNNING"
            } else if let code = operation.failWith {
                operation.status = "FAILED"
                operation.errorCode = code
            } else {
                let lines = exportLines(state, query: operation.query)
                operation.status = "COMPLETED"
                operation.objectCount = lines.count
                if !lines.isEmpty {
                    var file = Data()
                    for line in lines {
                        file += (try? JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])) ?? Data()
                        file.append(0x0A)
                    }
                    let path = "/bulk-results/\(state.setup.domain)/\(operation.number).jsonl"
                    bulkFiles[path] = file
                    operation.fileSize = file.count
                    operation.url = baseURL + path
                }
            }
            state.bulkOperations[index] = operation
        }
    }

    /// The export of a productVariants query, in the JSONL layout of shopify.dev "Perform bulk
    /// operations with the GraphQL Admin API": a line per variant, and — when the query asks
    /// for the `inventoryLevels` connection — a line per inventory level (every location that
    /// stocks the item) carrying `__parentId`, the variant's id. Ungrouped (`groupObjects:
    /// false`): the levels come after all the variants, location by location, not below their
    /// parent (or before them all: `setBulkChildrenFirst`). A query naming one
    /// `inventoryLevel(locationId:)` has that level written on the variant's line instead.
    private func exportLines(_ state: ShopState, query: String) -> [[String: Any]] {
        func quantities(_ value: Int) -> [[String: Any]] { [["name": "available", "quantity": value]] }
        guard query.contains("inventoryLevels") else {
            let location = Self.quotedLocation(in: query) ?? state.primaryLocation
            return state.variants.map { variant in
                let quantity = state.available[variant.itemID]?[location]
                let level: Any = quantity.map { ["quantities": quantities($0)] } ?? NSNull()
                return [
                    "id": variant.id, "sku": variant.sku, "displayName": variant.title,
                    "inventoryItem": ["id": variant.itemID, "tracked": variant.tracked, "inventoryLevel": level],
                ]
            }
        }
        let parents: [[String: Any]] = state.variants.map { variant in
            [
                "id": variant.id, "sku": variant.sku, "displayName": variant.title,
                "inventoryItem": ["id": variant.itemID, "tracked": variant.tracked],
            ]
        }
        var children: [[String: Any]] = []
        for location in state.locations {
            for variant in state.variants {
                guard let quantity = state.available[variant.itemID]?[location.id] else { continue }
                children.append([
                    "location": ["id": location.id], "quantities": quantities(quantity), "__parentId": variant.id,
                ])
            }
        }
        return state.bulkChildrenFirst ? children + parents : parents + children
    }

    static func quotedLocation(in query: String) -> String? {
        guard let range = query.range(of: "locationId: \"") else { return nil }
        let rest = query[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    static func describe(_ operation: EmulatedBulkOperation) -> [String: Any] {
        [
            "id": operation.id, "status": operation.status, "errorCode": operation.errorCode ?? NSNull() as Any,
            "objectCount": String(operation.objectCount), "fileSize": String(operation.fileSize),
            "url": operation.url ?? NSNull() as Any, "partialDataUrl": NSNull(),
        ]
    }
}
