/// The part of Orders API v2026-01-01 `searchOrders`'s answer OnePool reads
/// (models/orders-api-model/orders_2026-01-01.json, definitions `SearchOrdersResponse`,
/// `Order`, `OrderFulfillment`, `OrderItem`, `ItemProduct`, `ItemPrice`, `Money`,
/// `ItemFulfillment`, `ItemCancellation`, `Pagination`). Fields OnePool does not use are not
/// decoded; fields the model marks required are optional here so that one bad order is
/// rejected by name instead of failing the whole page.
struct SearchOrdersResponse: Decodable {
    var orders: [Order]
    var pagination: Pagination?
    /// "Only orders updated before the specified time are returned." Inferred (the model's
    /// example echoes it and the request parameter must be at least two minutes in the past):
    /// the upper bound Amazon applied to this search, so the next search can start there.
    var lastUpdatedBefore: String?

    struct Pagination: Decodable {
        var nextToken: String?
    }

    struct Order: Decodable {
        var orderId: String?
        var createdTime: String?
        var lastUpdatedTime: String?
        var salesChannel: SalesChannel?
        var fulfillment: OrderFulfillment?
        var orderItems: [OrderItem]?
    }

    struct SalesChannel: Decodable {
        var channelName: String?
        var marketplaceId: String?
    }

    /// Present when `includedData` has `FULFILLMENT`.
    struct OrderFulfillment: Decodable {
        /// PENDING_AVAILABILITY, PENDING, UNSHIPPED, PARTIALLY_SHIPPED, SHIPPED, CANCELLED, UNFULFILLABLE.
        var fulfillmentStatus: String?
        /// AMAZON or MERCHANT.
        var fulfilledBy: String?
    }

    struct OrderItem: Decodable {
        var orderItemId: String?
        var quantityOrdered: Int?
        var product: Product?
        var fulfillment: ItemFulfillment?
        var cancellation: ItemCancellation?
    }

    struct Product: Decodable {
        var asin: String?
        var sellerSku: String?
        var price: Price?
    }

    struct Price: Decodable {
        var unitPrice: Money?
    }

    struct Money: Decodable {
        /// A decimal string ("49.99").
        var amount: String?
        var currencyCode: String?
    }

    struct ItemFulfillment: Decodable {
        var quantityFulfilled: Int?
        var quantityUnfulfilled: Int?
    }

    /// Present when `includedData` has `CANCELLATION`. An item is cancelled once the
    /// cancellation has been executed; a request alone (by the buyer) is not a cancellation.
    struct ItemCancellation: Decodable {
        var cancellationExecution: Execution?

        struct Execution: Decodable {
            var cancelledBy: String?
        }
    }
}
