import Foundation

/// A request as the loopback server read it.
public struct HTTPRequestMessage: Sendable {
    public var method: String
    /// The request target as sent: the raw path and query.
    public var target: String
    /// The path, percent-decoded, without the query.
    public var path: String
    /// The raw path as sent (still percent-encoded), for splitting into segments.
    public var rawPath: String
    /// Query items, percent-decoded, in order.
    public var query: [(name: String, value: String)]
    /// Header names lowercased.
    public var headers: [String: String]
    public var body: Data

    public func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }
    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// How the server misbehaves while answering: the faults a real network and a real API show.
public enum ResponseFault: Sendable, Equatable {
    /// Wait this many seconds before sending anything.
    case delay(Double)
    /// Send the head and this share (0…1) of the body, then reset the connection (TCP RST).
    case resetMidBody(fraction: Double)
    /// Reset the connection without answering.
    case resetBeforeAnswer
}

public struct HTTPResponseMessage: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Data
    public var faults: [ResponseFault]

    public init(
        status: Int, headers: [(name: String, value: String)] = [], body: Data = Data(), faults: [ResponseFault] = []
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.faults = faults
    }

    public static func json(
        _ status: Int, _ object: Any, headers: [(name: String, value: String)] = []
    ) -> HTTPResponseMessage {
        let body = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return HTTPResponseMessage(
            status: status, headers: [("Content-Type", "application/json; charset=utf-8")] + headers, body: body)
    }

    /// The same answer, sent with `fault`.
    public func with(_ fault: ResponseFault) -> HTTPResponseMessage {
        var faulty = self
        faulty.faults.append(fault)
        return faulty
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 409: "Conflict"
        case 413: "Payload Too Large"
        case 415: "Unsupported Media Type"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status"
        }
    }
}
