#if canImport(Glibc)
    import Glibc
#endif

/// Whether a directory a writer lists under the lock on every commit (for dead writers'
/// temporaries, for damaged pieces) may hold anything new since the last listing: one `stat`
/// instead of open, fstat, two getdents and close each time.
///
/// Adding, removing or renaming an entry changes a directory's modification time, but file
/// times come from a coarse clock (a tick of a few milliseconds; a second or two on some file
/// systems): an entry added in the tick of a listing can leave the time as it was. So a
/// directory's stamp is kept only when it had been still for `settling` before it was listed;
/// until then it is listed every time. Anything added after such a listing gets a later time.
struct DirectoryWatch {
    /// What `stat` says of a directory that changes whenever an entry is added or removed.
    struct Stamp: Equatable {
        var device: UInt64
        var inode: UInt64
        var modified: timespec
        var changed: timespec

        static func == (lhs: Stamp, rhs: Stamp) -> Bool {
            lhs.device == rhs.device && lhs.inode == rhs.inode && lhs.modified.tv_sec == rhs.modified.tv_sec
                && lhs.modified.tv_nsec == rhs.modified.tv_nsec && lhs.changed.tv_sec == rhs.changed.tv_sec
                && lhs.changed.tv_nsec == rhs.changed.tv_nsec
        }

        /// The later of the two times, in nanoseconds since 1970.
        var lastChange: Int64 { max(Self.nanoseconds(modified), Self.nanoseconds(changed)) }

        static func nanoseconds(_ time: timespec) -> Int64 {
            let (seconds, overflow) = Int64(time.tv_sec).multipliedReportingOverflow(by: 1_000_000_000)
            return overflow ? .max : seconds.addingReportingOverflow(Int64(time.tv_nsec)).partialValue
        }
    }

    /// How long a directory must have been still before its stamp is trusted: more than any file
    /// system's time granularity (FAT's is two seconds).
    static let settling: Int64 = 3_000_000_000

    /// The stamps of directories listed after they had settled.
    private var settled: [String: Stamp] = [:]

    /// Whether `directory` must be listed now: unless it is exactly as it was at a listing it had
    /// already settled for. The caller lists it whenever this returns true.
    mutating func needsListing(_ directory: String) -> Bool {
        guard case .found(let info) = FileSystem.status(directory) else {
            settled[directory] = nil
            return true
        }
        let stamp = Stamp(
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino), modified: info.st_mtim, changed: info.st_ctim)
        if settled[directory] == stamp { return false }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        settled[directory] = stamp.lastChange < Stamp.nanoseconds(now) - Self.settling ? stamp : nil
        return true
    }
}
