import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Files that hold secrets: read only if no one else can read them (as ssh refuses a loose
/// private key), written 0600 through a temporary file that cannot be a planted symlink.
public enum PrivateFile {
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// The contents of a secret file; refuses a file group or others may read, a symlink,
    /// something not a regular file, or a file owned by someone else.
    public static func read(_ path: String, what: String) throws -> Data {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            throw Problem(
                "\(path): cannot read the \(what) "
                    + "(\(errno == ENOENT ? "no such file" : String(cString: strerror(errno))))"
            )
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw Problem("\(path): the \(what) must be a regular file (not a symlink or device)")
        }
        guard info.st_uid == geteuid() else {
            throw Problem("\(path): the \(what) belongs to another user; OnePool reads only your own secret files")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw Problem(
                "\(path): the \(what) can be read by \(mode & 0o070 != 0 ? "its group" : "others") (mode "
                    + "\(String(mode, radix: 8))); "
                    + "OnePool refuses secrets others can read, as ssh refuses a loose key. Fix: chmod 600 \(path)")
        }
        let fd = open(path, O_RDONLY | O_NOFOLLOW)
        guard fd >= 0 else { throw Problem("\(path): cannot open the \(what): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { posixRead(fd, $0.baseAddress, $0.count) }
            if count < 0 { throw Problem("\(path): reading the \(what) failed: \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
            if data.count > 1 << 20 {
                throw Problem("\(path): the \(what) is larger than 1 MiB; expected a small JSON or text file")
            }
        }
        return data
    }

    /// A secret typed into a file (a token, a client secret): its first line, trimmed.
    public static func readSecret(_ path: String, what: String) throws -> String {
        let data = try read(path, what: what)
        let text = String(decoding: data, as: UTF8.self)
        let line =
            text.split(whereSeparator: \.isNewline).first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !line.isEmpty, line.utf8.count <= 4096,
            line.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 })
        else {
            throw Problem(
                "\(path): expected the \(what) on the first line (printable ASCII, no spaces, at most 4096 bytes)")
        }
        return line
    }

    /// Writes `data` as `path`, mode 0600, replacing it atomically; makes the directories 0700.
    public static func write(_ data: Data, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try makeDirectory(directory)
        let temporary = "\(directory)/.\(UUID().uuidString).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw Problem("\(directory): cannot write there: \(String(cString: strerror(errno)))") }
        let written = data.withUnsafeBytes { posixWrite(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        close(fd)
        guard written == data.count, synced == 0, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw Problem("\(path): writing failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Makes `path` and its missing parents 0700; refuses an existing directory others can write.
    public static func makeDirectory(_ path: String) throws {
        var info = stat()
        if lstat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else { throw Problem("\(path): expected a directory") }
            guard info.st_mode & 0o022 == 0 else {
                throw Problem(
                    "\(path): the directory can be written by others (mode "
                        + "\(String(info.st_mode & 0o777, radix: 8))); fix: chmod 700 \(path)"
                )
            }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != path { try makeDirectory(parent) }
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
            throw Problem("\(path): cannot create the directory: \(String(cString: strerror(errno)))")
        }
    }
}

// The system calls by a name no method shadows (`write` and `read` are also methods here).
#if canImport(Glibc)
    let posixRead = Glibc.read
    let posixWrite = Glibc.write
#elseif canImport(Darwin)
    let posixRead = Darwin.read
    let posixWrite = Darwin.write
#endif
