#if canImport(Glibc)
    import Glibc
#endif

/// The permissions new files and directories of a store get: owner-only, or shared with the
/// store's group (`onepool init --group`).
struct FileModes: Equatable {
    var file: mode_t
    var directory: mode_t

    static let ownerOnly = FileModes(file: 0o600, directory: 0o700)
    /// Group read-write, nothing for others; directories carry the setgid bit so that new files
    /// inherit the group.
    static let groupShared = FileModes(file: 0o660, directory: 0o2770)
}

/// File-system helpers for directories and whole files.
enum FileSystem {
    /// What `lstat`/`stat` found at a path, keeping "permission denied" apart from "missing".
    enum Status {
        case missing
        case found(stat)
        case inaccessible(code: Int32)
    }

    static func status(_ path: String, followLink: Bool = true) -> Status {
        var info = stat()
        let result = followLink ? stat(path, &info) : lstat(path, &info)
        if result == 0 { return .found(info) }
        let code = errno
        return code == ENOENT || code == ENOTDIR ? .missing : .inaccessible(code: code)
    }

    static func exists(_ path: String) -> Bool {
        if case .missing = status(path, followLink: false) { return false }
        return true
    }

    static func isDirectory(_ path: String) -> Bool {
        guard case .found(let info) = status(path) else { return false }
        return (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Creates the directory with `mode` (and any missing parents, owner-only).
    static func makeDirectory(_ path: String, mode: mode_t = 0o700) throws(StoreError) {
        if isDirectory(path) { return }
        let parent = parentDirectory(of: path)
        if !parent.isEmpty && parent != path { try makeDirectory(parent) }
        if let code = FaultInjection.fault(.create, path) {
            throw StoreError.io(path: path, operation: "create directory", code: code)
        }
        if mkdir(path, mode) != 0 {
            guard errno == EEXIST else { throw StoreError.io(path: path, operation: "create directory", code: errno) }
            return
        }
        // mkdir's mode is narrowed by the umask and ignores the setgid bit on some systems.
        guard chmod(path, mode) == 0 else { throw StoreError.io(path: path, operation: "chmod", code: errno) }
    }

    /// fsync on the directory, so a new or renamed entry survives power loss.
    static func syncDirectory(_ path: String) throws(StoreError) {
        if let code = FaultInjection.fault(.sync, path) {
            throw StoreError.io(path: path, operation: "fsync directory", code: code)
        }
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

    static func list(orEmpty path: String) -> [String] {
        (try? list(path)) ?? []
    }

    static func rename(_ from: String, to: String) throws(StoreError) {
        if let code = FaultInjection.fault(.rename, from) {
            throw StoreError.io(path: from, operation: "rename to \(to)", code: code)
        }
        guard Glibc.rename(from, to) == 0 else {
            throw StoreError.io(path: from, operation: "rename to \(to)", code: errno)
        }
    }

    /// Removes a file; a failure is ignored (used only for files whose loss costs nothing:
    /// old snapshots and temporaries).
    static func remove(_ path: String) {
        if FaultInjection.fault(.remove, path) != nil { return }
        _ = unlink(path)
    }

    /// The prefix of every temporary file a store writes: `.tmp-<pid>-<random>-<final name>`.
    static let temporaryPrefix = ".tmp-"

    /// Writes a whole file crash-safely: a new temporary file (created exclusively, under a
    /// random name, never through a link), fsync, rename into place, fsync the directory. After
    /// a crash the file is either the old one or the complete new one.
    static func writeAtomically(_ bytes: [UInt8], to path: String, permissions: mode_t = 0o600) throws(StoreError) {
        let directory = parentDirectory(of: path)
        var random = SystemRandomNumberGenerator()
        let token = String(random.next() as UInt64, radix: 16)
        let temporary = "\(directory)/\(temporaryPrefix)\(getpid())-\(token)-\(lastComponent(of: path))"
        let file = try PosixFile.open(temporary, .createNew(permissions: permissions))
        do {
            try file.write(bytes, at: 0)
            try file.syncAll()
            try rename(temporary, to: path)
        } catch {
            remove(temporary)
            throw error
        }
        try syncDirectory(directory)
    }

    /// Removes the temporary files in `directory` left by writers that died (their process no
    /// longer exists). A live process's temporary is never touched: it may be mid-write.
    /// Returns the names removed.
    @discardableResult
    static func removeStaleTemporaries(in directory: String) -> [String] {
        var removed: [String] = []
        for name in list(orEmpty: directory) where name.hasPrefix(temporaryPrefix) {
            let digits = name.dropFirst(temporaryPrefix.count).prefix { $0.isNumber }
            guard let pid = Int32(digits), pid > 0, !processIsAlive(pid) else { continue }
            remove("\(directory)/\(name)")
            removed.append(name)
        }
        return removed
    }

    static func processIsAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
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
