import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A minimal HTTP/1.1 server on 127.0.0.1 and a port the kernel picks, for tests only. One
/// thread per connection, one request per connection (`Connection: close`), bodies by
/// `Content-Length`. Written by hand rather than taken from a package because the tests need
/// what server frameworks hide: answering slowly, and resetting the TCP connection halfway
/// through a body (SO_LINGER 0, then close: the peer sees RST, not a clean end).
public final class LoopbackHTTPServer: @unchecked Sendable {
    public typealias Handler = @Sendable (HTTPRequestMessage) -> HTTPResponseMessage

    public let port: UInt16
    private let listener: Int32
    private let handler: Handler
    private let lock = NSLock()
    private var stopped = false

    public init(handler: @escaping Handler) throws {
        let socketFD = socket(AF_INET, Self.streamType, 0)
        guard socketFD >= 0 else { throw ServerError.system("socket", errno) }
        var yes: Int32 = 1
        setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(socketFD, 128) == 0 else {
            let code = errno
            close(socketFD)
            throw ServerError.system("bind/listen", code)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        guard named == 0 else {
            close(socketFD)
            throw ServerError.system("getsockname", errno)
        }
        port = UInt16(bigEndian: address.sin_port)
        listener = socketFD
        self.handler = handler
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "loopback-http-accept"
        thread.start()
    }

    deinit { stop() }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Stops accepting; connections being answered finish on their own.
    public func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        guard !wasStopped else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if isStopped { return }
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            let thread = Thread { [self] in serve(connection) }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = readRequest(connection) else {
            close(connection)
            return
        }
        let response = handler(request)
        write(response, to: connection)
    }

    // MARK: Reading

    private func readRequest(_ connection: Int32) -> HTTPRequestMessage? {
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 16_384)
        var headEnd: Int?
        while headEnd == nil {
            let count = recv(connection, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer += chunk[0..<count]
            headEnd = Self.find([13, 10, 13, 10], in: buffer)
            if headEnd == nil && buffer.count > 65_536 { return nil }
        }
        guard let headEnd, let head = String(bytes: buffer[0..<headEnd], encoding: .utf8) else { return nil }
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count == 3 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = value
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        guard (0...4_000_000).contains(length) else { return nil }
        if headers["expect"]?.lowercased() == "100-continue" {
            sendAll(connection, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        var body = Array(buffer[(headEnd + 4)...])
        while body.count < length {
            let count = recv(connection, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            body += chunk[0..<count]
        }
        let target = String(requestLine[1])
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let rawPath = String(parts[0])
        var query: [(String, String)] = []
        if parts.count == 2 {
            for item in parts[1].split(separator: "&") {
                let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = Self.decode(String(pair[0]))
                let value = pair.count == 2 ? Self.decode(String(pair[1])) : ""
                query.append((name, value))
            }
        }
        return HTTPRequestMessage(
            method: String(requestLine[0]), path: Self.decode(rawPath), rawPath: rawPath, query: query,
            headers: headers,
            body: Data(body.prefix(length)))
    }

    static func decode(_ text: String) -> String {
        (text.replacingOccurrences(of: "+", with: " ")).removingPercentEncoding ?? text
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return start }
        }
        return nil
    }

    // MARK: Writing

    private func write(_ response: HTTPResponseMessage, to connection: Int32) {
        for fault in response.faults {
            if case .delay(let seconds) = fault { Thread.sleep(forTimeInterval: seconds) }
        }
        if response.faults.contains(.resetBeforeAnswer) {
            reset(connection)
            return
        }
        var head = "HTTP/1.1 \(response.status) \(HTTPResponseMessage.reason(response.status))\r\n"
        for header in response.headers { head += "\(header.name): \(header.value)\r\n" }
        head += "Content-Length: \(response.body.count)\r\nConnection: close\r\n\r\n"
        let body = [UInt8](response.body)
        for fault in response.faults {
            if case .resetMidBody(let fraction) = fault {
                let cut = max(0, min(body.count - 1, Int(Double(body.count) * fraction)))
                sendAll(connection, Array(head.utf8) + body[0..<cut])
                Thread.sleep(forTimeInterval: 0.05)  // let the partial body leave before the reset
                reset(connection)
                return
            }
        }
        sendAll(connection, Array(head.utf8) + body)
        shutdown(connection, Int32(SHUT_WR))
        // Drain what the client may still send so close() does not turn into a reset.
        var scratch = [UInt8](repeating: 0, count: 1024)
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        while recv(connection, &scratch, scratch.count, 0) > 0 {}
        close(connection)
    }

    /// Closes with SO_LINGER 0: the kernel sends RST, as a dropped connection does.
    private func reset(_ connection: Int32) {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(connection, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
        close(connection)
    }

    private func sendAll(_ connection: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            // MSG_NOSIGNAL: a client that went away must not raise SIGPIPE in the test process.
            let sent = bytes[offset...].withUnsafeBytes {
                send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent <= 0 { return }
            offset += sent
        }
    }

    #if canImport(Glibc)
        private static let streamType = Int32(SOCK_STREAM.rawValue)
    #else
        private static let streamType = SOCK_STREAM
    #endif

    public enum ServerError: Error {
        case system(String, Int32)
    }
}
