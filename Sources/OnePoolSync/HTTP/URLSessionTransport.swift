import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The toolchain's URLSession (libcurl on Linux, HTTPS with the system's certificates). An
/// ephemeral session: no cookies, no cache, no credentials kept on disk, and no redirects
/// followed — a 3xx comes back as it is, so an access token is never re-sent to wherever a
/// redirect points (perhaps plain http, perhaps another host).
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    // URLSession is thread-safe; it is not declared Sendable on every platform.
    let session: URLSession
    /// Larger answers to `send` are refused (no API page comes near this); `download` has no
    /// such bound, its body goes to disk.
    public let maximumBodyBytes: Int

    public init(maximumBodyBytes: Int = 32 << 20) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCredentialStorage = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpMaximumConnectionsPerHost = 4
        session = URLSession(configuration: configuration, delegate: RefuseRedirects(), delegateQueue: nil)
        self.maximumBodyBytes = maximumBodyBytes
    }

    deinit { session.finishTasksAndInvalidate() }

    public func send(_ request: HTTPRequest) async throws(HTTPFailure) -> HTTPResponse {
        // URLSession's own timeout is whole seconds of inactivity on Linux (a 0.4 s timeout
        // becomes none at all), so the deadline is also raced here; the loser is cancelled.
        let prepared = Self.urlRequest(request)
        let session = session
        let timeout = request.timeout
        let outcome: Result<(Data, URLResponse), any Error>
        do {
            outcome = try await withThrowingTaskGroup(of: Result<(Data, URLResponse), any Error>?.self) { group in
                group.addTask {
                    do { return .success(try await session.data(for: prepared)) } catch { return .failure(error) }
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(timeout))
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first ?? .failure(URLError(.timedOut))
            }
        } catch {
            throw HTTPFailure(kind: .other, reason: "request cancelled")
        }
        let data: Data
        let response: URLResponse
        switch outcome {
        case .success(let answer): (data, response) = answer
        case .failure(let error as URLError): throw Self.failure(error)
        case .failure(let error): throw HTTPFailure(kind: .other, reason: "request failed: \(type(of: error))")
        }
        guard let http = response as? HTTPURLResponse else {
            throw HTTPFailure(kind: .connectionLost, reason: "the answer was not HTTP")
        }
        guard data.count <= maximumBodyBytes else {
            throw HTTPFailure(kind: .tooLarge, reason: "the answer was larger than \(maximumBodyBytes) bytes")
        }
        return HTTPResponse(status: http.statusCode, headers: Self.headers(of: http), body: data)
    }

    /// URLSession's download task: the body goes to disk as it arrives, never whole in memory.
    public func download(_ request: HTTPRequest) async throws(HTTPFailure) -> HTTPDownload {
        let prepared = Self.urlRequest(request)
        let result: Result<HTTPDownload, HTTPFailure> = await withCheckedContinuation { continuation in
            let task = session.downloadTask(with: prepared) { location, response, error in
                if let error {
                    let failure =
                        (error as? URLError).map(Self.failure)
                        ?? HTTPFailure(kind: .other, reason: "download failed: \(type(of: error))")
                    continuation.resume(returning: .failure(failure))
                    return
                }
                guard let http = response as? HTTPURLResponse, let location else {
                    continuation.resume(
                        returning: .failure(HTTPFailure(kind: .connectionLost, reason: "the answer was not HTTP")))
                    return
                }
                // The task removes its file when this handler returns: move it first.
                let file = HTTPDownload.temporaryFile()
                do {
                    try FileManager.default.moveItem(at: location, to: file)
                } catch {
                    continuation.resume(
                        returning: .failure(HTTPFailure(kind: .other, reason: "could not keep the download")))
                    return
                }
                let bytes = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
                continuation.resume(
                    returning: .success(HTTPDownload(status: http.statusCode, file: file, bytes: bytes)))
            }
            task.resume()
        }
        return try result.get()
    }

    private static func urlRequest(_ request: HTTPRequest) -> URLRequest {
        // libcurl counts the timeout in whole seconds: less than one would mean none at all.
        var urlRequest = URLRequest(
            url: request.url, cachePolicy: .reloadIgnoringLocalCacheData,
            timeoutInterval: max(request.timeout.rounded(.up), 1))
        urlRequest.httpMethod = request.method
        for header in request.headers { urlRequest.addValue(header.value, forHTTPHeaderField: header.name) }
        urlRequest.httpBody = request.body
        return urlRequest
    }

    private static func headers(of response: HTTPURLResponse) -> [String: String] {
        var headers: [String: String] = [:]
        for (key, value) in response.allHeaderFields {
            if let name = key as? String, let text = value as? String { headers[name] = text }
        }
        return headers
    }

    /// URLError codes by what the caller can do about them. A connection reset mid-body shows up
    /// as `networkConnectionLost` (or, from libcurl, as a bad or cancelled response).
    static func failure(_ error: URLError) -> HTTPFailure {
        switch error.code {
        case .timedOut:
            HTTPFailure(kind: .timedOut, reason: "timed out")
        case .networkConnectionLost, .badServerResponse, .zeroByteResource, .cannotParseResponse, .resourceUnavailable:
            HTTPFailure(kind: .connectionLost, reason: "connection dropped")
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet, .internationalRoamingOff,
            .callIsActive, .dataNotAllowed:
            HTTPFailure(kind: .cannotConnect, reason: "cannot connect")
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid,
            .serverCertificateHasUnknownRoot, .clientCertificateRejected, .clientCertificateRequired:
            HTTPFailure(
                kind: .other, reason: "TLS failed (\(error.code.rawValue)): the certificate could not be trusted")
        default:
            HTTPFailure(kind: .other, reason: "request failed (URLError \(error.code.rawValue))")
        }
    }
}

/// Answers every redirect with "do not follow".
private final class RefuseRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
