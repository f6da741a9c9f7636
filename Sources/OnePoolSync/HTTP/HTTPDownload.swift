import Foundation

/// A download written to a temporary file rather than held in memory (a bulk export or a
/// report can be hundreds of megabytes). The caller reads it and removes it.
public struct HTTPDownload: Sendable {
    public var status: Int
    public var file: URL
    public var bytes: Int

    public init(status: Int, file: URL, bytes: Int) {
        self.status = status
        self.file = file
        self.bytes = bytes
    }

    static func temporaryFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("onepool-download-\(UUID().uuidString).tmp")
    }
}

extension HTTPTransport {
    /// Any transport can download: `send`, then the body written to a temporary file.
    public func download(_ request: HTTPRequest) async throws(HTTPFailure) -> HTTPDownload {
        let response = try await send(request)
        let file = HTTPDownload.temporaryFile()
        guard
            FileManager.default.createFile(
                atPath: file.path, contents: response.body, attributes: [.posixPermissions: 0o600])
        else {
            throw HTTPFailure(kind: .other, reason: "could not write the download to \(file.path)")
        }
        return HTTPDownload(status: response.status, file: file, bytes: response.body.count)
    }
}

/// A document a channel prepared and handed over as a signed link on another host: Amazon's
/// report document, Shopify's bulk export. Fetched the one way for both: https, or plain
/// http to a loopback address (the emulators), as for the API itself; no credentials (the
/// link carries its own signature); to a temporary file; sent again when the connection
/// drops or times out, or the host answers 5xx, within the retry policy.
enum DocumentDownload {
    enum Failure: Error {
        /// Neither https nor http to a loopback address.
        case refusedURL
        /// An answer other than 200 (the last of `attempts` for a 5xx).
        case status(Int, attempts: Int)
        case transport(HTTPFailure, attempts: Int)

        /// What went wrong, naming no part of the link (its query is the signature).
        var problem: String {
            switch self {
            case .refusedURL: "the address is neither https nor http to a loopback address"
            case .status(let status, _): "HTTP \(status)"
            case .transport(let failure, _): failure.reason
            }
        }
    }

    static func fetch(
        _ url: URL, transport: any HTTPTransport, policy: RetryPolicy, timeout: Double,
        headers: [(name: String, value: String)] = []
    ) async throws(Failure) -> HTTPDownload {
        guard APIEndpoint.carriesSecretsSafely(url) else { throw .refusedURL }
        let request = HTTPRequest(method: "GET", url: url, headers: headers, timeout: timeout)
        return try await policy.run { attempt async throws(Failure) -> AttemptOutcome<HTTPDownload, Failure> in
            let download: HTTPDownload
            do throws(HTTPFailure) {
                download = try await transport.download(request)
            } catch {
                return .exchangeFailed(error, .transport(error, attempts: attempt))
            }
            if download.status == 200 { return .success(download) }
            try? FileManager.default.removeItem(at: download.file)
            guard (500...599).contains(download.status) else { throw .status(download.status, attempts: attempt) }
            return .retry(.status(download.status, attempts: attempt))
        }
    }
}
