/// What went wrong talking to Amazon, said so that an operator knows what to do. Every text
/// in an error has been through `AmazonSecretRedactor`: no client secret, refresh token or access
/// token ever appears in one.
public enum AmazonError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A setting is unusable (a bad base URL, plain http to a non-loopback host, an empty
    /// seller id); nothing was sent.
    case invalidConfiguration(String)
    /// Login with Amazon refused the client id, secret or refresh token (`invalid_grant`,
    /// `invalid_client`, …): the seller must authorise the app again or the files are wrong.
    case credentialsRejected(String)
    /// SP-API answered 403 for a reason other than an expired token: the seller has not
    /// authorised this app, the app lacks the role, or the seller id is not this seller's.
    case accessDenied(operation: String, details: String)
    /// The seller does not sell in the configured marketplace (from `checkConnection`).
    case marketplaceNotParticipating(marketplaceID: String, participating: [String])
    /// Still throttled (429) after the bounded retries, or the operation's rate limit would
    /// make the caller wait longer than `RetryPolicy.maxThrottleWait`. `retryAfterSeconds` is
    /// when a request would next be admitted, as far as the client can tell.
    case throttled(operation: String, retryAfterSeconds: Double?)
    /// 5xx on every attempt.
    case serverError(operation: String, status: Int, attempts: Int)
    /// Timeouts, refused or dropped connections on every attempt.
    case network(operation: String, reason: String, attempts: Int)
    /// Amazon refused the request as asked (400, 413, 415, …): retrying cannot help.
    case invalidRequest(operation: String, status: Int, code: String, message: String)
    /// The seller has no listing with this SKU in the marketplace (getListingsItem 404).
    case listingNotFound(sku: String)
    /// The answer did not have the documented shape.
    case malformedResponse(operation: String, reason: String)
    /// A quantity to send outside 0…`Bounds.skuUnits`.
    case quantityOutOfRange(sku: String, quantity: Int, allowed: ClosedRange<Int>)

    public var description: String {
        switch self {
        case .invalidConfiguration(let text):
            "Amazon connection: \(text)"
        case .credentialsRejected(let text):
            "Login with Amazon refused the credentials: \(text). Check the client id and secret, or have the seller "
                + "authorise the app again for a new refresh token."
        case .accessDenied(let operation, let details):
            "Amazon \(operation): access denied\(details.isEmpty ? "" : " (\(details))"). "
                + "The seller id may not be this "
                + "seller's, or the app lacks the role this operation needs."
        case .marketplaceNotParticipating(let marketplace, let participating):
            "Amazon: the seller does not sell in marketplace \(marketplace); participating: "
                + (participating.isEmpty ? "none" : participating.joined(separator: ", "))
        case .throttled(let operation, let retryAfter):
            "Amazon \(operation): throttled (rate limit)"
                + (retryAfter.map { "; next request admitted in about \(Int($0.rounded(.up))) s" } ?? "")
        case .serverError(let operation, let status, let attempts):
            "Amazon \(operation): server error \(status) on all \(attempts) attempts"
        case .network(let operation, let reason, let attempts):
            "Amazon \(operation): \(reason) on all \(attempts) attempts"
        case .invalidRequest(let operation, let status, let code, let message):
            "Amazon \(operation) refused the request (\(status) \(code)): \(message)"
        case .listingNotFound(let sku):
            "Amazon: no listing with seller SKU '\(sku)' in this marketplace"
        case .malformedResponse(let operation, let reason):
            "Amazon \(operation): unexpected answer: \(reason)"
        case .quantityOutOfRange(let sku, let quantity, let allowed):
            "Amazon listing '\(sku)': quantity \(quantity) is outside \(allowed.lowerBound)…\(allowed.upperBound)"
        }
    }
}
