import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP exchange, as the connectors need it: no cookies, no cache, no redirects followed
/// into another host's hands, a timeout per request. The toolchain's URLSession (libcurl on
/// Linux, with the system's certificates) does the work.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: [String: String]
    public var body: Data?
    public var timeout: TimeInterval

    public init(
        method: String, url: URL, headers: [String: String] = [:], body: Data? = nil, timeout: TimeInterval = 30
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header names in lowercase.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Why no answer came. Never carries a request's headers or body (they hold secrets).
public enum HTTPFailure: Error, Sendable, CustomStringConvertible {
    case timeout(URL)
    case connection(URL, String)

    public var description: String {
        switch self {
        case .timeout(let url): "no answer from \(url.host ?? "the server") in time"
        case .connection(let url, let detail): "connection to \(url.host ?? "the server") failed: \(detail)"
        }
    }
}

/// Sends requests; a connector holds one for its lifetime.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws(HTTPFailure) -> HTTPResponse
    /// The body to a temporary file (HTTPDownload.swift; a default sends and writes).
    func download(_ request: HTTPRequest) async throws(HTTPFailure) -> HTTPDownload
}

/// The URLSession transport.
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    // URLSession is thread-safe; it is only ever used through `dataTask`.
    let session: URLSession

    /// `timeout`: the longest wait for any answer (whole seconds; libcurl counts no finer).
    public init(timeout: TimeInterval = 30) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = max(1, timeout.rounded(.up))
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpMaximumConnectionsPerHost = 4
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    public func send(_ request: HTTPRequest) async throws(HTTPFailure) -> HTTPResponse {
        // libcurl counts the timeout in whole seconds: less than one would mean none at all.
        let timeout = max(1, request.timeout.rounded(.up))
        var urlRequest = URLRequest(
            url: request.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = request.body
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        let result: Result<HTTPResponse, HTTPFailure> = await withCheckedContinuation { continuation in
            let task = session.dataTask(with: urlRequest) { data, response, error in
                if let error {
                    let code = (error as? URLError)?.code
                    if code == .timedOut {
                        continuation.resume(returning: .failure(.timeout(request.url)))
                    } else {
                        continuation.resume(returning: .failure(.connection(request.url, Self.describe(error))))
                    }
                    return
                }
                guard let http = response as? HTTPURLResponse else {
                    continuation.resume(returning: .failure(.connection(request.url, "no HTTP response")))
                    return
                }
                var headers: [String: String] = [:]
                for (name, value) in http.allHeaderFields {
                    if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
                }
                continuation.resume(
                    returning: .success(HTTPResponse(status: http.statusCode, headers: headers, body: data ?? Data())))
            }
            task.resume()
        }
        return try result.get()
    }

    /// The error's own words without its user info (which repeats the URL and nothing secret,
    /// but is long).
    private static func describe(_ error: Error) -> String {
        if let urlError = error as? URLError {
            switch urlError.code {
            case .cannotConnectToHost: return "connection refused"
            case .networkConnectionLost: return "connection lost mid-answer"
            case .cannotFindHost, .dnsLookupFailed: return "host not found"
            case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
                .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
                return "TLS failed (certificate not trusted?)"
            default: return "URL error \(urlError.code.rawValue)"
            }
        }
        return "\(type(of: error))"
    }
}
