import Foundation
import LoopbackHTTP
import Testing

@testable import OnePoolSync

/// The one retry loop and the one document download both channels use.
@Suite("HTTP stack: retries and document downloads")
struct HTTPStackTests {
    struct Failed: Error, Equatable { var attempt: Int }

    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func next() -> Int {
            lock.withLock {
                count += 1
                return count
            }
        }
        var value: Int { lock.withLock { count } }
    }

    static let quick = RetryPolicy(attempts: 3, baseDelay: 0, maxDelay: 0, requestTimeout: 5)

    @Test("a retry counts an attempt and the last failure is thrown; `again` is not counted")
    func retriesAreBounded() async throws {
        let calls = Calls()
        await #expect(throws: Failed(attempt: 3)) {
            try await Self.quick.run { attempt throws(Failed) -> AttemptOutcome<Int, Failed> in
                _ = calls.next()
                return .retry(Failed(attempt: attempt))
            }
        }
        #expect(calls.value == 3)

        var renewals = 0
        let value = try await Self.quick.run { attempt throws(Failed) -> AttemptOutcome<Int, Failed> in
            if renewals < 5 {
                renewals += 1
                return .again
            }
            return attempt < 3 ? .retry(Failed(attempt: attempt)) : .success(attempt)
        }
        #expect(value == 3 && renewals == 5)
    }

    @Test("a dropped exchange is retried; one the same request cannot survive is thrown at once")
    func exchangeFailures() async throws {
        let calls = Calls()
        let dropped = HTTPFailure(kind: .connectionLost, reason: "connection dropped")
        let value = try await Self.quick.run { attempt throws(Failed) -> AttemptOutcome<Int, Failed> in
            _ = calls.next()
            return attempt == 1 ? .exchangeFailed(dropped, Failed(attempt: attempt)) : .success(attempt)
        }
        #expect(value == 2 && calls.value == 2)
        let tooLarge = HTTPFailure(kind: .tooLarge, reason: "too large")
        await #expect(throws: Failed(attempt: 1)) {
            try await Self.quick.run { attempt throws(Failed) -> AttemptOutcome<Int, Failed> in
                .exchangeFailed(tooLarge, Failed(attempt: attempt))
            }
        }
    }

    @Test("a document is fetched through 5xx and a reset mid-body, to a file, with only the headers given")
    func documentDownloadRetries() async throws {
        let calls = Calls()
        let body = Data((0..<5000).map { UInt8($0 % 251) })
        let carriedToken = Calls()
        let server = try LoopbackHTTPServer { request in
            if request.header("x-amz-access-token") != nil || request.header("x-shopify-access-token") != nil {
                _ = carriedToken.next()
            }
            switch calls.next() {
            case 1: return HTTPResponseMessage(status: 503)
            case 2: return HTTPResponseMessage(status: 200, body: body, faults: [.resetMidBody(fraction: 0.5)])
            default: return HTTPResponseMessage(status: 200, body: body)
            }
        }
        defer { server.stop() }
        let url = try #require(URL(string: server.baseURL + "/document?X-Signature=abc"))
        let download = try await DocumentDownload.fetch(
            url, transport: URLSessionTransport(), policy: Self.quick, timeout: 5,
            headers: [("User-Agent", "OnePool-test")])
        defer { try? FileManager.default.removeItem(at: download.file) }
        #expect(try Data(contentsOf: download.file) == body)
        #expect(download.bytes == body.count && calls.value == 3 && carriedToken.value == 0)
    }

    @Test("a refused link (4xx) is not retried; plain http to another host is never fetched")
    func documentDownloadRefusals() async throws {
        let calls = Calls()
        let server = try LoopbackHTTPServer { _ in
            _ = calls.next()
            return HTTPResponseMessage(status: 403)
        }
        defer { server.stop() }
        let url = try #require(URL(string: server.baseURL + "/expired"))
        do {
            _ = try await DocumentDownload.fetch(url, transport: URLSessionTransport(), policy: Self.quick, timeout: 5)
            Issue.record("a 403 download succeeded")
        } catch {
            guard case .status(403, attempts: 1) = error else { throw error }
        }
        #expect(calls.value == 1)
        let elsewhere = try #require(URL(string: "http://example.com/document"))
        do {
            _ = try await DocumentDownload.fetch(
                elsewhere, transport: URLSessionTransport(), policy: Self.quick, timeout: 5)
            Issue.record("plain http to another host was fetched")
        } catch {
            guard case .refusedURL = error else { throw error }
        }
    }
}
