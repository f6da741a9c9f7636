import Foundation
import Testing

@testable import OnePoolSync

@Suite struct EndpointTests {
    @Test func plainHTTPOnlyToLoopback() throws {
        for base in ["http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9", "https://proxy.example.com"] {
            #expect(throws: Never.self) { try APIEndpoint.fromEnvironment([APIEndpoint.baseURLVariable: base]) }
        }
        for base in [
            "http://10.0.0.1:8080", "http://example.com", "http://127.0.0.1.evil.com", "ftp://127.0.0.1", "nonsense",
        ] {
            #expect(throws: ConnectorError.self) {
                try APIEndpoint.fromEnvironment([APIEndpoint.baseURLVariable: base])
            }
        }
    }

    @Test func theRealHostBecomesTheFirstPathSegment() throws {
        let endpoint = try APIEndpoint.fromEnvironment([APIEndpoint.baseURLVariable: "http://127.0.0.1:8080/"])
        let url = try endpoint.url(host: "a.myshopify.com", path: "/admin/api/2026-04/graphql.json")
        #expect(url.absoluteString == "http://127.0.0.1:8080/a.myshopify.com/admin/api/2026-04/graphql.json")
        let real = try APIEndpoint(base: nil).url(host: "a.myshopify.com", path: "/admin/oauth/access_token")
        #expect(real.absoluteString == "https://a.myshopify.com/admin/oauth/access_token")
    }
}
