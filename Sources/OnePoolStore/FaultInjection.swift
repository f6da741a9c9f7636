#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A test seam in the store's file layer: every write, sync, truncate, rename and file creation
/// asks it first, so a test can make the n-th of them fail (as a full disk or a dying device
/// would) and check that the store either kept the change durably or kept none of it.
///
/// Never armed in normal use: `FaultInjection.arm` is called only by tests. When it is not
/// armed, the cost of a check is one atomic load.
public enum FaultInjection {
    /// The operations a fault can be injected into.
    public enum Operation: String, Sendable, CaseIterable {
        case create, write, sync, truncate, rename, remove
    }

    /// What the armed seam does: fail the calls numbered in `failAt` (counting from 1 over the
    /// operations in `operations`) with `errno`, and, when `failAfter` is set, every call after
    /// the last of them.
    public struct Plan: Sendable {
        public var failAt: Set<Int>
        public var operations: Set<Operation>
        public var errorNumber: Int32
        public var failAfter: Bool

        public init(
            failAt: Set<Int>, operations: Set<Operation> = Set(Operation.allCases), errorNumber: Int32 = EIO,
            failAfter: Bool = false
        ) {
            self.failAt = failAt
            self.operations = operations
            self.errorNumber = errorNumber
            self.failAfter = failAfter
        }

        public init(failAt: Int, operations: Set<Operation> = Set(Operation.allCases), errorNumber: Int32 = EIO, failAfter: Bool = false) {
            self.init(failAt: [failAt], operations: operations, errorNumber: errorNumber, failAfter: failAfter)
        }
    }

    private struct Armed {
        var plan: Plan
        var count = 0
        var failed: [String] = []
    }

    private static let armed = Mutex<Armed?>(nil)
    private static let isArmed = Atomic<Bool>(false)

    /// Arms the seam for the calls that follow; `disarm` returns what failed.
    public static func arm(_ plan: Plan) {
        armed.withLock { $0 = Armed(plan: plan) }
        isArmed.store(true, ordering: .sequentiallyConsistent)
    }

    /// Disarms the seam; returns the operations that were made to fail and how many were counted.
    @discardableResult
    public static func disarm() -> (failed: [String], counted: Int) {
        isArmed.store(false, ordering: .sequentiallyConsistent)
        return armed.withLock { state in
            defer { state = nil }
            return (state?.failed ?? [], state?.count ?? 0)
        }
    }

    /// The errno to fail `operation` on `path` with, or nil to let it run.
    static func fault(_ operation: Operation, _ path: String) -> Int32? {
        guard isArmed.load(ordering: .relaxed) else { return nil }
        return armed.withLock { state -> Int32? in
            guard var current = state, current.plan.operations.contains(operation) else { return nil }
            current.count += 1
            let fails = current.plan.failAt.contains(current.count)
                || (current.plan.failAfter && current.count > (current.plan.failAt.max() ?? .max))
            if fails { current.failed.append("\(operation.rawValue) \(path)") }
            state = current
            return fails ? current.plan.errorNumber : nil
        }
    }
}
