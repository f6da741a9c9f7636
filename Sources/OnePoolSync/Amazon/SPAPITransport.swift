import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP exchange as the client sees it. Headers are kept in order; names are matched
/// case-insensitively on the way back.
public struct SPAPIHTTPRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: [(name: String, value: String)]
    public var body: Data?
    /// Seconds without progress before the request is abandoned.
    public var timeoutSeconds: Double

    public init(
        method: String, url: URL, headers: [(name: String, value: String)] = [], body: Data? = nil,
        timeoutSeconds: Double
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutSeconds = timeoutSeconds
    }
}

public struct SPAPIHTTPResponse: Sendable {
    public var status: Int
    /// Header names lowercased.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = Dictionary(
            headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// Why an exchange produced no HTTP response. `isRetryable` says whether the same request may
/// simply be sent again (the server may or may not have acted on it).
public struct SPAPITransportFailure: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case timedOut, connectionLost, cannotConnect, tooLarge, other }
    public var kind: Kind
    public var reason: String

    public init(kind: Kind, reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public var isRetryable: Bool { kind == .timedOut || kind == .connectionLost || kind == .cannotConnect }
}

/// Sends one request. The product uses `SPAPIURLSessionTransport`; tests may substitute their own.
public protocol SPAPITransport: Sendable {
    func send(_ request: SPAPIHTTPRequest) async throws(SPAPITransportFailure) -> SPAPIHTTPResponse
}

/// The toolchain's URLSession (libcurl on Linux, HTTPS with the system's certificates). An
/// ephemeral session: no cookies, no cache, no credentials kept on disk, and no redirects
/// followed — a 3xx comes back as it is, so an access token is never re-sent to wherever a
/// redirect points (perhaps plain http, perhaps another host).
public final class SPAPIURLSessionTransport: SPAPITransport, @unchecked Sendable {
    // URLSession is thread-safe; it is not declared Sendable on every platform.
    private let session: URLSession
    /// Larger answers are refused: no documented SP-API page comes near this.
    public let maximumBodyBytes: Int

    public init(maximumBodyBytes: Int = 32 << 20) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCredentialStorage = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration, delegate: SPAPIRefuseRedirects(), delegateQueue: nil)
        self.maximumBodyBytes = maximumBodyBytes
    }

    deinit { session.finishTasksAndInvalidate() }

    public func send(_ request: SPAPIHTTPRequest) async throws(SPAPITransportFailure) -> SPAPIHTTPResponse {
        // URLSession's own timeout is whole seconds of inactivity on Linux (a 0.4 s timeout
        // becomes none at all), so the deadline is also raced here; the loser is cancelled.
        var urlRequest = URLRequest(
            url: request.url, cachePolicy: .reloadIgnoringLocalCacheData,
            timeoutInterval: max(request.timeoutSeconds.rounded(.up), 1))
        urlRequest.httpMethod = request.method
        for header in request.headers { urlRequest.addValue(header.value, forHTTPHeaderField: header.name) }
        urlRequest.httpBody = request.body
        let session = session
        let timeout = request.timeoutSeconds
        let prepared = urlRequest
        let outcome: Result<(Data, URLResponse), any Error>
        do {
            outcome = try await withThrowingTaskGroup(of: Result<(Data, URLResponse), any Error>?.self) { group in
                group.addTask {
                    do { return .success(try await session.data(for: prepared)) } catch { return .failure(error) }
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(timeout))
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first ?? .failure(URLError(.timedOut))
            }
        } catch {
            throw SPAPITransportFailure(kind: .other, reason: "request cancelled")
        }
        let data: Data
        let response: URLResponse
        switch outcome {
        case .success(let answer): (data, response) = answer
        case .failure(let error as URLError): throw Self.failure(error)
        case .failure(let error):
            throw SPAPITransportFailure(kind: .other, reason: "request failed: \(type(of: error))")
        }
        guard let http = response as? HTTPURLResponse else {
            throw SPAPITransportFailure(kind: .connectionLost, reason: "the answer was not HTTP")
        }
        guard data.count <= maximumBodyBytes else {
            throw SPAPITransportFailure(kind: .tooLarge, reason: "the answer was larger than \(maximumBodyBytes) bytes")
        }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let name = key as? String, let text = value as? String { headers[name] = text }
        }
        return SPAPIHTTPResponse(status: http.statusCode, headers: headers, body: data)
    }

    /// URLError codes by what the caller can do about them. A connection reset mid-body shows up
    /// as `networkConnectionLost` (or, from libcurl, as a bad or cancelled response).
    static func failure(_ error: URLError) -> SPAPITransportFailure {
        switch error.code {
        case .timedOut:
            SPAPITransportFailure(kind: .timedOut, reason: "timed out")
        case .networkConnectionLost, .badServerResponse, .zeroByteResource, .cannotParseResponse, .resourceUnavailable:
            SPAPITransportFailure(kind: .connectionLost, reason: "connection dropped")
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet, .internationalRoamingOff,
            .callIsActive, .dataNotAllowed:
            SPAPITransportFailure(kind: .cannotConnect, reason: "cannot connect")
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid,
            .serverCertificateHasUnknownRoot, .clientCertificateRejected, .clientCertificateRequired:
            SPAPITransportFailure(
                kind: .other, reason: "TLS failed (\(error.code.rawValue)): the certificate could not be trusted")
        default:
            SPAPITransportFailure(kind: .other, reason: "request failed (URLError \(error.code.rawValue))")
        }
    }
}

/// Answers every redirect with "do not follow".
private final class SPAPIRefuseRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
