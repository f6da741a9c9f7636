import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A download written to a temporary file rather than held in memory (a bulk export can be
/// hundreds of megabytes). The caller reads it and removes it.
public struct HTTPDownload: Sendable {
    public var status: Int
    public var file: URL
    public var bytes: Int

    public init(status: Int, file: URL, bytes: Int) {
        self.status = status
        self.file = file
        self.bytes = bytes
    }
}

extension HTTPTransport {
    /// Any transport can download: `send`, then the body written to a temporary file.
    public func download(_ request: HTTPRequest) async throws(HTTPFailure) -> HTTPDownload {
        let response = try await send(request)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "onepool-download-\(UUID().uuidString).tmp")
        guard
            FileManager.default.createFile(
                atPath: file.path, contents: response.body,
                attributes: [
                    .posixPermissions: 0o600
                ])
        else {
            throw .connection(request.url, "could not write the download to \(file.path)")
        }
        return HTTPDownload(status: response.status, file: file, bytes: response.body.count)
    }
}

extension URLSessionTransport {
    /// URLSession's download task: the body goes to disk as it arrives, never whole in memory.
    public func download(_ request: HTTPRequest) async throws(HTTPFailure) -> HTTPDownload {
        var urlRequest = URLRequest(
            url: request.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: max(1, request.timeout))
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        let result: Result<HTTPDownload, HTTPFailure> = await withCheckedContinuation { continuation in
            let task = session.downloadTask(with: urlRequest) { location, response, error in
                if let error {
                    let timedOut = (error as? URLError)?.code == .timedOut
                    continuation.resume(
                        returning: .failure(
                            timedOut ? .timeout(request.url) : .connection(request.url, "download failed")))
                    return
                }
                guard let http = response as? HTTPURLResponse, let location else {
                    continuation.resume(returning: .failure(.connection(request.url, "no HTTP response")))
                    return
                }
                // The task removes its file when this handler returns: move it first.
                let file = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "onepool-download-\(UUID().uuidString).tmp")
                do {
                    try FileManager.default.moveItem(at: location, to: file)
                } catch {
                    continuation.resume(returning: .failure(.connection(request.url, "could not keep the download")))
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
}
