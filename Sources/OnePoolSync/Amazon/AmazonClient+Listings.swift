import Foundation
import OnePoolChannels
import OnePoolCore

extension AmazonClient {
    private var marketplaceQuery: (String, String) { ("marketplaceIds", connection.marketplaceID) }

    func itemPath(_ sku: String) -> String {
        "/listings/2021-08-01/items/\(SPAPIFormEncoding.encode(connection.sellerID))/\(SPAPIFormEncoding.encode(sku))"
    }

    /// One listing with its merchant-fulfilled quantity, through Listings Items 2021-08-01
    /// `getListingsItem` (`GET /listings/2021-08-01/items/{sellerId}/{sku}`,
    /// `includedData=summaries,fulfillmentAvailability`). A SKU Amazon does not know is
    /// `listingNotFound` (the documented 404).
    public func listing(sku: String) async throws(AmazonError) -> AmazonListing {
        try Self.checkSKU(sku)
        let answer = try await requester.send(
            .getListingsItem, method: "GET", path: itemPath(sku),
            query: [marketplaceQuery, ("includedData", "summaries,fulfillmentAvailability")], acceptStatuses: [404])
        if answer.status == 404 { throw .listingNotFound(sku: sku) }
        let item: ListingsItemsAPI.Item
        do { item = try JSONDecoder().decode(ListingsItemsAPI.Item.self, from: answer.body) } catch {
            throw .malformedResponse(operation: "getListingsItem", reason: "not an Item (\(Self.brief(error)))")
        }
        switch ListingsItemsAPI.listing(item, marketplaceID: connection.marketplaceID) {
        case .success(let listing): return listing
        case .failure(let problem): throw .malformedResponse(operation: "getListingsItem", reason: problem.reason)
        }
    }

    /// Many listings by SKU, 20 to a request (`searchListingsItems` with `identifiers` and
    /// `identifiersType=SKU`; the model allows at most 20 identifiers): a quick read of the
    /// current quantities right before pushing. SKUs Amazon does not know are absent.
    public func listings(skus: [String]) async throws(AmazonError) -> [String: AmazonListing] {
        for sku in skus { try Self.checkSKU(sku) }
        var found: [String: AmazonListing] = [:]
        let unique = Array(Set(skus)).sorted()
        var start = 0
        while start < unique.count {
            let batch = unique[start..<min(start + 20, unique.count)]
            start += 20
            let results = try await searchPage(query: [
                ("identifiers", batch.joined(separator: ",")), ("identifiersType", "SKU"), ("pageSize", "20"),
            ])
            for item in results.items {
                if case .success(let listing) = ListingsItemsAPI.listing(item, marketplaceID: connection.marketplaceID),
                    batch.contains(listing.sellerSKU)
                {
                    found[listing.sellerSKU] = listing
                }
            }
        }
        return found
    }

