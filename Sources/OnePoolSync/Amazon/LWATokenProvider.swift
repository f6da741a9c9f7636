import Foundation

/// Access tokens from Login with Amazon by the refresh-token grant, kept until shortly before
/// they expire (an hour after issue), renewed early, and dropped when SP-API says one has
/// expired. Concurrent callers share one renewal.
///
/// Documented shape ("Connect to the SP-API", step 1): `POST https://api.amazon.com/auth/o2/token`
/// with the form `grant_type=refresh_token&refresh_token=…&client_id=…&client_secret=…`; the
/// answer is `{"access_token": "Atza|…", "token_type": "bearer", "expires_in": 3600,
/// "refresh_token": "Atzr|…"}`. A refused grant answers 400/401 with the OAuth 2.0 error body
/// `{"error": "invalid_grant", "error_description": "…"}` (RFC 6749 §5.2).
actor LWATokenProvider {
    private struct Token {
        var value: String
        var renewAt: Date
    }

    private let credentials: LWACredentials
    private let tokenURL: URL
    private let transport: any HTTPTransport
    private let policy: RetryPolicy
    /// The wall clock (a test gives the emulator's, to move time instead of waiting for it). A
    /// clock set back only keeps a token longer, and SP-API's "expired" answer drops it then.
    private let now: @Sendable () -> Date
    /// An access token is renewed this long before Amazon says it expires (at most half its life).
    static let renewalMargin: Double = 300
    private var token: Token?
    private var renewal: Task<Token, any Error>?
    private(set) var grants = 0
    let redactor: AmazonSecretRedactor
    /// Between processes (LWATokenCache.swift); read once, when this process first needs a token.
    private let cache: LWATokenCache?
    private var cacheRead = false

    init(
        credentials: LWACredentials, tokenURL: URL, transport: any HTTPTransport, policy: RetryPolicy,
        cache: LWATokenCache? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.now = now
        self.credentials = credentials
        self.tokenURL = tokenURL
        self.transport = transport
        self.policy = policy
        self.cache = cache
        self.redactor = AmazonSecretRedactor(secrets: [credentials.clientSecret, credentials.refreshToken])
    }

    /// Whose token a cached one is: the client id and a fingerprint of the refresh token (FNV-1a,
    /// not the token), so a connection made again with other credentials starts afresh.
    var owner: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (credentials.clientID + "\n" + credentials.refreshToken).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return credentials.clientID + ":" + String(hash, radix: 16)
    }

    /// A token valid for a while yet: the kept one, one an earlier process kept, or a new one.
    func accessToken() async throws(AmazonError) -> String {
        if token == nil, !cacheRead {
            cacheRead = true
            if let cached = cache?.load(), cached.owner == owner {
                let left = cached.renewAt.timeIntervalSince(now())
                // Not yet due, and not from a clock far ahead (at most an LWA token's lifetime).
                if left > 0 && left <= 3600 {
                    token = Token(value: cached.value, renewAt: cached.renewAt)
                }
            }
        }
        if let token, now() < token.renewAt { return token.value }
        let task: Task<Token, any Error>
        if let renewal {
            task = renewal
        } else {
            let request = makeRequest()
            let transport = transport
            let policy = policy
            let redactor = redactor
            let now = now
            task = Task {
                try await Self.grant(request, transport: transport, policy: policy, redactor: redactor, now: now)
            }
            renewal = task
        }
        do {
            let fresh = try await task.value
            if renewal == task {
                renewal = nil
                token = fresh
                grants += 1
                cache?.save(LWACachedToken(value: fresh.value, renewAt: fresh.renewAt, owner: owner))
            }
            return fresh.value
        } catch let error as AmazonError {
            if renewal == task { renewal = nil }
            throw error
        } catch {
            if renewal == task { renewal = nil }
            throw .network(operation: "LWA token", reason: "renewal cancelled", attempts: 0)
        }
    }

    /// The next call asks LWA for a new token (the cache is written, not read).
    func ignoreKeptTokens() {
        token = nil
        cacheRead = true
    }

    /// SP-API said this token expired: forget it, unless a newer one has replaced it already.
    func invalidate(_ value: String) {
        if token?.value == value { token = nil }
        if let cache, cache.load()?.value == value { cache.remove() }
    }

    private func makeRequest() -> HTTPRequest {
        let form = [
            ("grant_type", "refresh_token"), ("refresh_token", credentials.refreshToken),
            ("client_id", credentials.clientID), ("client_secret", credentials.clientSecret),
        ]
        let body = form.map { "\($0.0)=\(SPAPIFormEncoding.encode($0.1))" }.joined(separator: "&")
        return HTTPRequest(
            method: "POST", url: tokenURL,
            headers: [
                ("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8"), ("Accept", "application/json"),
            ],
            body: Data(body.utf8), timeout: policy.requestTimeout)
    }

    /// LWA's token answer; its fields are snake_case on the wire.
    private struct GrantAnswer: Decodable {
        var accessToken: String?
        var expiresIn: Double?
        var error: String?
        var errorDescription: String?

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case expiresIn = "expires_in"
            case error
            case errorDescription = "error_description"
        }
    }

    private static func grant(
        _ request: HTTPRequest, transport: any HTTPTransport, policy: RetryPolicy,
        redactor: AmazonSecretRedactor, now: @Sendable () -> Date
    ) async throws(AmazonError) -> Token {
        let operation = "LWA token"
        return try await policy.run { attempt async throws(AmazonError) -> AttemptOutcome<Token, AmazonError> in
            let started = now()
            let response: HTTPResponse
            do throws(HTTPFailure) {
                response = try await transport.send(request)
            } catch {
                return .exchangeFailed(error, .network(operation: operation, reason: error.reason, attempts: attempt))
            }
            let answer = try? JSONDecoder().decode(GrantAnswer.self, from: response.body)
            switch response.status {
            case 200:
                guard let value = answer?.accessToken, !value.isEmpty, value.utf8.count <= 8192,
                    let seconds = answer?.expiresIn, seconds.isFinite, seconds > 0
                else {
                    throw .malformedResponse(operation: operation, reason: "expected access_token and expires_in")
                }
                // Renew early: by the margin, but never later than half-way through the token's life.
                let lifetime = min(seconds, 86_400)
                let early = min(Self.renewalMargin, lifetime / 2)
                return .success(Token(value: value, renewAt: started.addingTimeInterval(lifetime - early)))
            case 400, 401, 403:
                let code = answer?.error ?? "HTTP \(response.status)"
                let detail = answer?.errorDescription.map { ": \($0)" } ?? ""
                throw .credentialsRejected(redactor.redact(String((code + detail).prefix(300))))
            case 429:
                return .retry(.throttled(operation: operation, retryAfterSeconds: nil))
            case 500...599:
                return .retry(.serverError(operation: operation, status: response.status, attempts: attempt))
            default:
                throw .malformedResponse(operation: operation, reason: "unexpected HTTP status \(response.status)")
            }
        }
    }
}

/// `application/x-www-form-urlencoded` and URL query values: everything but RFC 3986's
/// unreserved characters is percent-encoded (so `|`, `+`, `/`, `=` in tokens survive).
enum SPAPIFormEncoding {
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}
