import Foundation
import OnePoolChannels
import OnePoolCore

/// A channel's connection as saved: which platform and account, and the secrets to reach it.
/// One JSON file per channel, mode 0600, under the user's configuration directory — never in
/// the store, so a backup or copy of a store carries no secret.
public struct SavedConnection: Codable, Sendable, Hashable {
    public var platform: String
    public var channel: ChannelName
    // Shopify
    public var shop: String?
    public var locationID: String?
    public var locationName: String?
    /// "client-credentials" or "static-token".
    public var auth: String?
    public var clientID: String?
    public var clientSecret: String?
    public var accessToken: String?
    public var since: String?
    // Amazon (clientID and clientSecret above are the Login with Amazon app's)
    /// na, eu or fe.
    public var region: String?
    public var sellerID: String?
    public var marketplaceID: String?
    public var refreshToken: String?

    public init(platform: String, channel: ChannelName) {
        self.platform = platform
        self.channel = channel
    }

    /// What `sync --status` may show: nothing secret.
    public var summary: String {
        switch platform {
        case "shopify": "\(shop ?? "?") · \(locationName ?? "?") · \(auth ?? "?")"
        case "amazon": "seller \(sellerID ?? "?") · marketplace \(marketplaceID ?? "?") · region \(region ?? "?")"
        default: platform
        }
    }
}

/// Where connections live: `$XDG_CONFIG_HOME/onepool/` (else `~/.config/onepool/`), with
/// `connections/CHANNEL.json` and renewed tokens in `tokens/CHANNEL.json`.
public struct ConnectionStore: Sendable {
    public let root: String

    public init(root: String) { self.root = root }

    public static func fromEnvironment(_ environment: [String: String]) -> ConnectionStore {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return ConnectionStore(root: "\(config)/onepool")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return ConnectionStore(root: "\(home)/.config/onepool")
    }

    public func path(channel: ChannelName) -> String { "\(root)/connections/\(channel).json" }
    public func tokenPath(channel: ChannelName) -> String { "\(root)/tokens/\(channel).json" }

    public func load(channel: ChannelName) throws -> SavedConnection? {
        let file = path(channel: channel)
        guard
            FileManager.default.fileExists(atPath: file)
                || (try? FileManager.default.destinationOfSymbolicLink(atPath: file)) != nil
        else {
            return nil
        }
        let data = try PrivateFile.read(file, what: "connection file")
        do {
            let connection = try JSONDecoder().decode(SavedConnection.self, from: data)
            guard connection.channel == channel else {
                throw PrivateFile.Problem("\(file): names channel '\(connection.channel)', expected '\(channel)'")
            }
            return connection
        } catch let problem as PrivateFile.Problem {
            throw problem
        } catch {
            throw PrivateFile.Problem(
                "\(file): not a OnePool connection file (expected JSON with platform and channel)")
        }
    }

    public func save(_ connection: SavedConnection) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try PrivateFile.write(try encoder.encode(connection), to: path(channel: connection.channel))
        // A new connection's token is asked for anew.
        unlink(tokenPath(channel: connection.channel))
    }

    public func remove(channel: ChannelName) {
        unlink(path(channel: channel))
        unlink(tokenPath(channel: channel))
    }

    /// Channels with a connection file.
    public func channels() -> [ChannelName] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "\(root)/connections")) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { ChannelName(String($0.dropLast(5))) }
            .sorted()
    }

    /// The connector a saved connection describes.
    public func connector(for connection: SavedConnection, endpoint: APIEndpoint) throws -> any ChannelConnector {
        switch connection.platform {
        case "shopify":
            guard let shop = connection.shop, ShopifyConnection.isValidShop(shop), let location = connection.locationID
            else {
                throw PrivateFile.Problem(
                    "\(path(channel: connection.channel)): the Shopify shop or location is missing; run `onepool "
                        + "connect shopify` again"
                )
            }
            let credentials: ShopifyCredentials
            switch connection.auth {
            case "client-credentials":
                guard let id = connection.clientID, let secret = connection.clientSecret else {
                    throw PrivateFile.Problem(
                        "\(path(channel: connection.channel)): client id or secret missing; run `onepool connect "
                            + "shopify` again"
                    )
                }
                credentials = .clientCredentials(clientID: id, clientSecret: Secret(secret))
            case "static-token":
                guard let token = connection.accessToken else {
                    throw PrivateFile.Problem(
                        "\(path(channel: connection.channel)): access token missing; run `onepool connect shopify` "
                            + "again"
                    )
                }
                credentials = .staticToken(Secret(token))
            default:
                throw PrivateFile.Problem(
                    "\(path(channel: connection.channel)): unknown auth '\(connection.auth ?? "")'")
            }
            let shopify = ShopifyConnection(
                channel: connection.channel, shop: shop, locationID: location,
                locationName: connection.locationName ?? location,
                credentials: credentials, since: connection.since)
            return ShopifyConnector(
                connection: shopify, endpoint: endpoint,
                tokenCache: FileTokenCache(path: tokenPath(channel: connection.channel)))
        case "amazon":
            return try amazonConnector(for: connection)
        default:
            throw PrivateFile.Problem(
                "\(path(channel: connection.channel)): platform '\(connection.platform)' is not supported by this "
                    + "onepool"
            )
        }
    }
}

