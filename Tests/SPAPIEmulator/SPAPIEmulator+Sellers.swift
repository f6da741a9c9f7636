import Foundation
import LoopbackHTTP

extension SPAPIEmulator {
    /// Sellers API v1 `getMarketplaceParticipations` (`GET /sellers/v1/marketplaceParticipations`;
    /// models/sellers-api-model/sellers.json): `{"payload": [{"marketplace": {"id", "name",
    /// "countryCode", "defaultCurrencyCode", "defaultLanguageCode", "domainName"},
    /// "participation": {"isParticipating", "hasSuspendedListings"}}]}`.
    func participations() -> HTTPResponseMessage {
        let payload = configuration.marketplaces.map { id -> [String: Any] in
            [
                "marketplace": [
                    "id": id, "name": "Amazon \(id)", "countryCode": "US", "defaultCurrencyCode": "USD",
                    "defaultLanguageCode": "en_US",
                    "domainName": "www.amazon.com",
                ],
                "participation": ["isParticipating": true, "hasSuspendedListings": false],
            ]
        }
        return ok(["payload": payload])
    }

    /// Not an Amazon API: lets a storefront in another process sell. `POST /_emulator/orders`
    /// with `{"lines": [{"sku": "A", "quantity": 1}], "fulfilledBy": "MERCHANT"}` answers 201
    /// `{"orderId": …}`, or 409 when a listing lacks the units (Amazon never sells more than
    /// is listed).
    func control(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        guard let body = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any],
            let lines = body["lines"] as? [[String: Any]], !lines.isEmpty
        else { return HTTPResponseMessage.json(400, ["error": "expected {\"lines\": [{\"sku\", \"quantity\"}]}"]) }
        var parsed: [(sku: String, quantity: Int)] = []
        for line in lines {
            guard let sku = line["sku"] as? String, let quantity = line["quantity"] as? Int else {
                return HTTPResponseMessage.json(400, ["error": "each line needs sku and quantity"])
            }
            parsed.append((sku, quantity))
        }
        let amazon = (body["fulfilledBy"] as? String) == "AMAZON"
        guard
            let id = sellLocked(
                parsed, fulfilledByAmazon: amazon, status: "UNSHIPPED", unitPrice: "12.50", marketplace: nil)
        else {
            return HTTPResponseMessage.json(409, ["error": "not enough quantity listed"])
        }
        return HTTPResponseMessage.json(201, ["orderId": id])
    }
}
