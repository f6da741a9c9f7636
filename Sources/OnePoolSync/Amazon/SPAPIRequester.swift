import Foundation

/// Sends one SP-API request the way every operation needs it: a rate-limit token first, the
/// LWA access token in `x-amz-access-token`, then the answer sorted into success, retry
/// (429, 5xx, timeouts, dropped connections, one renewal of an expired token) or a typed
/// error. Bounded by the `RetryPolicy`.
///
/// Documented shapes: "Connect to the SP-API", step 3 (the `x-amz-access-token` header, no
/// AWS signature since October 2023); every operation's responses list 400, 403 ("Access
/// Denied, Unauthorized, Expired Token"), 404, 413, 415, 429, 500 and 503 with an
/// `ErrorList` body `{"errors": [{"code", "message", "details"}]}` and the
/// `x-amzn-RateLimit-Limit` header.
struct SPAPIRequester: Sendable {
    let endpoints: AmazonEndpoints
    let transport: any HTTPTransport
    let tokens: LWATokenProvider
    let limiter: SPAPIRateLimiter
    let policy: RetryPolicy
    let userAgent = "OnePool/1.0 (Language=Swift)"

    struct Answer {
        var status: Int
        var body: Data
    }

    /// `path` is already percent-encoded; `query` values are encoded here.
    func send(
        _ operation: SPAPIOperation, method: String, path: String, query: [(String, String)] = [], body: Data? = nil,
        acceptStatuses: Set<Int> = []
    ) async throws(AmazonError) -> Answer {
        let name = operation.rawValue
        let queryText = query.map { "\(SPAPIFormEncoding.encode($0.0))=\(SPAPIFormEncoding.encode($0.1))" }.joined(
            separator: "&")
        guard
            let url = URL(
                string: endpoints.sellingPartnerBase.absoluteString + path + (queryText.isEmpty ? "" : "?" + queryText))
        else {
            throw .invalidConfiguration("cannot form the URL for \(name)")
        }
        var renewedExpiredToken = false
        return try await policy.run { attempt async throws(AmazonError) -> AttemptOutcome<Answer, AmazonError> in
            try await limiter.acquire(operation, maxWait: policy.maxThrottleWait)
            let accessToken = try await tokens.accessToken()
            var headers: [(name: String, value: String)] = [
                ("x-amz-access-token", accessToken), ("Accept", "application/json"), ("User-Agent", userAgent),
            ]
            if body != nil { headers.append(("Content-Type", "application/json")) }
            let request = HTTPRequest(
                method: method, url: url, headers: headers, body: body, timeout: policy.requestTimeout)
            let response: HTTPResponse
            do throws(HTTPFailure) {
                response = try await transport.send(request)
            } catch {
                return .exchangeFailed(error, .network(operation: name, reason: error.reason, attempts: attempt))
            }
            if let limit = response.header("x-amzn-RateLimit-Limit") {
                await limiter.observe(operation, rateHeader: limit)
            }
            let status = response.status
            if (200..<300).contains(status) || acceptStatuses.contains(status) {
                return .success(Answer(status: status, body: response.body))
            }
            let error = SPAPIErrorList.first(in: response.body, redactor: tokens.redactor)
            switch status {
            case 429:
                await limiter.drain(operation)
                return .retry(.throttled(operation: name, retryAfterSeconds: await limiter.waitTime(operation)))
            case 500...599:
                return .retry(.serverError(operation: name, status: status, attempts: attempt))
            case 401, 403:
                // An expired (or otherwise stale) access token: renew once and try again, not
                // counted as an attempt. Any other 403 is about authorisation, which a retry
                // cannot change.
                let text = (error.message + " " + error.details).lowercased()
                if !renewedExpiredToken
                    && (status == 401 || text.contains("expired") || text.contains("revoked, malformed or invalid"))
                {
                    renewedExpiredToken = true
                    await tokens.invalidate(accessToken)
                    return .again
                }
                throw .accessDenied(operation: name, details: error.details.isEmpty ? error.message : error.details)
            default:
                throw .invalidRequest(operation: name, status: status, code: error.code, message: error.message)
            }
        }
    }
}

/// The SP-API error body, `{"errors": [{"code", "message", "details"}]}`; an unreadable body
/// gives empty fields. Texts are redacted and cut to 300 characters.
struct SPAPIErrorList: Decodable {
    struct Entry: Decodable {
        var code: String?
        var message: String?
        var details: String?
    }

    var errors: [Entry]?

    static func first(in data: Data, redactor: AmazonSecretRedactor) -> (code: String, message: String, details: String)
    {
        let entry = (try? JSONDecoder().decode(SPAPIErrorList.self, from: data))?.errors?.first
        func clean(_ text: String?) -> String { redactor.redact(String((text ?? "").prefix(300))) }
        return (clean(entry?.code), clean(entry?.message), clean(entry?.details))
    }
}
