import Foundation
import LoopbackHTTP

extension SPAPIEmulator {
    static let orderDatasets: Set<String> = [
        "BUYER", "RECIPIENT", "PROCEEDS", "EXPENSE", "PROMOTION", "CANCELLATION", "FULFILLMENT", "PACKAGES", "TAX",
        "PAYMENT",
        "FULFILLMENT_ORDERS",
    ]

    /// Orders API v2026-01-01 `searchOrders` (`GET /orders/2026-01-01/orders`;
    /// models/orders-api-model/orders_2026-01-01.json): exactly one of `createdAfter` /
    /// `lastUpdatedAfter`; a `…Before` bound at least two minutes in the past (the emulator
    /// checks it against its own visibility delay); `maxResultsPerPage` 1…100 (default 100);
    /// `includedData` from the documented enum; `paginationToken` with the other parameters
    /// unchanged. The answer is `SearchOrdersResponse` — `orders`, `pagination.nextToken`
    /// (absent on the last page), and the bound applied (`lastUpdatedBefore` / `createdBefore`).
    /// Basic order and item data always; `fulfillment` (order and item) with FULFILLMENT,
    /// item `cancellation` with CANCELLATION. Unit prices are left out of PENDING orders (as
    /// Amazon does for orders not yet authorised), to exercise the client's missing price.
    ///
    /// Pages are cut by key (lastUpdatedTime, orderId) and the bound is fixed by the first
    /// page, so an order changed while a client pages moves past the bound and shows up in the
    /// next search instead of shifting the pages under the client.
    func searchOrders(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        let createdAfter = request.queryValue("createdAfter")
        let updatedAfter = request.queryValue("lastUpdatedAfter")
        guard (createdAfter == nil) != (updatedAfter == nil) else {
            return errorList(400, "InvalidInput", "Exactly one of createdAfter and lastUpdatedAfter must be provided.")
        }
        let byCreation = createdAfter != nil
        if byCreation && request.queryValue("lastUpdatedBefore") != nil
            || !byCreation && request.queryValue("createdBefore") != nil
        {
            return errorList(400, "InvalidInput", "createdBefore/lastUpdatedBefore do not match the filter used.")
        }
        guard let after = EmulatorTime.parse(createdAfter ?? updatedAfter ?? "") else {
            return errorList(400, "InvalidInput", "Invalid date-time: \(createdAfter ?? updatedAfter ?? "")")
        }
        let pageSize = Int(request.queryValue("maxResultsPerPage") ?? "100") ?? -1
        guard (1...100).contains(pageSize) else {
            return errorList(400, "InvalidInput", "maxResultsPerPage must be between 1 and 100.")
        }
        let datasets = Set(Self.list(request.queryValue("includedData")))
        guard datasets.isSubset(of: Self.orderDatasets) else {
            return errorList(
                400, "InvalidInput",
                "Invalid includedData: \(datasets.subtracting(Self.orderDatasets).sorted().joined(separator: ","))")
        }
        let marketplaces = Self.list(request.queryValue("marketplaceIds"))
        for marketplace in marketplaces where !configuration.marketplaces.contains(marketplace) {
            return errorList(400, "InvalidInput", "Invalid marketplaceId: \(marketplace)")
        }
        let fulfilledBy = Self.list(request.queryValue("fulfilledBy"))
        let statuses = Self.list(request.queryValue("fulfillmentStatuses"))
        let latestAllowed = now().addingTimeInterval(-configuration.orderVisibilityDelay)

        // The paging state: the bound and the last key, tied to the filter they belong to.
        let filter = [
            createdAfter ?? "", updatedAfter ?? "", marketplaces.joined(separator: ","),
            fulfilledBy.joined(separator: ","),
            statuses.joined(separator: ","),
        ].joined(separator: "|")
        var bound: Date
        var lastKey: (Date, String)?
        if let token = request.queryValue("paginationToken") {
            guard let state = Self.decodeOrderToken(token), state.filter == filter else {
                return errorList(
                    400, "InvalidInput", "Invalid paginationToken, or parameters differ from the first request.")
            }
            bound = state.bound
            lastKey = state.lastKey
        } else {
            let asked = request.queryValue(byCreation ? "createdBefore" : "lastUpdatedBefore")
            if let asked {
                guard let date = EmulatorTime.parse(asked), date >= after, date <= latestAllowed else {
                    return errorList(
                        400, "InvalidInput",
                        "The …Before date must be after the …After date and at least two minutes before now.")
                }
                bound = date
            } else {
                bound = EmulatorTime.truncated(latestAllowed)
            }
        }
        func key(_ order: EmulatedOrder) -> (Date, String) {
            (byCreation ? order.created : order.lastUpdated, order.orderID)
        }
        let matching = orders.values.filter { order in
            let time = byCreation ? order.created : order.lastUpdated
            return time >= after && time < bound && (marketplaces.isEmpty || marketplaces.contains(order.marketplaceID))
                && (fulfilledBy.isEmpty || fulfilledBy.contains(order.fulfilledBy))
                && (statuses.isEmpty || statuses.contains(order.status))
        }.sorted { key($0) < key($1) }
        let remaining = matching.filter { order in lastKey.map { key(order) > $0 } ?? true }
        let page = Array(remaining.prefix(pageSize))
        var body: [String: Any] = ["orders": page.map { orderJSON($0, datasets: datasets) }]
        if configuration.echoesSearchBound {
            body[byCreation ? "createdBefore" : "lastUpdatedBefore"] = EmulatorTime.text(bound)
        }
        if remaining.count > page.count, let last = page.last {
            body["pagination"] = ["nextToken": Self.encodeOrderToken(filter: filter, bound: bound, lastKey: key(last))]
        }
        return ok(body)
    }

