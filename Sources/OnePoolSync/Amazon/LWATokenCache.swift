import Foundation

/// A Login with Amazon access token kept between processes, so `onepool sync --once` run by
/// cron every minute asks LWA for a token about once an hour instead of every run (LWA tokens
/// last 3,600 s). Implemented over a 0600 file beside the Shopify token cache, in the
/// configuration directory (outside the store: a backup of the store carries no secrets).
public protocol LWATokenCache: Sendable {
    func load() -> LWACachedToken?
    func save(_ token: LWACachedToken)
    /// The token was refused: forget it, so no later process tries it again.
    func remove()
}

public struct LWACachedToken: Sendable, Equatable {
    public var value: String
    /// When OnePool renews it (wall clock): ahead of its expiry by the renewal margin.
    public var renewAt: Date
    /// For whom: a cached token is used only by the same client and refresh token (a
    /// connection made again with other credentials never inherits the old token).
    public var owner: String

    public init(value: String, renewAt: Date, owner: String) {
        self.value = value
        self.renewAt = renewAt
        self.owner = owner
    }
}

/// The 0600 file (`PrivateFile` refuses one group or others can read, and writes atomically).
struct FileLWATokenCache: LWATokenCache {
    let path: String

    private struct Saved: Codable {
        var token: String
        var renewAt: Double
        var owner: String
    }

    func load() -> LWACachedToken? {
        guard let data = try? PrivateFile.read(path, what: "token cache"),
            let saved = try? JSONDecoder().decode(Saved.self, from: data), saved.renewAt.isFinite,
            !saved.token.isEmpty, saved.token.utf8.count <= 8192
        else { return nil }
        return LWACachedToken(
            value: saved.token, renewAt: Date(timeIntervalSince1970: saved.renewAt), owner: saved.owner)
    }

    func save(_ token: LWACachedToken) {
        let saved = Saved(token: token.value, renewAt: token.renewAt.timeIntervalSince1970, owner: token.owner)
        guard let data = try? JSONEncoder().encode(saved) else { return }
        try? PrivateFile.write(data, to: path)
    }

    func remove() { unlink(path) }
}
