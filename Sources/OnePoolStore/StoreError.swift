#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import OnePoolCore

/// Why the store could not do what was asked, in words that say what to do next.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case noStore(path: String)
    case alreadyExists(path: String)
    case notAStore(path: String, detail: String)
    case newerFormat(path: String, found: UInt32, supported: UInt32)
    case damaged(path: String, offset: Int, detail: String)
    case io(path: String, operation: String, code: Int32)
    case refused(Refusal)

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
            "\(operation) failed for \(path): \(String(cString: strerror(code)))"
        case .refused(let refusal):
            refusal.description
        }
    }
}
