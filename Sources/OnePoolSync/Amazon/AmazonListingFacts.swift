import OnePoolCore

/// One of the seller's listings in the connection's marketplace, as the catalogue and the
/// quantity reads see it.
public struct AmazonListing: Sendable, Hashable {
    public var sellerSKU: String
    public var asin: String?
    /// Needed to patch the listing (`patchListingsItem` requires it).
    public var productType: String?
    /// The merchant-fulfilled quantity (`fulfillmentAvailability` with
    /// `fulfillmentChannelCode` `DEFAULT`); nil when the listing has none.
    public var quantity: Int?
    /// The listing is stocked through FBA (a fulfilment channel other than `DEFAULT`, such as
    /// `AMAZON_NA`): its quantity is Amazon's warehouse stock, never OnePool's to set.
    public var fulfilledByAmazon: Bool
    /// `BUYABLE`, `DISCOVERABLE`.
    public var statuses: [String]
    public var createdAt: Timestamp?
    public var updatedAt: Timestamp?
}

/// An issue Amazon attached to a listing submission (`Issue`: code, message, severity).
public struct AmazonListingIssue: Sendable, Hashable {
    public var code: String
    public var message: String
    /// ERROR, WARNING, INFO.
    public var severity: String
    public var attributeNames: [String]
}

/// What `patchListingsItem` answered (`ListingsItemSubmissionResponse`).
public enum AmazonPatchOutcome: Sendable, Hashable {
    /// "The listings submission was accepted for processing": Amazon applies it
    /// asynchronously, usually within minutes; a read in between may still show the old value.
    case accepted(submissionID: String, issues: [AmazonListingIssue])
    /// "The listings submission was not valid and was not accepted for processing."
    case invalid(submissionID: String, issues: [AmazonListingIssue])
}

/// What the read-then-write helper did.
public enum AmazonReadThenWriteOutcome: Sendable, Hashable {
    /// The listing showed `expected` (or the caller had no expectation) and the new quantity
    /// was submitted.
    case written(previous: Int?, outcome: AmazonPatchOutcome)
    /// The quantity already was the target: nothing sent.
    case unchanged(Int)
    /// The listing's quantity had moved from `expected` (a sale, a cancellation, an edit in
    /// Seller Central or a submission still being processed): nothing sent. Pull orders,
    /// recompute, try again.
    case moved(expected: Int?, found: Int?)
    /// The listing is stocked through FBA: its quantity is Amazon's, nothing sent.
    case fulfilledByAmazon
}

/// A quantity to push: what OnePool expects the listing to show now (what it last set or
/// read; nil for no expectation) and what it should show.
public struct AmazonQuantityTarget: Sendable, Hashable {
    public var sku: String
    public var expected: Int?
    public var quantity: Int

    public init(sku: String, expected: Int?, quantity: Int) {
        self.sku = sku
        self.expected = expected
        self.quantity = quantity
    }
}

/// What happened to one target of `readThenSetQuantities`.
public struct AmazonQuantityPush: Sendable {
    public var target: AmazonQuantityTarget
    public var result: Result<AmazonReadThenWriteOutcome, AmazonError>
}
