import Foundation

/// Sends Admin GraphQL requests to one shop, within its rate limit and through its faults.
///
/// - Cost: every answer carries `extensions.cost` (requestedQueryCost, actualQueryCost,
///   throttleStatus {maximumAvailable, currentlyAvailable, restoreRate}; shopify.dev "GraphQL
///   Admin API rate limits"). The client keeps that leaky bucket's level, projects it forward by
///   the restore rate, and waits before a request the bucket cannot pay for.
/// - THROTTLED (HTTP 200, `errors[].extensions.code`) and HTTP 429 (`Retry-After`): wait as long
///   as the bucket or the header says, within `RetryPolicy.maxThrottleWait`, and try again.
/// - 5xx, timeouts, connections refused or dropped mid-answer: backoff with jitter, at most
///   `RetryPolicy.attempts` tries (`RetryPolicy.run`). Every request here is safe to repeat: queries read, and the
///   one mutation carries compare-and-set and an idempotency key.
/// - 401: a client-credentials token is renewed once at once; a static token is an auth error.
actor ShopifyGraphQL {
    static let apiVersion = "2026-04"

    let shop: String
    private let endpoint: APIEndpoint
    private let transport: HTTPTransport
    let tokens: ShopifyTokenSource
    private let policy: RetryPolicy
    private var bucket: Bucket?
    /// The last cost each operation was charged, to estimate the next.
    private var costs: [String: Double] = [:]
    private(set) var requestsSent = 0
    private(set) var throttledWaits = 0

    struct Bucket {
        var available: Double
        var maximum: Double
        var restoreRate: Double
        var at: Date

        func projected(to now: Date) -> Double {
            min(maximum, available + restoreRate * max(0, now.timeIntervalSince(at)))
        }
    }

    init(
        shop: String, endpoint: APIEndpoint, transport: HTTPTransport, tokens: ShopifyTokenSource, policy: RetryPolicy
    ) {
        self.shop = shop
        self.endpoint = endpoint
        self.transport = transport
        self.tokens = tokens
        self.policy = policy
    }

    /// Runs `query` and returns its `data`, or throws what the engine should know.
    /// `operation` names the request in messages and keys its cost estimate.
    func execute(
        _ operation: String, query: String, variables: JSONValue, estimatedCost: Double
    ) async throws(ConnectorError)
        -> JSONValue
    {
        let url = try endpoint.url(host: shop, path: "/admin/api/\(Self.apiVersion)/graphql.json")
        let body: JSONValue = ["query": .string(query), "variables": variables]
        let payload = body.encoded()
        var token = try await tokens.token()
        var renewed = false
        var waited = 0.0
        return try await policy.run {
            attempt async throws(ConnectorError) -> AttemptOutcome<JSONValue, ConnectorError> in
            /// Why the step gives up on the channel for now, when this attempt is the last.
            func failed(_ kind: ConnectorError.Kind, _ problem: String) -> ConnectorError {
                ConnectorError(
                    kind, "\(shop): \(operation) failed \(attempt) times (last: \(problem)); trying again next step")
            }
            try await waitForBucket(operation, estimatedCost: estimatedCost, waited: &waited)
            let request = HTTPRequest(
                method: "POST", url: url,
                headers: [
                    ("Content-Type", "application/json"), ("Accept", "application/json"),
                    ("X-Shopify-Access-Token", token.value.value),
                ],
                body: payload, timeout: policy.requestTimeout)
            requestsSent += 1
            let response: HTTPResponse
            do throws(HTTPFailure) {
                response = try await transport.send(request)
            } catch {
                return .exchangeFailed(error, failed(.network, error.reason))
            }
            let json = JSONValue.parse(response.body)
            if let cost = json?["extensions"]?["cost"] { observe(cost, operation: operation) }
            switch response.status {
            case 200:
                break
            case 401:
                guard !renewed else {
                    throw ConnectorError(
                        .auth,
                        "\(shop) refused a freshly issued access token (\(operation)): is the app still installed?")
                }
                renewed = true
                token = try await tokens.refused(token)
                return .again
            case 402, 423:
                throw ConnectorError(
                    .permission, "\(shop) is not available (HTTP \(response.status): shop frozen, locked or unpaid)")
            case 403:
                throw ConnectorError(
                    .permission, "\(shop) denied \(operation) (HTTP 403): \(Self.errorText(json) ?? "forbidden")")
            case 404:
                throw ConnectorError(
                    .config,
                    "\(shop): the Admin API \(Self.apiVersion) was not found (HTTP 404): is the shop name right?")
            case 429:
                let wait = Double(response.header("retry-after") ?? "").map { min(max($0, 0.1), 60) } ?? 1.0
                try await throttleWait(operation, seconds: wait, waited: &waited)
                return .again
            case 500...599:
                return .retry(failed(.server, "HTTP \(response.status)"))
            default:
                throw ConnectorError(.protocolError, "\(shop) answered \(operation) with HTTP \(response.status)")
            }
            guard let json else { return .retry(failed(.protocolError, "an answer that is not JSON")) }
            if let errors = json["errors"]?.array, !errors.isEmpty {
                let codes = errors.compactMap { $0["extensions"]?["code"]?.string }
                if codes.contains("THROTTLED") {
                    let wait = throttleDelay(json["extensions"]?["cost"], estimatedCost: estimatedCost)
                    try await throttleWait(operation, seconds: wait, waited: &waited)
                    return .again
                }
                if codes.contains("INTERNAL_SERVER_ERROR") { return .retry(failed(.server, "an internal error")) }
                let message = Self.errorText(json) ?? "an error"
                if codes.contains("ACCESS_DENIED") {
                    throw ConnectorError(.permission, "\(shop) denied \(operation): \(message)")
                }
                throw ConnectorError(.protocolError, "\(shop) refused \(operation): \(message)")
            }
            guard let data = json["data"], !data.isNull else {
                throw ConnectorError(.protocolError, "\(shop) answered \(operation) without data")
            }
            return .success(data)
        }
    }

    /// The bucket's last known state, for status lines.
    var throttleStatus: (available: Double, maximum: Double, restoreRate: Double)? {
        bucket.map { ($0.projected(to: Date()), $0.maximum, $0.restoreRate) }
    }

    private func observe(_ cost: JSONValue, operation: String) {
        if let actual = cost["actualQueryCost"]?.double {
            costs[operation] = max(actual, cost["requestedQueryCost"]?.double.map { $0 / 4 } ?? 0)
        }
        guard let status = cost["throttleStatus"], let available = status["currentlyAvailable"]?.double,
            let maximum = status["maximumAvailable"]?.double, let rate = status["restoreRate"]?.double,
            maximum > 0, rate > 0
        else { return }
        bucket = Bucket(available: available, maximum: maximum, restoreRate: rate, at: Date())
    }

    /// Waits until the bucket can pay for the request, by the client's own projection.
    private func waitForBucket(
        _ operation: String, estimatedCost: Double, waited: inout Double
    ) async throws(ConnectorError) {
        guard let bucket else { return }
        let cost = min(bucket.maximum, costs[operation] ?? estimatedCost)
        let available = bucket.projected(to: Date())
        guard available < cost else { return }
        try await throttleWait(operation, seconds: (cost - available) / bucket.restoreRate, waited: &waited)
    }

    private func throttleDelay(_ cost: JSONValue?, estimatedCost: Double) -> Double {
        let requested = cost?["requestedQueryCost"]?.double ?? estimatedCost
        guard let status = cost?["throttleStatus"], let available = status["currentlyAvailable"]?.double,
            let rate = status["restoreRate"]?.double, rate > 0
        else { return 1 }
        return max(0.05, (requested - available) / rate) + Double.random(in: 0...0.05)
    }

    private func throttleWait(_ operation: String, seconds: Double, waited: inout Double) async throws(ConnectorError) {
        guard waited + seconds <= policy.maxThrottleWait else {
            throw ConnectorError(
                .throttled,
                "\(shop) is rate-limiting OnePool (\(operation)): waited \(Int(waited.rounded())) s already; trying "
                    + "again next step"
            )
        }
        waited += seconds
        throttledWaits += 1
        await pause(seconds)
    }

    static func errorText(_ json: JSONValue?) -> String? {
        if let errors = json?["errors"]?.array {
            let messages = errors.compactMap { $0["message"]?.string }.map(ShopifyTokenSource.clip)
            return messages.isEmpty ? nil : messages.prefix(3).joined(separator: "; ")
        }
        return json?["errors"]?.string.map(ShopifyTokenSource.clip)
    }
}
