import Foundation

/// The SP-API regions. Each region has one selling-partner endpoint; Login with Amazon (LWA)
/// issues access tokens for every region at one address.
///
/// Documented shape: "SP-API endpoints" (developer-docs.amazon.com/sp-api/docs/sp-api-endpoints):
/// North America `https://sellingpartnerapi-na.amazon.com`, Europe `…-eu…`, Far East `…-fe…`;
/// "Connect to the SP-API", step 1: `POST https://api.amazon.com/auth/o2/token`.
public enum AmazonRegion: String, CaseIterable, Sendable {
    case na, eu, fe

    public var sellingPartnerHost: String { "sellingpartnerapi-\(rawValue).amazon.com" }
}

/// Where requests go: Amazon's own hosts, or one base URL that stands in for both the SP-API
/// host and the LWA token host (tests, proxies). The override is the only way to point the
/// client elsewhere, and plain `http` is allowed to a loopback address only, so an access
/// token or a client secret never travels unencrypted over a network.
public struct AmazonEndpoints: Sendable, Equatable {
    /// The setting that overrides both hosts, read by `fromEnvironment`.
    public static let overrideVariable = "ONEPOOL_AMAZON_BASE_URL"

    public let sellingPartnerBase: URL
    public let tokenURL: URL

    /// Amazon's own endpoints for `region`.
    public init(region: AmazonRegion) {
        // Both are constant, well-formed literals; `URL(string:)` cannot fail on them.
        sellingPartnerBase = URL(string: "https://\(region.sellingPartnerHost)") ?? URL(fileURLWithPath: "/")
        tokenURL = URL(string: "https://api.amazon.com/auth/o2/token") ?? URL(fileURLWithPath: "/")
    }

    /// One base URL for both: SP-API paths are appended to it and tokens come from
    /// `<base>/auth/o2/token`. Refused: anything but `https`, or `http` to a host that is not
    /// loopback (127.0.0.0/8, ::1, localhost); a URL with credentials, a query or a fragment.
    public init(overrideBase text: String) throws(AmazonError) {
        let setting = "\(Self.overrideVariable)=\(text)"
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw .invalidConfiguration(
                "\(setting): expected an absolute URL such as https://proxy.example or http://127.0.0.1:8080")
        }
        guard components.user == nil, components.password == nil, components.query == nil, components.fragment == nil
        else {
            throw .invalidConfiguration(
                "\(setting): expected scheme, host, port and path only (no credentials, query or fragment)")
        }
        switch scheme {
        case "https": break
        case "http":
            guard APIEndpoint.isLoopback(host) else {
                throw .invalidConfiguration(
                    "\(setting): plain http is allowed to a loopback address only (127.0.0.1, ::1, localhost)")
            }
        default:
            throw .invalidConfiguration("\(setting): expected an http or https URL, found scheme '\(scheme)'")
        }
        var base = components
        if base.path.hasSuffix("/") { base.path.removeLast() }
        guard let baseURL = base.url, let token = URL(string: baseURL.absoluteString + "/auth/o2/token") else {
            throw .invalidConfiguration("\(setting): not a usable URL")
        }
        sellingPartnerBase = baseURL
        tokenURL = token
    }

    /// The override from `environment` when it is set (and valid), else Amazon's endpoints.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, region: AmazonRegion
    ) throws(AmazonError) -> AmazonEndpoints {
        guard let text = environment[overrideVariable], !text.isEmpty else { return AmazonEndpoints(region: region) }
        return try AmazonEndpoints(overrideBase: text)
    }
}
