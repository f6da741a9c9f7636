import Foundation
import LoopbackHTTP

extension SPAPIEmulator {
    static let listingDatasets: Set<String> = [
        "summaries", "attributes", "issues", "offers", "fulfillmentAvailability", "procurement", "relationships",
        "productTypes",
    ]

    /// Checks shared by the Listings Items operations (listingsItems_2021-08-01.json): the
    /// seller in the path must be the one who authorised the token (else the 403 SP-API gives
    /// an unauthorised seller), and `marketplaceIds` is required, at most one, and must be one
    /// the seller sells in (400 `InvalidInput` otherwise).
    private func listingPreconditions(_ request: HTTPRequestMessage, seller: String) -> HTTPResponseMessage? {
        guard seller == sellerID else {
            return errorList(403, "Unauthorized", "Access to requested resource is denied.", details: "")
        }
        let marketplaces = Self.list(request.queryValue("marketplaceIds"))
        guard marketplaces.count == 1, let marketplace = marketplaces.first else {
            return errorList(400, "InvalidInput", "marketplaceIds is required and takes one marketplace.")
        }
        guard configuration.marketplaces.contains(marketplace) else {
            return errorList(400, "InvalidInput", "Invalid marketplaceIds: \(marketplace)")
        }
        return nil
    }

    /// `getListingsItem` (`GET /listings/2021-08-01/items/{sellerId}/{sku}`): the `Item` with
    /// the datasets asked for (`includedData`, default `summaries`); 404 with an `ErrorList`
    /// for an unknown SKU.
    func getListingsItem(_ request: HTTPRequestMessage, seller: String, sku: String) -> HTTPResponseMessage {
        if let refusal = listingPreconditions(request, seller: seller) { return refusal }
        let datasets = Set(Self.list(request.queryValue("includedData") ?? "summaries"))
        guard datasets.isSubset(of: Self.listingDatasets) else {
            return errorList(400, "InvalidInput", "Invalid includedData.")
        }
        guard let listing = listings[sku] else {
            return errorList(404, "NOT_FOUND", "SKU '\(sku)' not found in marketplace \(configuration.marketplaces[0])")
        }
        return ok(itemJSON(listing, datasets: datasets))
    }

    /// The documented `Item`: `sku`, `summaries` (`ItemSummaryByMarketplace`),
    /// `fulfillmentAvailability` (`DEFAULT` for the merchant's quantity, `AMAZON_NA` for FBA).
    private func itemJSON(_ listing: EmulatedListing, datasets: Set<String>) -> [String: Any] {
        var item: [String: Any] = ["sku": listing.sku]
        if datasets.contains("summaries") {
            let quantity = listing.merchantQuantity ?? listing.amazonQuantity ?? 0
            item["summaries"] = [
                [
                    "marketplaceId": configuration.marketplaces[0], "asin": listing.asin,
                    "productType": listing.productType,
                    "conditionType": "new_new",
                    "status": quantity > 0 ? ["BUYABLE", "DISCOVERABLE"] : ["DISCOVERABLE"],
                    "itemName": "Emulated \(listing.sku)", "createdDate": EmulatorTime.text(listing.created),
                    "lastUpdatedDate": EmulatorTime.text(listing.lastUpdated),
                ] as [String: Any]
            ]
        }
        if datasets.contains("fulfillmentAvailability") {
            var availability: [[String: Any]] = []
            if let quantity = listing.merchantQuantity {
                availability.append(["fulfillmentChannelCode": "DEFAULT", "quantity": quantity])
            }
            if let quantity = listing.amazonQuantity {
                availability.append(["fulfillmentChannelCode": "AMAZON_NA", "quantity": quantity])
            }
            item["fulfillmentAvailability"] = availability
        }
        if datasets.contains("issues") { item["issues"] = [[String: Any]]() }
        return item
    }

