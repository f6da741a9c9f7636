import Foundation
import LoopbackHTTP

extension SPAPIEmulator {
    /// Login with Amazon's token endpoint, refresh-token grant only ("Connect to the SP-API",
    /// step 1): form fields `grant_type=refresh_token`, `refresh_token`, `client_id`,
    /// `client_secret`; answer `{"access_token", "refresh_token", "token_type": "bearer",
    /// "expires_in"}`. Refusals use the OAuth 2.0 error body (RFC 6749 §5.2):
    /// `invalid_client` (401) for a wrong client id or secret, `invalid_grant` (400) for a
    /// wrong or revoked refresh token, `unsupported_grant_type` (400).
    func lwaToken(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        guard (request.header("content-type") ?? "").lowercased().hasPrefix("application/x-www-form-urlencoded") else {
            return HTTPResponseMessage.json(
                400, ["error": "invalid_request", "error_description": "expected a form body"])
        }
        var form: [String: String] = [:]
        for pair in String(decoding: request.body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            form[LoopbackHTTPServer.decode(String(parts[0]))] = LoopbackHTTPServer.decode(String(parts[1]))
        }
        guard form["grant_type"] == "refresh_token" else {
            return HTTPResponseMessage.json(
                400, ["error": "unsupported_grant_type", "error_description": "Unsupported grant type"])
        }
        guard form["client_id"] == configuration.clientID, form["client_secret"] == configuration.clientSecret else {
            return HTTPResponseMessage.json(
                401, ["error": "invalid_client", "error_description": "Client authentication failed"])
        }
        guard form["refresh_token"] == configuration.refreshToken, !refreshTokenRevoked else {
            return HTTPResponseMessage.json(
                400,
                [
                    "error": "invalid_grant",
                    "error_description": "The request has an invalid grant parameter : refresh_token",
                ])
        }
        let value = "Atza|" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let lifetime = configuration.accessTokenLifetime
        tokens[value] = IssuedToken(expires: now().addingTimeInterval(lifetime))
        return HTTPResponseMessage.json(
            200,
            [
                "access_token": value, "refresh_token": configuration.refreshToken, "token_type": "bearer",
                "expires_in": lifetime,
            ])
    }
}
