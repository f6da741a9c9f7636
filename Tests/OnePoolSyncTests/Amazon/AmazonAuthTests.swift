import Foundation
import OnePoolCore
import SPAPIEmulator
import Testing

@testable import OnePoolSync

@Suite("Amazon auth: Login with Amazon tokens, authorisation, secrets")
struct AmazonAuthTests {
    @Test("one access token serves many calls; concurrent callers share one renewal")
    func tokenIsKeptAndShared() async throws {
        let fixture = try AmazonFixture()
        fixture.emulator.addListing(sku: "MUG", quantity: 5)
        let client = fixture.client
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { _ = try await client.listing(sku: "MUG") } }
            try await group.waitForAll()
        }
        #expect(fixture.emulator.accessTokensIssued() == 1)
        #expect(await client.tokenGrants() == 1)
        let grant = try #require(fixture.emulator.requests(.lwaToken).first)
        let form = String(decoding: grant.body, as: UTF8.self)
        #expect(form.hasPrefix("grant_type=refresh_token&refresh_token=Atzr%7C"), "the documented form, values encoded")
        #expect(form.contains("&client_id=") && form.contains("&client_secret="))
    }

    @Test("the token is renewed before it expires, without a refused call")
    func renewsBeforeExpiry() async throws {
        // The client and the emulator share one clock that the test moves, so no stall of a
        // loaded machine can age a token (40-second tokens once expired before their first use
        // under a loaded CI run). An hour's token is renewed 300 s before it expires.
        let fixture = try AmazonFixture(sharedClock: true)
        fixture.emulator.addListing(sku: "MUG", quantity: 5)
        _ = try await fixture.client.listing(sku: "MUG")
        fixture.emulator.advanceClock(by: 3_200)
        _ = try await fixture.client.listing(sku: "MUG")
        #expect(fixture.emulator.accessTokensIssued() == 1, "not yet due 400 s before expiry")
        fixture.emulator.advanceClock(by: 200)  // 3,400 s: 200 s before expiry, inside the margin
        _ = try await fixture.client.listing(sku: "MUG")
        #expect(fixture.emulator.accessTokensIssued() == 2)
        #expect(
            fixture.emulator.requests(.getListingsItem).map(\.status) == [200, 200, 200], "no 403: renewed in time")
    }

    @Test("a token Amazon says has expired is dropped, renewed once, and the call goes through")
    func renewsOnExpired403() async throws {
        let fixture = try AmazonFixture()
        fixture.emulator.addListing(sku: "MUG", quantity: 5)
        _ = try await fixture.client.listing(sku: "MUG")
        fixture.emulator.expireAccessTokens()
        let listing = try await fixture.client.listing(sku: "MUG")
        #expect(listing.quantity == 5)
        #expect(fixture.emulator.requests(.getListingsItem).map(\.status) == [200, 403, 200])
        #expect(fixture.emulator.accessTokensIssued() == 2)

        fixture.emulator.inject(.expiredToken, on: .getListingsItem)
        _ = try await fixture.client.listing(sku: "MUG")
        #expect(fixture.emulator.accessTokensIssued() == 3)
    }

    @Test("a refresh token the seller revoked is credentialsRejected, and no secret is in the message")
    func revokedRefreshToken() async throws {
        let fixture = try AmazonFixture()
        fixture.emulator.addListing(sku: "MUG", quantity: 5)
        _ = try await fixture.client.listing(sku: "MUG")
        fixture.emulator.revokeRefreshToken()
        fixture.emulator.expireAccessTokens()
        var caught: AmazonError?
        do { _ = try await fixture.client.listing(sku: "MUG") } catch { caught = error }
        guard case .credentialsRejected(let text)? = caught else {
            Issue.record("expected credentialsRejected, got \(String(describing: caught))")
            return
        }
        #expect(text.contains("invalid_grant"))
        for secret in fixture.secrets { #expect(!(caught?.description.contains(secret) ?? true)) }
        #expect(fixture.emulator.requests(.lwaToken).count == 2, "a refused grant is not retried")
    }

    @Test("a wrong client secret is credentialsRejected (invalid_client)")
    func wrongClientSecret() async throws {
        let fixture = try AmazonFixture()
        let wrong = try LWACredentials(
            clientID: fixture.credentials.clientID, clientSecret: "not-the-secret-at-all",
            refreshToken: fixture.credentials.refreshToken)
        let client = try fixture.client(credentials: wrong)
        await #expect {
            _ = try await client.checkConnection()
        } throws: { error in
            guard case AmazonError.credentialsRejected(let text) = error else { return false }
            return text.contains("invalid_client") && !"\(error)".contains("not-the-secret-at-all")
        }
    }

    @Test("a seller id that is not the authorising seller's is accessDenied, not retried")
    func unauthorisedSeller() async throws {
        let fixture = try AmazonFixture()
        fixture.emulator.addListing(sku: "MUG", quantity: 5)
        let stranger = try fixture.client(sellerID: "A9OTHERSELLER")
        await #expect {
            _ = try await stranger.listing(sku: "MUG")
        } throws: { error in
            guard case AmazonError.accessDenied(let operation, _) = error else { return false }
            return operation == "getListingsItem"
        }
        #expect(fixture.emulator.requests(.getListingsItem).count == 1)
    }

    @Test("checkConnection names a marketplace the seller does not sell in, and the ones it does")
    func missingMarketplace() async throws {
        let fixture = try AmazonFixture(marketplaceID: "A1F83G8C2ARO7P")
        await #expect(
            throws: AmazonError.marketplaceNotParticipating(
                marketplaceID: "A1F83G8C2ARO7P", participating: ["ATVPDKIKX0DER"])
        ) {
            _ = try await fixture.client.checkConnection()
        }
        await #expect {
            _ = try await fixture.client.pullOrders(since: AmazonFixture.epoch)
        } throws: { error in
            guard case AmazonError.invalidRequest(let operation, 400, "InvalidInput", let message) = error else {
                return false
            }
            return operation == "searchOrders" && message.contains("A1F83G8C2ARO7P")
        }
        let good = try AmazonFixture()
        #expect(
            try await good.client.checkConnection()
                == AmazonConnectionCheck(participating: ["ATVPDKIKX0DER"], hasSuspendedListings: false))
    }

    @Test("credentials never print their secrets; the redactor removes secrets and LWA-shaped tokens")
    func secretsStayHidden() throws {
        let credentials = try LWACredentials(
            clientID: "amzn1.app.client", clientSecret: "s3cr3t-value", refreshToken: "Atzr|refresh-abc")
        for text in [
            "\(credentials)", String(describing: credentials), String(reflecting: credentials),
            "\(Mirror(reflecting: credentials).children.map(\.value))",
        ] {
            #expect(!text.contains("s3cr3t-value") && !text.contains("refresh-abc"), "\(text)")
        }
        let redactor = AmazonSecretRedactor(secrets: ["s3cr3t-value"])
        #expect(
            redactor.redact("secret s3cr3t-value and token Atza|IwEBIabc123, more")
                == "secret ‹redacted› and token ‹redacted›, more")
        #expect(redactor.redact("{\"refresh_token\":\"Atzr|xyz\"}") == "{\"refresh_token\":\"‹redacted›\"}")
        #expect(throws: AmazonError.self) {
            try LWACredentials(clientID: "id", clientSecret: "has space", refreshToken: "t0k3n")
        }
        #expect(throws: AmazonError.self) {
            try LWACredentials(clientID: "id", clientSecret: "", refreshToken: "t0k3n")
        }
    }

    @Test("base URL override: https anywhere, plain http to loopback only")
    func endpointOverride() throws {
        #expect(
            AmazonEndpoints(region: .eu).sellingPartnerBase.absoluteString == "https://sellingpartnerapi-eu.amazon.com")
        #expect(AmazonEndpoints(region: .fe).tokenURL.absoluteString == "https://api.amazon.com/auth/o2/token")
        let local = try AmazonEndpoints(overrideBase: "http://127.0.0.1:8080/")
        #expect(local.sellingPartnerBase.absoluteString == "http://127.0.0.1:8080")
        #expect(local.tokenURL.absoluteString == "http://127.0.0.1:8080/auth/o2/token")
        #expect(throws: AmazonError.self) { try AmazonEndpoints(overrideBase: "http://proxy.example.com") }
        #expect(throws: AmazonError.self) { try AmazonEndpoints(overrideBase: "http://10.0.0.1:80") }
        #expect(throws: AmazonError.self) { try AmazonEndpoints(overrideBase: "ftp://127.0.0.1") }
        #expect(throws: AmazonError.self) { try AmazonEndpoints(overrideBase: "https://user:pw@proxy.example") }
        #expect(throws: Never.self) { try AmazonEndpoints(overrideBase: "https://proxy.example/spapi") }
        #expect(throws: Never.self) { try AmazonEndpoints(overrideBase: "http://[::1]:9000") }
        #expect(throws: Never.self) { try AmazonEndpoints(overrideBase: "http://localhost:9000") }
        let fromEnvironment = try AmazonEndpoints.fromEnvironment(
            ["ONEPOOL_AMAZON_BASE_URL": "http://127.0.0.2:1"], region: .na)
        #expect(fromEnvironment.sellingPartnerBase.absoluteString == "http://127.0.0.2:1")
        #expect(try AmazonEndpoints.fromEnvironment([:], region: .na) == AmazonEndpoints(region: .na))
        #expect(throws: AmazonError.self) {
            try AmazonConnection(region: .na, sellerID: "A1 2", marketplaceID: "ATVPDKIKX0DER")
        }
    }
}