/// A renewed access token kept between processes in a 0600 file.
struct FileTokenCache: TokenCache {
    let path: String

    private struct Saved: Codable {
        var token: String
        var obtainedAt: Double
        var expiresAt: Double?
        var scopes: [String]
    }

    func load() -> ShopifyToken? {
        guard let data = try? PrivateFile.read(path, what: "token cache"),
            let saved = try? JSONDecoder().decode(Saved.self, from: data)
        else {
            return nil
        }
        return ShopifyToken(
            value: Secret(saved.token), obtainedAt: Date(timeIntervalSince1970: saved.obtainedAt),
            expiresAt: saved.expiresAt.map { Date(timeIntervalSince1970: $0) }, scopes: saved.scopes)
    }

    func save(_ token: ShopifyToken) {
        let saved = Saved(
            token: token.value.value, obtainedAt: token.obtainedAt.timeIntervalSince1970,
            expiresAt: token.expiresAt?.timeIntervalSince1970,
            scopes: token.scopes)
        guard let data = try? JSONEncoder().encode(saved) else { return }
        try? PrivateFile.write(data, to: path)
    }
}

extension ConnectionStore {
    /// The Amazon connector a saved connection describes. Its hosts are Amazon's for the
    /// region, or `ONEPOOL_AMAZON_BASE_URL` (tests and proxies; plain http to loopback only).
    /// Access tokens (they last an hour) are kept between processes in the 0600 token cache
    /// beside Shopify's (`tokenPath`), so a cron job asks Login with Amazon about once an hour.
    func amazonConnector(
        for connection: SavedConnection, policy: RetryPolicy = AmazonConnector.syncPolicy,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> AmazonConnector {
        let file = path(channel: connection.channel)
        guard let regionText = connection.region, let region = AmazonRegion(rawValue: regionText),
            let seller = connection.sellerID, let marketplace = connection.marketplaceID
        else {
            throw PrivateFile.Problem(
                "\(file): the Amazon region, seller id or marketplace is missing; run `onepool connect amazon` again")
        }
        guard let clientID = connection.clientID, let secret = connection.clientSecret,
            let refresh = connection.refreshToken
        else {
            throw PrivateFile.Problem(
                "\(file): the LWA client id, client secret or refresh token is missing; run `onepool connect amazon` "
                    + "again")
        }
        do {
            let endpoints = try AmazonEndpoints.fromEnvironment(environment, region: region)
            let amazon = try AmazonConnection(
                region: region, sellerID: seller, marketplaceID: marketplace, endpoints: endpoints)
            let credentials = try LWACredentials(clientID: clientID, clientSecret: secret, refreshToken: refresh)
            let since = connection.since.flatMap(TimeText.parse) ?? Timestamp(millisecondsSince1970: 0)
            let client = AmazonClient(
                connection: amazon, credentials: credentials, policy: policy,
                tokenCache: FileLWATokenCache(path: tokenPath(channel: connection.channel)))
            return AmazonConnector(channel: connection.channel, client: client, since: since)
        } catch {
            throw PrivateFile.Problem("\(file): \(error.description)")
        }
    }
}
