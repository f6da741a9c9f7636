import OnePoolChannels
import OnePoolCore

/// The seller's listings in the marketplace, with why any were left out.
public struct AmazonCatalogue: Sendable {
    public var listings: [AmazonListing]
    /// Items whose values were out of range, with the reason.
    public var skipped: [String]
    public var requests: Int
}

extension AmazonClient {
    /// Every listing of the seller in the marketplace: seller SKU, ASIN, product type,
    /// merchant-fulfilled quantity, FBA or not.
    ///
    /// Why `searchListingsItems` and not the merchant listings report: it is synchronous (no
    /// report to request, poll and download), it gives the quantity per fulfilment channel and
    /// the product type a patch needs, and at 5 requests/s × 20 items a catalogue of 10,000
    /// listings takes about 100 s. Its documented limit — "the maximum number of items (SKUs)
    /// that can be returned and paged through is 1000" — is worked around with documented
    /// parameters: results sorted by `createdDate` ascending, and when a search has more
    /// matches (`numberOfResults`) than it let us page through, a new search starts at the
    /// last `createdDate` seen (`createdAfter`, inclusive; SKUs seen twice are kept once). Only
    /// more than 1000 listings created in the same instant defeat this, and that is reported.
    /// For catalogues of hundreds of thousands, the `GET_MERCHANT_LISTINGS_ALL_DATA` report
    /// would cost fewer requests; it is not built.
    public func catalogue(pageSize: Int = 20, maxRequests: Int = 100_000) async throws(AmazonError) -> AmazonCatalogue {
        guard (1...20).contains(pageSize) else {
            throw .invalidConfiguration("page size \(pageSize) is outside 1…20 (searchListingsItems pageSize)")
        }
        var bySKU: [String: AmazonListing] = [:]
        var skipped: [String] = []
        var requests = 0
        var windowStart: Timestamp?
        while true {
            var pageToken: String?
            var returned = 0
            var matching = 0
            var lastCreated: Timestamp?
            var usedTokens = Set<String>()
            repeat {
                var query: [(String, String)] = [
                    ("sortBy", "createdDate"), ("sortOrder", "ASC"), ("pageSize", String(pageSize)),
                ]
                if let windowStart { query.append(("createdAfter", AmazonTime.iso(windowStart))) }
                if let pageToken { query.append(("pageToken", pageToken)) }
                guard requests < maxRequests else {
                    throw .malformedResponse(
                        operation: "searchListingsItems", reason: "the catalogue did not end after \(requests) requests"
                    )
                }
                let page = try await searchPage(query: query)
                requests += 1
                if returned == 0 { matching = max(0, page.numberOfResults ?? 0) }
                returned += page.items.count
                for item in page.items {
                    switch ListingsItemsAPI.listing(item, marketplaceID: connection.marketplaceID) {
                    case .success(let listing):
                        bySKU[listing.sellerSKU] = listing
                        if let created = listing.createdAt { lastCreated = max(lastCreated ?? created, created) }
                    case .failure(let problem):
                        skipped.append(problem.reason)
                    }
                }
                pageToken = page.pagination?.nextToken
                if let token = pageToken, !usedTokens.insert(token).inserted {
                    throw .malformedResponse(operation: "searchListingsItems", reason: "a page token repeated")
                }
            } while pageToken != nil
            guard matching > returned else { break }
            // Amazon stopped paging before the end: start again from the last creation date seen.
            guard let lastCreated, lastCreated > (windowStart ?? Timestamp(millisecondsSince1970: Int64.min)) else {
                throw .malformedResponse(
                    operation: "searchListingsItems",
                    reason:
                        "\(matching) listings match but only \(returned) can be paged through, "
                        + "and their creation dates give no way on"
                )
            }
            windowStart = lastCreated
        }
        let listings = bySKU.values.sorted { $0.sellerSKU < $1.sellerSKU }
        return AmazonCatalogue(listings: listings, skipped: skipped, requests: requests)
    }
}
