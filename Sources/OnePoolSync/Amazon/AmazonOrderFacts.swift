import OnePoolCore

/// Who ships an Amazon order. FBA (Amazon Fulfilment Network, "AFN") orders ship from
/// Amazon's warehouse stock, not the seller's: the engine skips them, as the file import does.
public enum AmazonFulfilment: String, Sendable, Hashable {
    /// Fulfilled by the merchant (MFN): the seller's stock, the pool's business.
    case merchant
    /// Fulfilled by Amazon (FBA / AFN).
    case amazon
}

/// A line's state in the neutral terms the engine applies.
public enum AmazonLineStatus: String, Sendable, Hashable {
    /// Placed, payment not yet authorised (`PENDING`, `PENDING_AVAILABILITY`): Amazon already
    /// holds the units back from the listing's quantity.
    case pending
    /// Ready to ship, not shipped (`UNSHIPPED`, or a `PARTIALLY_SHIPPED` order's unshipped item).
    case unshipped
    case shipped
    /// Cancelled (`CANCELLED`, an executed item cancellation, or `UNFULFILLABLE`: it never ships).
    case cancelled
}

/// One order item in neutral terms: enough for the engine to record, amend, cancel or ship
/// an order line exactly as the file import would.
public struct AmazonOrderLine: Sendable, Hashable {
    /// Amazon's order id (`orderId`, 3-7-7 digits).
    public var orderID: String
    /// Amazon's id of this item within the order (`orderItemId`): stable across updates.
    public var orderItemID: String
    /// 1-based number of the item within the order, by (seller SKU, orderItemId): the same
    /// numbering as the All Orders report import ((SKU, occurrence)) whenever Amazon lists an
    /// order's items in orderItemId order, and stable when the order is updated.
    public var line: Int
    /// The seller SKU: the listing id OnePool maps to a SKU.
    public var sellerSKU: String
    public var asin: String?
    /// `quantityOrdered`, in listing units. 0 only on a cancelled line.
    public var quantity: Int
    /// `quantityFulfilled` where Amazon gives it.
    public var shippedQuantity: Int?
    /// Per unit; nil when Amazon leaves it out (pending orders) or it cannot be held exactly
    /// (more than two decimals), in which case the pull's `notes` say so.
    public var unitPrice: Money?
    public var currencyCode: String?
    public var status: AmazonLineStatus
    public var fulfilment: AmazonFulfilment

    /// FBA lines are Amazon's stock: the engine skips them.
    public var isFulfilledByAmazon: Bool { fulfilment == .amazon }
}

/// One order as the last pull saw it.
public struct AmazonOrder: Sendable, Hashable {
    public var orderID: String
    public var marketplaceID: String?
    /// `createdTime`: when the buyer placed it.
    public var placedAt: Timestamp
    /// `lastUpdatedTime`: the change this pull saw.
    public var updatedAt: Timestamp
    /// Amazon's `fulfillmentStatus`, word for word (for messages).
    public var amazonStatus: String
    public var fulfilment: AmazonFulfilment
    public var lines: [AmazonOrderLine]
}

/// An order the client could not turn into facts, with why. Its id is kept so the engine
/// can report it; the cursor still moves past it (the pull is all-or-nothing for pages, not
/// for one bad order), so the engine must record or report these, not drop them.
public struct AmazonRejectedOrder: Sendable, Hashable {
    public var orderID: String
    public var reason: String
}

/// What one pull brought: every order updated in the range read, once each, in update order.
/// Apply them and store `next.text` in the same journal batch. A pull that found nothing need
/// write nothing: starting the next pull from the older cursor only reads an empty range again.
public struct AmazonOrdersPull: Sendable {
    public var orders: [AmazonOrder]
    public var rejected: [AmazonRejectedOrder]
    /// Remarks that do not stop an order (an unreadable price).
    public var notes: [String]
    /// Where the next pull starts.
    public var next: AmazonOrdersCursor
    /// The search reached its last page. False: more pages wait (`next` holds the token), or a
    /// fault stopped it (`stoppedBy`).
    public var complete: Bool
    /// The fault that ended the pull early, after at least one page was read.
    public var stoppedBy: AmazonError?
    /// Pages read (requests that succeeded).
    public var pages: Int
}
