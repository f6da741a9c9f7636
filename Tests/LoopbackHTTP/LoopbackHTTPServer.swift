import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A minimal HTTP/1.1 server on 127.0.0.1 and a port the kernel picks, for the channel API
/// emulators in tests: each plugs its handler in. One thread per connection, bodies by
/// `Content-Length`. Written by hand rather than taken from a package because the tests need
/// what server frameworks hide: answering slowly, and resetting the TCP connection before or
/// halfway through an answer (SO_LINGER 0, then close: the peer sees RST, not a clean end).
public final class LoopbackHTTPServer: @unchecked Sendable {
    public typealias Handler = @Sendable (HTTPRequestMessage) -> HTTPResponseMessage

    /// Whether a connection carries more than one request.
    public enum Connections: Sendable {
        /// One request per connection (`Connection: close`); an idle client is dropped after 10 s.
        case closeAfterEach
        /// Requests follow each other on a connection until the client or `stop` ends it.
        case keepAlive
    }

    public let port: UInt16
    private let listener: Int32
    private let handler: Handler
    private let connections: Connections
    private let lock = NSLock()
    private var open: Set<Int32> = []
    private var stopped = false

    public init(connections: Connections = .closeAfterEach, handler: @escaping Handler) throws {
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
        self.connections = connections
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "loopback-http-accept"
        thread.start()
    }

    deinit { stop() }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Stops accepting and ends every open connection (a kept-alive client sees it close).
    public func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        let idle = open
        open = []
        lock.unlock()
        guard !wasStopped else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for connection in idle { shutdown(connection, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR || (errno == ECONNABORTED && !isStopped) { continue }
                return
            }
            lock.lock()
            if stopped {
                lock.unlock()
                close(connection)
                return
            }
            open.insert(connection)
            lock.unlock()
            var one: Int32 = 1
            setsockopt(connection, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let thread = Thread { [self] in serve(connection) }
            thread.start()
        }
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func serve(_ connection: Int32) {
        defer {
            // `stop` shut the connection down and handed it back: it is closed here, once.
            lock.lock()
            open.remove(connection)
            lock.unlock()
            close(connection)
        }
        if connections == .closeAfterEach {
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        var buffer = [UInt8]()
        while let request = readRequest(connection, buffer: &buffer) {
            guard write(handler(request), to: connection), connections == .keepAlive else { return }
        }
    }

    // MARK: Reading

    private func readRequest(_ connection: Int32, buffer: inout [UInt8]) -> HTTPRequestMessage? {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        var headEnd = Self.find([13, 10, 13, 10], in: buffer)
        while headEnd == nil {
            guard buffer.count <= 65_536 else { return nil }
            let count = recv(connection, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer += chunk[0..<count]
            headEnd = Self.find([13, 10, 13, 10], in: buffer)
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
        guard (0...(1 << 24)).contains(length) else { return nil }
        if headers["expect"]?.lowercased() == "100-continue" {
            _ = sendAll(connection, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        while buffer.count < headEnd + 4 + length {
            let count = recv(connection, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer += chunk[0..<count]
        }
        let body = Data(buffer[(headEnd + 4)..<(headEnd + 4 + length)])
        buffer.removeFirst(headEnd + 4 + length)
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
            method: String(requestLine[0]), target: target, path: Self.decode(rawPath), rawPath: rawPath,
            query: query, headers: headers, body: body)
    }

    public static func decode(_ text: String) -> String {
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

    /// Writes the answer with its faults; false: the connection is done with.
    private func write(_ response: HTTPResponseMessage, to connection: Int32) -> Bool {
        for fault in response.faults {
            if case .delay(let seconds) = fault { Thread.sleep(forTimeInterval: seconds) }
        }
        if response.faults.contains(.resetBeforeAnswer) {
            reset(connection)
            return false
        }
        let keepAlive = connections == .keepAlive
        var head = "HTTP/1.1 \(response.status) \(HTTPResponseMessage.reason(response.status))\r\n"
        for header in response.headers { head += "\(header.name): \(header.value)\r\n" }
        head += "Content-Length: \(response.body.count)\r\nConnection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        let body = [UInt8](response.body)
        for fault in response.faults {
            if case .resetMidBody(let fraction) = fault {
                let cut = max(0, min(body.count - 1, Int(Double(body.count) * fraction)))
                _ = sendAll(connection, Array(head.utf8) + body[0..<cut])
                Thread.sleep(forTimeInterval: 0.05)  // let the partial body leave before the reset
                reset(connection)
                return false
            }
        }
        guard sendAll(connection, Array(head.utf8) + body) else { return false }
        if keepAlive { return true }
        shutdown(connection, Int32(SHUT_WR))
        // Drain what the client may still send so close() does not turn into a reset.
        var scratch = [UInt8](repeating: 0, count: 1024)
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        while recv(connection, &scratch, scratch.count, 0) > 0 {}
        return false
    }

    /// SO_LINGER 0: the close that follows sends RST, as a dropped connection does.
    private func reset(_ connection: Int32) {
        var option = linger(l_onoff: 1, l_linger: 0)
        setsockopt(connection, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
    }

    private func sendAll(_ connection: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            // MSG_NOSIGNAL: a client that went away must not raise SIGPIPE in the test process.
            let sent = bytes[offset...].withUnsafeBytes {
                send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
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
