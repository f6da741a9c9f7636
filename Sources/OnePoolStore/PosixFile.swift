#if canImport(Glibc)
    import Glibc
#endif

/// An open file descriptor and the few system calls the store needs, each failing with an
/// error that names the path and the operation.
///
/// Every open refuses to follow a symbolic link (`O_NOFOLLOW`) and refuses anything that is not
/// a regular file: a link planted in a store must never make a writer overwrite another file.
final class PosixFile {
    let path: String
    let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// How to open a file.
    enum Mode {
        /// Read only: what a reader uses for everything, so it works on a read-only store.
        case read
        /// Read and write an existing file (the journal's tail, under the lock).
        case readWrite
        /// Create a new file that must not exist yet, with these permissions.
        case createNew(permissions: mode_t)
        /// Open, or create with these permissions if missing (the lock file).
        case openOrCreate(permissions: mode_t)
    }

    static func open(_ path: String, _ mode: Mode) throws(StoreError) -> PosixFile {
        var flags: Int32 = O_CLOEXEC | O_NOFOLLOW
        var permissions: mode_t = 0o600
        switch mode {
        case .read: flags |= O_RDONLY
        case .readWrite: flags |= O_RDWR
        case .createNew(let mode):
            if let code = FaultInjection.fault(.create, path) {
                throw StoreError.io(path: path, operation: "create", code: code)
            }
            flags |= O_RDWR | O_CREAT | O_EXCL
            permissions = mode
        case .openOrCreate(let mode):
            flags |= O_RDONLY | O_CREAT
            permissions = mode
        }
        let descriptor = Glibc.open(path, flags, permissions)
        guard descriptor >= 0 else {
            let code = errno
            if code == ELOOP { throw StoreError.notRegularFile(path: path, found: "a symbolic link") }
            throw StoreError.io(path: path, operation: "open", code: code)
        }
        let file = PosixFile(path: path, descriptor: descriptor)
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw StoreError.io(path: path, operation: "stat", code: errno) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw StoreError.notRegularFile(path: path, found: FileKind(mode: info.st_mode).description)
        }
        if case .createNew(let mode) = mode {
            // The umask may have narrowed the mode; a group-shared store needs exactly this one.
            guard fchmod(descriptor, mode) == 0 else {
                throw StoreError.io(path: path, operation: "chmod", code: errno)
            }
        }
        return file
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
            do throws(StoreError) { initialized = try read(at: offset, into: UnsafeMutableRawBufferPointer(raw)) } catch
            {
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
        if let code = FaultInjection.fault(.write, path) {
            throw StoreError.io(path: path, operation: "write", code: code)
        }
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
        if let code = FaultInjection.fault(.sync, path) {
            throw StoreError.io(path: path, operation: "fdatasync", code: code)
        }
        guard fdatasync(descriptor) == 0 else { throw StoreError.io(path: path, operation: "fdatasync", code: errno) }
    }

    func syncAll() throws(StoreError) {
        if let code = FaultInjection.fault(.sync, path) {
            throw StoreError.io(path: path, operation: "fsync", code: code)
        }
        guard fsync(descriptor) == 0 else { throw StoreError.io(path: path, operation: "fsync", code: errno) }
    }

    func truncate(to size: Int) throws(StoreError) {
        if let code = FaultInjection.fault(.truncate, path) {
            throw StoreError.io(path: path, operation: "truncate", code: code)
        }
        guard ftruncate(descriptor, off_t(size)) == 0 else {
            throw StoreError.io(path: path, operation: "truncate", code: errno)
        }
    }

    /// Blocks until this process holds the exclusive lock. Released by `unlock` or when the
    /// process dies, so a killed writer never leaves the store locked. (`flock` works on a
    /// descriptor opened read-only, so the lock file never needs to be writable.)
    func lockExclusive() throws(StoreError) {
        while flock(descriptor, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            throw StoreError.io(path: path, operation: "lock", code: errno)
        }
    }

    /// Takes a shared lock if no writer holds the exclusive one; false if a writer is at work.
    func tryLockShared() throws(StoreError) -> Bool {
        while flock(descriptor, LOCK_SH | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            if errno == EWOULDBLOCK { return false }
            throw StoreError.io(path: path, operation: "lock", code: errno)
        }
        return true
    }

    func unlock() {
        _ = flock(descriptor, LOCK_UN)
    }
}

/// What a path turned out to be, for messages that say why it was refused.
enum FileKind: Equatable, CustomStringConvertible {
    case regular, directory, symbolicLink, other

    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symbolicLink
        default: self = .other
        }
    }

    var description: String {
        switch self {
        case .regular: "a regular file"
        case .directory: "a directory"
        case .symbolicLink: "a symbolic link"
        case .other: "a device, pipe or socket"
        }
    }
}
