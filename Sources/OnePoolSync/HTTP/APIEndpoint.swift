import Foundation

/// Where a channel's API lives, and the one setting that moves it.
///
/// `ONEPOOL_API_BASE_URL` (for tests and proxies only) sends every channel request to
/// `BASE/HOST/PATH` instead of `https://HOST/PATH`: the real host becomes the first path
/// segment, so one emulator or proxy serves several shops. A base with plain `http` is accepted
/// only for a loopback address (127.0.0.0/8, ::1, localhost), so a token never travels
/// unencrypted over a network.
public struct APIEndpoint: Sendable, Hashable {
    public static let baseURLVariable = "ONEPOOL_API_BASE_URL"

    /// nil: the real hosts over HTTPS.
    public var base: URL?

    public init(base: URL?) { self.base = base }

    /// Reads the setting, refusing one that would send secrets in the clear.
    public static func fromEnvironment(_ environment: [String: String]) throws(ConnectorError) -> APIEndpoint {
        guard let text = environment[baseURLVariable], !text.isEmpty else { return APIEndpoint(base: nil) }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host else {
            throw ConnectorError(
                .config, "\(baseURLVariable) '\(text)' is not a URL: expected e.g. http://127.0.0.1:8080")
        }
        switch scheme {
        case "https": break
        case "http":
            guard isLoopback(host) else {
                throw ConnectorError(
                    .config,
                    "\(baseURLVariable) '\(text)': plain http is allowed only to a loopback address (127.0.0.1, ::1, "
                        + "localhost); use https"
                )
            }
        default:
            throw ConnectorError(.config, "\(baseURLVariable) '\(text)': expected an http or https URL")
        }
        return APIEndpoint(base: url)
    }

    /// The URL for `path` (starting with /) on `host`.
    public func url(host: String, path: String) throws(ConnectorError) -> URL {
        let text: String
        if let base {
            var prefix = base.absoluteString
            while prefix.hasSuffix("/") { prefix.removeLast() }
            text = "\(prefix)/\(host)\(path)"
        } else {
            text = "https://\(host)\(path)"
        }
        guard let url = URL(string: text) else { throw ConnectorError(.config, "cannot make a URL of host '\(host)'") }
        return url
    }

    /// Whether a request to `url` may carry a secret: https, or plain http to a loopback
    /// address (the emulators). The one rule for every base URL and every download link.
    static func carriesSecretsSafely(_ url: URL) -> Bool {
        guard let host = url.host, let scheme = url.scheme?.lowercased() else { return false }
        return scheme == "https" || (scheme == "http" && isLoopback(host))
    }

    /// 127.0.0.0/8, ::1 or localhost.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if bare.lowercased() == "localhost" || bare == "::1" { return true }
        let parts = bare.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in UInt8(part) != nil }
    }
}
