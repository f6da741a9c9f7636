import OnePoolCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why the store could not do what was asked, in words that say what to do next.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case noStore(path: String)
    case alreadyExists(path: String)
    case notAStore(path: String, detail: String)
    case newerFormat(path: String, found: UInt32, supported: UInt32)
    case damaged(path: String, offset: Int, detail: String)
    case io(path: String, operation: String, code: Int32)
    case refused(Refusal)
    /// A store file that is a link, a directory or a device where a regular file belongs.
    case notRegularFile(path: String, found: String)
    /// The store may not be written by this user: owned by someone else, or writable by others.
    case unsafePermissions(path: String, problem: String, fix: String)
    /// The newest snapshot covers more of the journal than exists: restored from an older backup.
    case journalBehindSnapshot(snapshot: String, covers: String, journalEnds: String)
    /// A write failed and could not be undone: writes wait until `onepool doctor --repair`.
    case needsRepair(detail: String)
    /// The store's metadata holds a value that is not allowed.
    case invalidMetadata(path: String, field: String, value: String, expected: String)
    /// History handed over to be saved was folded to another event than the store's state holds.
    case historyOutOfStep(folded: UInt64, state: UInt64)

    public var description: String {
        switch self {
        case .noStore(let path):
            "no OnePool store at \(path) (create one with `onepool init`, or try `onepool demo`)"
        case .alreadyExists(let path):
            "a OnePool store already exists at \(path)"
        case .notAStore(let path, let detail):
            "\(path) is not a OnePool store: \(detail)"
        case .newerFormat(let path, let found, let supported):
            "\(path) is in store format \(found), newer than this onepool understands (\(supported)); upgrade onepool"
        case .damaged(let path, let offset, let detail):
            "\(path) is damaged at byte \(offset): \(detail). Nothing was changed; run `onepool doctor` for details"
        case .io(let path, let operation, let code):
            "\(operation) failed for \(path): \(String(cString: strerror(code)))\(code == EACCES || code == EPERM ? " (check the store's owner and permissions)" : "")"
        case .refused(let refusal):
            refusal.description
        case .notRegularFile(let path, let found):
            "\(path) is \(found), not a regular file: OnePool never follows links or writes through them inside a store. Nothing was changed; move it away and restore the real file"
        case .unsafePermissions(let path, let problem, let fix):
            "refusing to write: \(path) \(problem). A store holds your sales and only its owner (or the group declared at `onepool init --group`) may change it. Fix: \(fix)"
        case .journalBehindSnapshot(let snapshot, let covers, let journalEnds):
            "the journal is shorter than its newest snapshot: \(snapshot) covers \(covers), but the journal ends at \(journalEnds). The journal was cut or restored from an older backup; showing the snapshot would hide that, and writing would leave a hole. Nothing was changed. Restore the journal segments that reach the snapshot, or move the snapshot out of snapshots/ to accept the shorter journal (`onepool doctor` explains)"
        case .needsRepair(let detail):
            "writes are stopped until `onepool doctor --repair`: \(detail)"
        case .invalidMetadata(let path, let field, let value, let expected):
            "\(path): \(field) is \"\(value)\", expected \(expected). Nothing was changed; correct the file"
        case .historyOutOfStep(let folded, let state):
            "the history was folded to event \(folded), but the store's state is at event \(state); no history checkpoint was written"
        }
    }
}
