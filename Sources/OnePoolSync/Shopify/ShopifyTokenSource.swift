import Foundation

/// Hands out a working access token: the static one, or one from the client credentials grant
/// (POST https://SHOP/admin/oauth/access_token, form-encoded grant_type=client_credentials,
/// client_id, client_secret → {"access_token", "scope", "expires_in"}; shopify.dev "Using the
/// client credentials grant"), renewed before it expires and again at once if the API refuses it.
actor ShopifyTokenSource {
    let shop: String
    private let credentials: ShopifyCredentials
    private let endpoint: APIEndpoint
    private let transport: HTTPTransport
    private let cache: TokenCache?
    private let policy: RetryPolicy
    private let now: @Sendable () -> Date
    private var current: ShopifyToken?

    init(
        shop: String, credentials: ShopifyCredentials, endpoint: APIEndpoint, transport: HTTPTransport,
        cache: TokenCache?,
        policy: RetryPolicy = RetryPolicy(), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.policy = policy
        self.shop = shop
        self.credentials = credentials
        self.endpoint = endpoint
        self.transport = transport
        self.cache = cache
        self.now = now
        if case .staticToken(let token) = credentials {
            current = ShopifyToken(value: token, obtainedAt: now(), expiresAt: nil, scopes: [])
        } else {
            current = cache?.load()
        }
    }

    var isRenewable: Bool {
        if case .clientCredentials = credentials { return true }
        return false
    }

    /// The token to send now, renewed first when due (`ShopifyToken.isDue`).
    func token() async throws(ConnectorError) -> ShopifyToken {
        if let current, !current.isDue(at: now()) { return current }
        return try await renew()
    }

    /// The API refused `token`: the next call gets a new one (a static token cannot be renewed).
    func refused(_ token: ShopifyToken) async throws(ConnectorError) -> ShopifyToken {
        guard case .clientCredentials = credentials else {
            throw ConnectorError(
                .auth,
                "\(shop) refused the Admin API access token (revoked, or the app was uninstalled): "
                    + "run `onepool connect shopify` again with a valid token file")
        }
        if let current, current.value != token.value { return current }
        return try await renew()
    }

    private func renew() async throws(ConnectorError) -> ShopifyToken {
        guard case .clientCredentials(let clientID, let secret) = credentials else {
            guard let current else { throw ConnectorError(.auth, "no access token for \(shop)") }
            return current
        }
        let url = try endpoint.url(host: shop, path: "/admin/oauth/access_token")
        let form = [("grant_type", "client_credentials"), ("client_id", clientID), ("client_secret", secret.value)]
            .map { "\($0.0)=\(Self.formEncode($0.1))" }.joined(separator: "&")
        let request = HTTPRequest(
            method: "POST", url: url,
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
            body: Data(form.utf8), timeout: policy.requestTimeout)
        // The grant is as safe to repeat as a query: 5xx, 429 and lost connections are retried.
        let (response, asked) = try await policy.run {
            attempt async throws(ConnectorError) -> AttemptOutcome<(HTTPResponse, Date), ConnectorError> in
            let asked = now()
            let response: HTTPResponse
            do throws(HTTPFailure) {
                response = try await transport.send(request)
            } catch {
                return .exchangeFailed(
                    error, ConnectorError(.network, "asking \(shop) for an access token (\(attempt) tries): \(error)"))
            }
            if response.status < 500 && response.status != 429 { return .success((response, asked)) }
            return .retry(
                ConnectorError(
                    .server,
                    "\(shop) did not issue an access token (HTTP \(response.status), \(attempt) tries); trying "
                        + "again next step"))
        }
        let json = JSONValue.parse(response.body)
        guard response.status == 200 else {
            let code = json?["error"]?.string ?? "HTTP \(response.status)"
            let detail = json?["error_description"]?.string.map { ": \(Self.clip($0))" } ?? ""
            let kind: ConnectorError.Kind = response.status >= 500 ? .server : .auth
            throw ConnectorError(
                kind,
                "\(shop) refused the client credentials (\(Self.clip(code))\(detail)): check the client id and secret "
                    + "from the Dev Dashboard, and that the app is installed on this shop")
        }
        guard let token = json?["access_token"]?.string, !token.isEmpty, token.utf8.count <= 4096 else {
            throw ConnectorError(.protocolError, "\(shop) answered the token request without an access_token")
        }
        let lifetime = json?["expires_in"]?.int.map { Double(min(max($0, 1), 31_536_000)) }
        let scopes = (json?["scope"]?.string ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let fresh = ShopifyToken(
            value: Secret(token), obtainedAt: asked, expiresAt: lifetime.map { asked.addingTimeInterval($0) },
            scopes: scopes)
        current = fresh
        cache?.save(fresh)
        return fresh
    }

    private static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    static func clip(_ text: String) -> String {
        let printable = String(
            text.unicodeScalars.filter { !$0.properties.generalCategory.isControl }.map(Character.init))
        return printable.count > 200 ? String(printable.prefix(200)) + "…" : printable
    }
}

extension Unicode.GeneralCategory {
    var isControl: Bool { self == .control || self == .format }
}
