import Foundation

/// One HTTP exchange as every connector sees it. Headers are kept in order (a name may repeat);
/// the answer's are matched case-insensitively.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: [(name: String, value: String)]
    public var body: Data?
    /// Seconds before the request is abandoned (`send`), or without progress (`download`).
    public var timeout: Double

    public init(
        method: String, url: URL, headers: [(name: String, value: String)] = [], body: Data? = nil,
        timeout: Double = 30
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

/// Why an exchange produced no HTTP answer. Never carries a request's headers or body (they
/// hold secrets). `isRetryable`: the same request may simply be sent again (the server may or
/// may not have acted on it).
public struct HTTPFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable { case timedOut, connectionLost, cannotConnect, tooLarge, other }
    public var kind: Kind
    public var reason: String

    public init(kind: Kind, reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public var isRetryable: Bool { kind == .timedOut || kind == .connectionLost || kind == .cannotConnect }
    public var description: String { reason }
}

/// Sends requests; a connector holds one for its lifetime. The product uses
/// `URLSessionTransport`; tests may substitute their own.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws(HTTPFailure) -> HTTPResponse
    /// The body to a temporary file (HTTPDownload.swift; a default sends and writes).
    func download(_ request: HTTPRequest) async throws(HTTPFailure) -> HTTPDownload
}
