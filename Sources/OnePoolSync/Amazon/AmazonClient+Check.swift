import Foundation

/// What `onepool connect --check amazon` can report after one call.
public struct AmazonConnectionCheck: Sendable, Equatable {
    /// The marketplaces the seller participates in (ids).
    public var participating: [String]
    /// The connection's marketplace has suspended listings (`hasSuspendedListings`).
    public var hasSuspendedListings: Bool
}

extension AmazonClient {
    private struct ParticipationsResponse: Decodable {
        var payload: [Entry]?

        struct Entry: Decodable {
            var marketplace: Marketplace?
            var participation: Participation?
        }

        struct Marketplace: Decodable { var id: String? }

        struct Participation: Decodable {
            var isParticipating: Bool?
            var hasSuspendedListings: Bool?
        }
    }

    /// One call that proves the whole chain: the LWA credentials give an access token
    /// (`credentialsRejected` otherwise), the seller has authorised the app
    /// (`accessDenied`), and the seller sells in the configured marketplace
    /// (`marketplaceNotParticipating`, naming the ones it does sell in). Sellers API v1
    /// `getMarketplaceParticipations` (`GET /sellers/v1/marketplaceParticipations`, answer
    /// `{"payload": [{"marketplace": {"id", …}, "participation": {"isParticipating",
    /// "hasSuspendedListings"}}]}`; models/sellers-api-model/sellers.json).
    ///
    /// A token kept by an earlier process is not used: the check asks LWA for a new one, so a
    /// refresh token withdrawn since is found now, not in an hour.
    public func checkConnection() async throws(AmazonError) -> AmazonConnectionCheck {
        await requester.tokens.ignoreKeptTokens()
        let answer = try await requester.send(
            .getMarketplaceParticipations, method: "GET", path: "/sellers/v1/marketplaceParticipations")
        let response: ParticipationsResponse
        do { response = try JSONDecoder().decode(ParticipationsResponse.self, from: answer.body) } catch {
            throw .malformedResponse(
                operation: "getMarketplaceParticipations", reason: "not the documented payload (\(Self.brief(error)))")
        }
        let entries = (response.payload ?? []).prefix(1000)
        let participating = entries.compactMap { entry in
            entry.participation?.isParticipating == true ? entry.marketplace?.id.map { String($0.prefix(64)) } : nil
        }
        guard participating.contains(connection.marketplaceID) else {
            throw .marketplaceNotParticipating(
                marketplaceID: connection.marketplaceID, participating: participating.sorted())
        }
        let suspended = entries.contains {
            $0.marketplace?.id == connection.marketplaceID && $0.participation?.hasSuspendedListings == true
        }
        return AmazonConnectionCheck(participating: participating.sorted(), hasSuspendedListings: suspended)
    }
}
