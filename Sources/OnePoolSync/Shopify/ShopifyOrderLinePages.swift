import OnePoolCore

/// The line items of orders with more than one page of them (the orders query reads the first
/// `ShopifyQueries.orderLinesFirstPage`). shopify.dev "Paginating results with GraphQL": a connection is read page after page by
/// passing the previous page's `pageInfo.endCursor` as `after` while `pageInfo.hasNextPage` is
/// true. The order is addressed by `node(id:)` (QueryRoot.node, the Node interface Order
/// implements) and its `lineItems(first:, after:)` connection (Order.lineItems,
/// LineItemConnection) is read in the order Shopify lists the lines, so line numbers continue
/// from the first page's.
enum ShopifyOrderLinePages {
    /// The document: the same line fields as `ShopifyQueries.orders`.
    static let query = """
        query OnePoolOrderLines($id: ID!, $first: Int!, $after: String) {
          node(id: $id) {
            ... on Order {
              id
              lineItems(first: $first, after: $after) {
                pageInfo { hasNextPage endCursor }
                nodes { id sku quantity currentQuantity unfulfilledQuantity originalUnitPriceSet { shopMoney { amount } } }
              }
            }
          }
        }
        """
    /// 250 lines a page, the most a connection gives ("You can retrieve up to a maximum of 250
    /// resources", shopify.dev "Paginating results with GraphQL"): requested cost 1 + 2 + 250 × 3
    /// = 753, under the 1,000-point single-query limit.
    static let pageSize = 250
    static let estimatedCost = 3.0 + Double(pageSize) * 3
    /// The most pages read for one order. Shopify documents no bound on how far an Admin API
    /// connection is paged (the 25,000-item pagination limit of June 2025 is the Storefront
    /// API's and Liquid's; "the Admin GraphQL API continues to support higher limits"), so an
    /// order is read whole up to OnePool's own bound on a line's number (`Bounds.orderLineNumber`,
    /// 1,000,000: the journal cannot number a line beyond it). Only an order past that is named
    /// in the pull's skipped lines, its first lines recorded, never read in part as if whole.
    /// At 3 points a line, a Standard plan's 100 points/s reads ~33 lines a second: a 10,000-line
    /// order holds this channel's pull about 5 minutes, other channels not at all.
    static let maxPages = (Bounds.orderLineNumber.upperBound - ShopifyQueries.orderLinesFirstPage) / pageSize

    /// The orders with every line item: an order whose first page says `hasNextPage` gets the
    /// rest appended to `lineItems.nodes`, and its `hasNextPage` set false once all are read.
    static func complete(_ orders: [JSONValue], client: ShopifyGraphQL) async throws(ConnectorError) -> [JSONValue] {
        var result: [JSONValue] = []
        result.reserveCapacity(orders.count)
        for order in orders {
            guard order["lineItems"]?["pageInfo"]?["hasNextPage"]?.bool == true, let id = order["id"]?.string,
                let first = order["lineItems"]?["nodes"]?.array
            else {
                result.append(order)
                continue
            }
            var lines = first
            var after = order["lineItems"]?["pageInfo"]?["endCursor"]?.string
            var more = after != nil
            var pages = 0
            while more, let cursor = after, pages < maxPages {
                pages += 1
                let data = try await client.execute(
                    "orderLineItems", query: query,
                    variables: ["id": .string(id), "first": .number(Double(pageSize)), "after": .string(cursor)],
                    estimatedCost: estimatedCost)
                guard let connection = data["node"]?["lineItems"], let nodes = connection["nodes"]?.array else {
                    throw ConnectorError(
                        .protocolError, "\(client.shop): the line items of order \(id) came back without nodes")
                }
                lines += nodes
                more = connection["pageInfo"]?["hasNextPage"]?.bool == true
                after = connection["pageInfo"]?["endCursor"]?.string
                if nodes.isEmpty { break }
            }
            result.append(order.replacing(lineItems: lines, hasNextPage: more))
        }
        return result
    }
}

extension JSONValue {
    /// An order node with `lineItems` replaced.
    fileprivate func replacing(lineItems: [JSONValue], hasNextPage: Bool) -> JSONValue {
        guard case .object(var fields) = self else { return self }
        fields["lineItems"] = ["pageInfo": ["hasNextPage": .bool(hasNextPage)], "nodes": .array(lineItems)]
        return .object(fields)
    }
}