    /// Sets a listing's merchant-fulfilled quantity through `patchListingsItem`
    /// (`PATCH /listings/2021-08-01/items/{sellerId}/{sku}`), body
    /// `{"productType": …, "patches": [{"op": "merge", "path": "/attributes/fulfillment_availability",
    /// "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": N}]}]}` — the documented
    /// `merge` ("Merge a listing"), which changes the quantity and leaves the attribute's other
    /// fields (restock date, handling time) as they are; `replace` would clear them.
    ///
    /// An absolute value, so sending it twice (a retry after a lost answer) sets the same
    /// number; but a sale between the two would be overwritten (see `readThenSetQuantity`).
    public func setQuantity(
        sku: String, quantity: Int, productType: String
    ) async throws(AmazonError) -> AmazonPatchOutcome {
        try Self.checkSKU(sku)
        guard (0...Bounds.skuUnits).contains(quantity) else {
            throw .quantityOutOfRange(sku: sku, quantity: quantity, allowed: 0...Bounds.skuUnits)
        }
        guard (1...200).contains(productType.utf8.count) else {
            throw .invalidConfiguration("listing '\(sku)': the product type must be 1–200 bytes")
        }
        let body: [String: Any] = [
            "productType": productType,
            "patches": [
                [
                    "op": "merge", "path": "/attributes/fulfillment_availability",
                    "value": [["fulfillment_channel_code": "DEFAULT", "quantity": quantity]],
                ]
            ],
        ]
        let data: Data
        do { data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]) } catch {
            throw .invalidConfiguration("listing '\(sku)': the patch could not be encoded")
        }
        let answer = try await requester.send(
            .patchListingsItem, method: "PATCH", path: itemPath(sku),
            query: [marketplaceQuery, ("includedData", "issues")], body: data)
        let response: ListingsItemsAPI.SubmissionResponse
        do { response = try JSONDecoder().decode(ListingsItemsAPI.SubmissionResponse.self, from: answer.body) } catch {
            throw .malformedResponse(
                operation: "patchListingsItem", reason: "not a ListingsItemSubmissionResponse (\(Self.brief(error)))")
        }
        let issues = ListingsItemsAPI.issues(response.issues, redactor: requester.tokens.redactor)
        let submission = String((response.submissionId ?? "").prefix(100))
        switch response.status {
        case "ACCEPTED": return .accepted(submissionID: submission, issues: issues)
        case "INVALID": return .invalid(submissionID: submission, issues: issues)
        default:
            throw .malformedResponse(
                operation: "patchListingsItem",
                reason: "status '\(String((response.status ?? "").prefix(20)))', expected ACCEPTED or INVALID")
        }
    }

    /// Amazon has no compare-and-set, so this is the nearest thing: read the listing
    /// (`getListingsItem`), and only if its quantity still is `expected` (what OnePool last
    /// set or read; nil = no expectation) submit `quantity`. A moved quantity means Amazon sold,
    /// cancelled, or someone edited since OnePool last looked: nothing is written, and the
    /// engine should pull orders and recompute first.
    ///
    /// The race that remains: a sale between Amazon's answer to the read and the patch taking
    /// effect is overwritten. That window is one read answer + one patch request (tens to
    /// hundreds of milliseconds), plus Amazon's asynchronous processing of the accepted patch.
    /// The engine bounds the harm by pulling orders immediately before pushing and by sending
    /// decreases first; an overwritten sale is still recorded by the next pull, which then
    /// corrects the quantity.
    public func readThenSetQuantity(
        sku: String, expected: Int?, to quantity: Int
    ) async throws(AmazonError)
        -> AmazonReadThenWriteOutcome
    {
        let current = try await listing(sku: sku)
        return try await write(quantity, over: current, expected: expected)
    }

    /// `readThenSetQuantity` for many listings: the current quantities are read 20 to a request
    /// (`listings(skus:)`), then each unmoved listing is patched, in the order given (send
    /// decreases first: a decrease that loses a race oversells nothing). One listing's failure
    /// does not stop the others; each target gets its own result. The race window per listing is
    /// the time from the batch read to that listing's patch, so keep batches small when sales
    /// are brisk; the read of 20 costs one request instead of 20.
    public func readThenSetQuantities(_ targets: [AmazonQuantityTarget]) async -> [AmazonQuantityPush] {
        var pushes: [AmazonQuantityPush] = []
        var start = 0
        while start < targets.count {
            let batch = Array(targets[start..<min(start + 20, targets.count)])
            start += 20
            let current: [String: AmazonListing]
            do { current = try await listings(skus: batch.map(\.sku)) } catch {
                pushes += batch.map { AmazonQuantityPush(target: $0, result: .failure(error)) }
                continue
            }
            for target in batch {
                guard let listing = current[target.sku] else {
                    pushes.append(
                        AmazonQuantityPush(target: target, result: .failure(.listingNotFound(sku: target.sku))))
                    continue
                }
                do {
                    let outcome = try await write(target.quantity, over: listing, expected: target.expected)
                    pushes.append(AmazonQuantityPush(target: target, result: .success(outcome)))
                } catch {
                    pushes.append(AmazonQuantityPush(target: target, result: .failure(error)))
                }
            }
        }
        return pushes
    }

    private func write(
        _ quantity: Int, over current: AmazonListing, expected: Int?
    ) async throws(AmazonError)
        -> AmazonReadThenWriteOutcome
    {
        if current.fulfilledByAmazon && current.quantity == nil { return .fulfilledByAmazon }
        if let expected, current.quantity != expected { return .moved(expected: expected, found: current.quantity) }
        if current.quantity == quantity, let same = current.quantity { return .unchanged(same) }
        guard let productType = current.productType else {
            throw .malformedResponse(
                operation: "getListingsItem", reason: "listing \(current.sellerSKU) has no productType in its summary")
        }
        let outcome = try await setQuantity(sku: current.sellerSKU, quantity: quantity, productType: productType)
        return .written(previous: current.quantity, outcome: outcome)
    }

    func searchPage(query: [(String, String)]) async throws(AmazonError) -> ListingsItemsAPI.SearchResults {
        let answer = try await requester.send(
            .searchListingsItems, method: "GET",
            path: "/listings/2021-08-01/items/\(SPAPIFormEncoding.encode(connection.sellerID))",
            query: [marketplaceQuery, ("includedData", "summaries,fulfillmentAvailability")] + query)
        do { return try JSONDecoder().decode(ListingsItemsAPI.SearchResults.self, from: answer.body) } catch {
            throw .malformedResponse(
                operation: "searchListingsItems", reason: "not ItemSearchResults (\(Self.brief(error)))")
        }
    }

    static func checkSKU(_ sku: String) throws(AmazonError) {
        guard Bounds.textBytes.contains(sku.utf8.count) else {
            throw .invalidConfiguration("seller SKU '\(String(sku.prefix(40)))' must be 1–500 bytes")
        }
    }
}
