import OnePoolChannels
import OnePoolCore

/// The parts of Listings Items API 2021-08-01 answers OnePool reads
/// (models/listings-items-api-model/listingsItems_2021-08-01.json, definitions `Item`,
/// `ItemSummaryByMarketplace`, `FulfillmentAvailability`, `ItemSearchResults`, `Pagination`,
/// `ListingsItemSubmissionResponse`, `Issue`).
enum ListingsItemsAPI {
    struct Item: Decodable {
        var sku: String?
        var summaries: [Summary]?
        var fulfillmentAvailability: [FulfillmentAvailability]?
    }

    struct Summary: Decodable {
        var marketplaceId: String?
        var asin: String?
        var productType: String?
        var status: [String]?
        var createdDate: String?
        var lastUpdatedDate: String?
    }

    struct FulfillmentAvailability: Decodable {
        /// `DEFAULT` for the merchant's own fulfilment; an Amazon network code (`AMAZON_NA`, …) for FBA.
        var fulfillmentChannelCode: String?
        /// "minimum": 0.
        var quantity: Int?
    }

    struct SearchResults: Decodable {
        var numberOfResults: Int?
        var pagination: Pagination?
        var items: [Item]

        struct Pagination: Decodable {
            var nextToken: String?
        }
    }

    struct SubmissionResponse: Decodable {
        var sku: String?
        /// ACCEPTED, INVALID, VALID (validation preview only).
        var status: String?
        var submissionId: String?
        var issues: [Issue]?
    }

    struct Issue: Decodable {
        var code: String?
        var message: String?
        var severity: String?
        var attributeNames: [String]?
    }

    /// An item as a listing of `marketplaceID`, with every value checked. Nil with a reason
    /// when a value is out of range.
    static func listing(_ item: Item, marketplaceID: String) -> Result<AmazonListing, AmazonListingProblem> {
        guard let sku = item.sku, Bounds.textBytes.contains(sku.utf8.count) else {
            return .failure(AmazonListingProblem(reason: "a listing's sku is missing or longer than 500 bytes"))
        }
        let summary = item.summaries?.first { $0.marketplaceId == marketplaceID } ?? item.summaries?.first
        var quantity: Int?
        var fba = false
        for entry in item.fulfillmentAvailability ?? [] {
            if entry.fulfillmentChannelCode == "DEFAULT" {
                if let value = entry.quantity {
                    guard (0...Bounds.skuUnits).contains(value) else {
                        return .failure(
                            AmazonListingProblem(
                                reason: "listing \(sku): quantity \(value) is outside "
                                    + "0…\(Bounds.skuUnits)"))
                    }
                    quantity = value
                }
            } else if entry.fulfillmentChannelCode != nil {
                fba = true
            }
        }
        func clip(_ text: String?) -> String? { text.map { String($0.prefix(200)) } }
        return .success(
            AmazonListing(
                sellerSKU: sku, asin: clip(summary?.asin), productType: clip(summary?.productType), quantity: quantity,
                fulfilledByAmazon: fba, statuses: (summary?.status ?? []).prefix(10).map { String($0.prefix(40)) },
                createdAt: summary?.createdDate.flatMap(TimeText.parse),
                updatedAt: summary?.lastUpdatedDate.flatMap(TimeText.parse)))
    }

    static func issues(_ list: [Issue]?, redactor: AmazonSecretRedactor) -> [AmazonListingIssue] {
        (list ?? []).prefix(100).map {
            AmazonListingIssue(
                code: redactor.redact(String(($0.code ?? "").prefix(40))),
                message: redactor.redact(String(($0.message ?? "").prefix(500))),
                severity: String(($0.severity ?? "").prefix(20)),
                attributeNames: ($0.attributeNames ?? []).prefix(20).map { String($0.prefix(100)) })
        }
    }
}

struct AmazonListingProblem: Error {
    var reason: String
}
