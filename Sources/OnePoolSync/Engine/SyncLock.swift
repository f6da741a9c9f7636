import Foundation
import OnePoolCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One sync process per channel and store: a second `onepool sync` of the same channel (a
/// cron job overlapping a service) is refused instead of racing the first for the cursor.
/// The lock is an flock on STORE/sync/CHANNEL.lock, released when the process ends, however.
public final class SyncLock: @unchecked Sendable {
    private var descriptors: [Int32] = []

    public init() {}

    /// Takes the lock of each channel, or throws naming the one another process holds.
    public func acquire(directory: String, channels: [ChannelName]) throws {
        _ = mkdir(directory, 0o700)
        for channel in channels {
            let path = "\(directory)/\(channel).lock"
            let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                throw PrivateFile.Problem("\(path): cannot open the sync lock: \(String(cString: strerror(errno)))")
            }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                close(fd)
                throw PrivateFile.Problem(
                    "another `onepool sync` is syncing \(channel) in this store already (lock \(path))")
            }
            descriptors.append(fd)
        }
    }

    deinit { for fd in descriptors { close(fd) } }
}