    /// `patchListingsItem` (`PATCH /listings/2021-08-01/items/{sellerId}/{sku}`), body
    /// `ListingsItemPatchRequest` (`productType`, `patches` ≥ 1 of `PatchOperation`: `op` add,
    /// replace, merge or delete; `path`; `value` array). The emulator models one attribute,
    /// `/attributes/fulfillment_availability` (`fulfillment_channel_code` selector, `quantity`
    /// ≥ 0, `lead_time_to_ship_max_days`): `merge` changes only the fields given ("Merge a
    /// listing"), `replace`/`add` set the whole attribute. The answer is
    /// `ListingsItemSubmissionResponse`: `ACCEPTED` (applied at once here; Amazon applies it
    /// asynchronously) or `INVALID` with `issues`.
    func patchListingsItem(_ request: HTTPRequestMessage, seller: String, sku: String) -> HTTPResponseMessage {
        if let refusal = listingPreconditions(request, seller: seller) { return refusal }
        guard (request.header("content-type") ?? "").lowercased().hasPrefix("application/json") else {
            return errorList(415, "UnsupportedMediaType", "The request payload is in an unsupported format.")
        }
        guard let body = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any],
            let productType = body["productType"] as? String, let patches = body["patches"] as? [[String: Any]],
            !patches.isEmpty
        else {
            return errorList(
                400, "InvalidInput", "Body must be a ListingsItemPatchRequest with productType and at least one patch.")
        }
        let submission = UUID().uuidString.lowercased()
        func invalid(_ code: String, _ message: String) -> HTTPResponseMessage {
            ok([
                "sku": sku, "status": "INVALID", "submissionId": submission,
                "issues": [
                    [
                        "code": code, "message": message, "severity": "ERROR",
                        "attributeNames": ["fulfillment_availability"],
                        "categories": ["INVALID_ATTRIBUTE"],
                    ] as [String: Any]
                ],
            ])
        }
        if let rejection = patchRejections[sku] { return invalid(rejection.code, rejection.message) }
        guard var listing = listings[sku] else {
            return invalid("4000001", "SKU '\(sku)' is not a listing of this seller.")
        }
        guard productType == listing.productType else {
            return invalid("4000003", "The product type '\(productType)' does not match the listing's product type.")
        }
        for patch in patches {
            guard let op = patch["op"] as? String, ["add", "replace", "merge", "delete"].contains(op),
                let path = patch["path"] as? String
            else {
                return errorList(400, "InvalidInput", "Each patch needs op (add, replace, merge, delete) and path.")
            }
            guard path == "/attributes/fulfillment_availability" else { continue }
            let values = patch["value"] as? [[String: Any]] ?? []
            for value in values {
                guard let code = value["fulfillment_channel_code"] as? String, !code.isEmpty else {
                    return invalid("90000900", "fulfillment_channel_code is required.")
                }
                let quantity = value["quantity"] as? Int
                if let quantity, quantity < 0 { return invalid("90000900", "quantity must be 0 or more.") }
                guard code == "DEFAULT" else {
                    return invalid("90000900", "Only DEFAULT quantities can be set by the merchant.")
                }
                switch op {
                case "merge":
                    if let quantity { listing.merchantQuantity = quantity }
                    if let lead = value["lead_time_to_ship_max_days"] as? Int { listing.leadTimeToShipMaxDays = lead }
                case "delete":
                    listing.merchantQuantity = nil
                    listing.leadTimeToShipMaxDays = nil
                default:
                    listing.merchantQuantity = quantity
                    listing.leadTimeToShipMaxDays = value["lead_time_to_ship_max_days"] as? Int
                }
            }
        }
        listing.lastUpdated = EmulatorTime.truncated(now())
        if let to = listing.merchantQuantity, to != listings[sku]?.merchantQuantity {
            history.append(.set(sku: sku, from: listings[sku]?.merchantQuantity, to: to, at: now()))
        }
        listings[sku] = listing
        return ok(["sku": sku, "status": "ACCEPTED", "submissionId": submission, "issues": [[String: Any]]()])
    }

    /// `searchListingsItems` (`GET /listings/2021-08-01/items/{sellerId}`): `identifiers` (≤ 20)
    /// with `identifiersType` (SKU here), `createdAfter`, `sortBy` (sku, createdDate,
    /// lastUpdatedDate; default lastUpdatedDate) and `sortOrder` (default DESC), `pageSize` ≤ 20
    /// (default 10), `pageToken`. Answer `ItemSearchResults`: `numberOfResults` (all matches),
    /// `pagination.nextToken`, `items`; at most `listingsSearchCap` (documented: 1000) items
    /// can be paged through.
    func searchListingsItems(_ request: HTTPRequestMessage, seller: String) -> HTTPResponseMessage {
        if let refusal = listingPreconditions(request, seller: seller) { return refusal }
        let datasets = Set(Self.list(request.queryValue("includedData") ?? "summaries"))
        guard datasets.isSubset(of: Self.listingDatasets) else {
            return errorList(400, "InvalidInput", "Invalid includedData.")
        }
        let pageSize = Int(request.queryValue("pageSize") ?? "10") ?? -1
        guard (1...20).contains(pageSize) else {
            return errorList(400, "InvalidInput", "pageSize must be between 1 and 20.")
        }
        let identifiers = Self.list(request.queryValue("identifiers"))
        guard identifiers.count <= 20 else { return errorList(400, "InvalidInput", "At most 20 identifiers.") }
        if !identifiers.isEmpty && request.queryValue("identifiersType") != "SKU" {
            return errorList(
                400, "InvalidInput", "identifiersType is required with identifiers (the emulator knows SKU).")
        }
        var createdAfter: Date?
        if let text = request.queryValue("createdAfter") {
            guard let date = EmulatorTime.parse(text) else {
                return errorList(400, "InvalidInput", "Invalid createdAfter.")
            }
            createdAfter = date
        }
        let sortBy = request.queryValue("sortBy") ?? "lastUpdatedDate"
        let ascending = (request.queryValue("sortOrder") ?? "DESC") == "ASC"
        guard ["sku", "createdDate", "lastUpdatedDate"].contains(sortBy) else {
            return errorList(400, "InvalidInput", "Invalid sortBy.")
        }
        let matching = listings.values.filter { listing in
            (identifiers.isEmpty || identifiers.contains(listing.sku))
                && (createdAfter.map { listing.created >= $0 } ?? true)
        }.sorted { lhs, rhs in
            func before(_ a: EmulatedListing, _ b: EmulatedListing) -> Bool {
                switch sortBy {
                case "sku": a.sku < b.sku
                case "createdDate": (a.created, a.sku) < (b.created, b.sku)
                default: (a.lastUpdated, a.sku) < (b.lastUpdated, b.sku)
                }
            }
            return ascending ? before(lhs, rhs) : before(rhs, lhs)
        }
        var offset = 0
        if let token = request.queryValue("pageToken") {
            guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8),
                let value = Int(text), value >= 0
            else { return errorList(400, "InvalidInput", "Invalid pageToken.") }
            offset = value
        }
        let pageable = min(matching.count, configuration.listingsSearchCap)
        let page = offset < pageable ? Array(matching[offset..<min(offset + pageSize, pageable)]) : []
        var body: [String: Any] = [
            "numberOfResults": matching.count, "items": page.map { itemJSON($0, datasets: datasets) },
        ]
        if offset + pageSize < pageable {
            body["pagination"] = ["nextToken": Data(String(offset + pageSize).utf8).base64EncodedString()]
        }
        return ok(body)
    }
}
