#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file descriptor and the few system calls the store needs, each failing with an
/// error that names the path and the operation.
final class PosixFile {
    let path: String
    let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Opens for reading and writing; `create` makes the file owner-only (0600).
    static func open(_ path: String, create: Bool = false, exclusive: Bool = false, readOnly: Bool = false) throws(StoreError) -> PosixFile {
        var flags: Int32 = readOnly ? O_RDONLY : O_RDWR
        flags |= O_CLOEXEC
        if create { flags |= O_CREAT }
        if exclusive { flags |= O_EXCL }
        let descriptor = Glibc.open(path, flags, 0o600)
        guard descriptor >= 0 else { throw StoreError.io(path: path, operation: "open", code: errno) }
        return PosixFile(path: path, descriptor: descriptor)
    }

    func size() throws(StoreError) -> Int {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw StoreError.io(path: path, operation: "stat", code: errno) }
        return Int(info.st_size)
    }

    /// Reads `count` bytes at `offset`, or fewer if the file ends first.
    func read(at offset: Int, count: Int) throws(StoreError) -> [UInt8] {
        guard count > 0 else { return [] }
        var failure: StoreError? = nil
        let buffer = [UInt8](unsafeUninitializedCapacity: count) { raw, initialized in
            do throws(StoreError) { initialized = try read(at: offset, into: UnsafeMutableRawBufferPointer(raw)) } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return buffer
    }

    /// Fills `buffer` from `offset`; returns how many bytes were read (fewer if the file ends first).
    /// Safe to call from any thread: `pread` does not move a shared file position.
    func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(StoreError) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < buffer.count {
            let got = pread(descriptor, base + done, buffer.count - done, off_t(offset + done))
            if got < 0 {
                if errno == EINTR { continue }
                throw StoreError.io(path: path, operation: "read", code: errno)
            }
            if got == 0 { break }
            done += got
        }
        return done
    }

    func readAll(from offset: Int = 0) throws(StoreError) -> [UInt8] {
        let total = try size()
        return try read(at: offset, count: max(0, total - offset))
    }

    func write(_ bytes: [UInt8], at offset: Int) throws(StoreError) {
        var failure: StoreError? = nil
        bytes.withUnsafeBytes { raw in
            do throws(StoreError) { try write(raw, at: offset) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(StoreError) {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let wrote = pwrite(descriptor, base + done, bytes.count - done, off_t(offset + done))
            if wrote < 0 {
                if errno == EINTR { continue }
                throw StoreError.io(path: path, operation: "write", code: errno)
            }
            done += wrote
        }
    }

    /// Data (and the size) reach the disk before this returns: an event is acknowledged only after.
    func syncData() throws(StoreError) {
        #if canImport(Glibc)
        let result = fdatasync(descriptor)
        #else
        let result = fsync(descriptor)
        #endif
        guard result == 0 else { throw StoreError.io(path: path, operation: "fdatasync", code: errno) }
    }

    func syncAll() throws(StoreError) {
        guard fsync(descriptor) == 0 else { throw StoreError.io(path: path, operation: "fsync", code: errno) }
    }

    func truncate(to size: Int) throws(StoreError) {
        guard ftruncate(descriptor, off_t(size)) == 0 else { throw StoreError.io(path: path, operation: "truncate", code: errno) }
    }

    /// Blocks until this process holds the exclusive lock. Released by `unlock` or when the
    /// process dies, so a killed writer never leaves the store locked.
    func lockExclusive() throws(StoreError) {
        while flock(descriptor, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            throw StoreError.io(path: path, operation: "lock", code: errno)
        }
    }

    func unlock() {
        _ = flock(descriptor, LOCK_UN)
    }
}

/// File-system helpers for directories and whole files.
enum FileSystem {
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Creates the directory (owner-only, 0700) and any missing parents.
    static func makeDirectory(_ path: String) throws(StoreError) {
        if isDirectory(path) { return }
        let parent = parentDirectory(of: path)
        if !parent.isEmpty && parent != path { try makeDirectory(parent) }
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw StoreError.io(path: path, operation: "create directory", code: errno)
        }
    }

    /// fsync on the directory, so a new or renamed entry survives power loss.
    static func syncDirectory(_ path: String) throws(StoreError) {
        let descriptor = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw StoreError.io(path: path, operation: "open directory", code: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw StoreError.io(path: path, operation: "fsync directory", code: errno) }
    }

    static func list(_ path: String) throws(StoreError) -> [String] {
        guard let directory = opendir(path) else { throw StoreError.io(path: path, operation: "list", code: errno) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func rename(_ from: String, to: String) throws(StoreError) {
        guard Glibc.rename(from, to) == 0 else { throw StoreError.io(path: from, operation: "rename to \(to)", code: errno) }
    }

    static func remove(_ path: String) {
        _ = unlink(path)
    }

    /// Writes a whole file crash-safely: temporary file, fsync, rename into place, fsync the
    /// directory. After a crash the file is either the old one or the complete new one.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(StoreError) {
        let directory = parentDirectory(of: path)
        let temporary = "\(directory)/.tmp-\(getpid())-\(lastComponent(of: path))"
        let file = try PosixFile.open(temporary, create: true)
        do {
            try file.truncate(to: 0)
            try file.write(bytes, at: 0)
            try file.syncAll()
        } catch {
            remove(temporary)
            throw error
        }
        try rename(temporary, to: path)
        try syncDirectory(directory)
    }

    static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func lastComponent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}
