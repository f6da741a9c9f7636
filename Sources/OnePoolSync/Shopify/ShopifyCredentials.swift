import Foundation

/// A secret read from a file: printed, interpolated or logged it shows only that it is there.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "[secret]" }
    public var debugDescription: String { "[secret]" }
}

/// How OnePool proves itself to a shop.
public enum ShopifyCredentials: Sendable, Hashable {
    /// A Dev Dashboard app installed on the shop: client id and secret, exchanged for access
    /// tokens that expire after about 24 hours (the client credentials grant).
    case clientCredentials(clientID: String, clientSecret: Secret)
    /// A legacy custom app's Admin API access token, which does not expire.
    case staticToken(Secret)
}

/// An access token and when it stops working.
public struct ShopifyToken: Sendable, Hashable {
    public var value: Secret
    public var obtainedAt: Date
    /// nil: never (a static token).
    public var expiresAt: Date?
    /// As granted with the token (client credentials), comma-separated scope handles.
    public var scopes: [String]

    public init(value: Secret, obtainedAt: Date, expiresAt: Date?, scopes: [String]) {
        self.value = value
        self.obtainedAt = obtainedAt
        self.expiresAt = expiresAt
        self.scopes = scopes
    }

    /// Whether to renew it now: within its last five minutes, or its last tenth of life if that
    /// is shorter (Shopify's last 86,399 s; an emulator's may last seconds).
    public func isDue(at now: Date) -> Bool {
        guard let expiresAt else { return false }
        let margin = min(300, expiresAt.timeIntervalSince(obtainedAt) / 10)
        return now.addingTimeInterval(margin) >= expiresAt
    }
}

/// Where a renewed token is kept between processes (so a cron job does not ask for a new one
/// every minute). Implemented over a 0600 file by `ConnectionStore`.
public protocol TokenCache: Sendable {
    func load() -> ShopifyToken?
    func save(_ token: ShopifyToken)
}
