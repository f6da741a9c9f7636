import Foundation
import LoopbackHTTP
import SPAPIEmulator
import Testing

@testable import OnePoolSync

@Suite("SP-API transport (URLSession)")
struct SPAPITransportTests {
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func increment() { lock.withLock { value += 1 } }
        var count: Int { lock.withLock { value } }
    }

    @Test("a redirect is not followed: the access token never goes where a 3xx points")
    func refusesRedirects() async throws {
        let elsewhere = Counter()
        let target = try LoopbackHTTPServer { _ in
            elsewhere.increment()
            return HTTPResponseMessage(status: 200, body: Data("{}".utf8))
        }
        defer { target.stop() }
        let location = target.baseURL + "/stolen"
        let redirecting = try LoopbackHTTPServer { _ in
            HTTPResponseMessage(status: 302, headers: [("Location", location)])
        }
        defer { redirecting.stop() }
        let request = HTTPRequest(
            method: "GET", url: try #require(URL(string: redirecting.baseURL + "/orders/2026-01-01/orders")),
            headers: [("x-amz-access-token", "Atza|secret")], timeout: 5)
        let response = try await URLSessionTransport().send(request)
        #expect(response.status == 302)
        #expect(elsewhere.count == 0)
    }

    @Test("a connection reset mid-body and a refused connection are retryable failures; a slow answer times out")
    func classifiesFailures() async throws {
        let server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/reset":
                HTTPResponseMessage(
                    status: 200, body: Data(repeating: 65, count: 4000), faults: [.resetMidBody(fraction: 0.5)])
            // Far beyond the 0.3 s asked and URLSession's own 1 s floor: under a loaded test run the
            // racing sleep may wake late, and then the session's timeout must still come first.
            case "/slow": HTTPResponseMessage(status: 200, body: Data("{}".utf8), faults: [.delay(4.0)])
            default: HTTPResponseMessage(status: 200, body: Data("{}".utf8))
            }
        }
        let transport = URLSessionTransport()
        func send(_ path: String, timeout: Double = 5) async -> HTTPFailure? {
            guard let url = URL(string: server.baseURL + path) else { return nil }
            do {
                _ = try await transport.send(HTTPRequest(method: "GET", url: url, timeout: timeout))
                return nil
            } catch { return error }
        }
        let reset = await send("/reset")
        #expect(reset?.kind == .connectionLost && reset?.isRetryable == true)
        let slow = await send("/slow", timeout: 0.3)
        #expect(slow?.kind == .timedOut && slow?.isRetryable == true)
        #expect(await send("/fine") == nil)
        server.stop()
        let refused = await send("/fine")
        #expect(refused?.kind == .cannotConnect && refused?.isRetryable == true)
    }
}