    /// The documented `Order`, with `OrderItem`s.
    private func orderJSON(_ order: EmulatedOrder, datasets: Set<String>) -> [String: Any] {
        var json: [String: Any] = [
            "orderId": order.orderID, "createdTime": EmulatorTime.text(order.created),
            "lastUpdatedTime": EmulatorTime.text(order.lastUpdated),
            "programs": [String](),
            "salesChannel": [
                "channelName": "AMAZON", "marketplaceId": order.marketplaceID, "marketplaceName": "Amazon.com",
            ],
        ]
        if datasets.contains("FULFILLMENT") {
            json["fulfillment"] = [
                "fulfillmentStatus": order.status, "fulfilledBy": order.fulfilledBy,
                "fulfillmentServiceLevel": "STANDARD",
            ]
        }
        json["orderItems"] = order.items.map { item -> [String: Any] in
            var product: [String: Any] = [
                "asin": item.asin, "title": "Emulated \(item.sellerSKU)", "sellerSku": item.sellerSKU,
                "condition": ["conditionType": "NEW", "conditionSubtype": "NEW"],
            ]
            if order.status != "PENDING" && order.status != "PENDING_AVAILABILITY" {
                product["price"] = ["unitPrice": ["amount": item.unitPrice, "currencyCode": "USD"]]
            }
            var entry: [String: Any] = [
                "orderItemId": item.orderItemID, "quantityOrdered": item.quantityOrdered, "programs": [String](),
                "product": product,
            ]
            if datasets.contains("FULFILLMENT") {
                let unfulfilled = item.cancelled ? 0 : item.quantityOrdered - item.quantityShipped
                entry["fulfillment"] = ["quantityFulfilled": item.quantityShipped, "quantityUnfulfilled": unfulfilled]
            }
            if datasets.contains("CANCELLATION") && item.cancelled {
                entry["cancellation"] = [
                    "cancellationExecution": ["cancelledBy": "MERCHANT", "cancelReason": "Cancelled"]
                ]
            }
            return entry
        }
        return json
    }

    private struct OrderToken: Codable {
        var filter: String
        var bound: Double
        var lastTime: Double
        var lastID: String
    }

    static func encodeOrderToken(filter: String, bound: Date, lastKey: (Date, String)) -> String {
        let token = OrderToken(
            filter: filter, bound: bound.timeIntervalSince1970, lastTime: lastKey.0.timeIntervalSince1970,
            lastID: lastKey.1)
        return ((try? JSONEncoder().encode(token)) ?? Data()).base64EncodedString()
    }

    static func decodeOrderToken(_ text: String) -> (filter: String, bound: Date, lastKey: (Date, String))? {
        guard let data = Data(base64Encoded: text), let token = try? JSONDecoder().decode(OrderToken.self, from: data)
        else { return nil }
        return (
            token.filter, Date(timeIntervalSince1970: token.bound),
            (Date(timeIntervalSince1970: token.lastTime), token.lastID)
        )
    }
}
