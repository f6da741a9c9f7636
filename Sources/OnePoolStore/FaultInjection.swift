import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

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
    /// operations in `operations` on paths under `under`) with `errno`, and, when `failAfter` is
    /// set, every call after the last of them. `under` keeps a test's faults to its own store:
    /// tests in other suites run in the same process at the same time.
    public struct Plan: Sendable {
        public var failAt: Set<Int>
        public var operations: Set<Operation>
        public var errorNumber: Int32
        public var failAfter: Bool
        /// A path prefix ("" = every path).
        public var under: String

        public init(
            failAt: Set<Int>, operations: Set<Operation> = Set(Operation.allCases), errorNumber: Int32 = EIO,
            failAfter: Bool = false, under: String = ""
        ) {
            self.failAt = failAt
            self.operations = operations
            self.errorNumber = errorNumber
            self.failAfter = failAfter
            self.under = under
        }

        public init(
            failAt: Int, operations: Set<Operation> = Set(Operation.allCases), errorNumber: Int32 = EIO,
            failAfter: Bool = false, under: String = ""
        ) {
            self.init(
                failAt: [failAt], operations: operations, errorNumber: errorNumber, failAfter: failAfter, under: under)
        }
    }

    private struct Armed {
        var plan: Plan
        var count = 0
        var failed: [String] = []
    }

    /// The armed plans by their `under` prefix (one per test's store).
    private static let armed = Mutex<[String: Armed]>([:])
    private static let isArmed = Atomic<Bool>(false)

    /// Arms the seam for the calls that follow under `plan.under`; `disarm` returns what failed.
    public static func arm(_ plan: Plan) {
        armed.withLock { $0[plan.under] = Armed(plan: plan) }
        isArmed.store(true, ordering: .sequentiallyConsistent)
    }

    /// Disarms the plan armed for `under`; returns the operations that were made to fail and how
    /// many were counted.
    @discardableResult
    public static func disarm(under: String = "") -> (failed: [String], counted: Int) {
        armed.withLock { plans in
            let state = plans.removeValue(forKey: under)
            isArmed.store(!plans.isEmpty, ordering: .sequentiallyConsistent)
            return (state?.failed ?? [], state?.count ?? 0)
        }
    }

    /// The errno to fail `operation` on `path` with, or nil to let it run.
    static func fault(_ operation: Operation, _ path: String) -> Int32? {
        guard isArmed.load(ordering: .relaxed) else { return nil }
        return armed.withLock { plans -> Int32? in
            guard let under = plans.keys.first(where: { path.hasPrefix($0) }), var current = plans[under],
                current.plan.operations.contains(operation)
            else { return nil }
            current.count += 1
            let fails =
                current.plan.failAt.contains(current.count)
                || (current.plan.failAfter && current.count > (current.plan.failAt.max() ?? .max))
            if fails { current.failed.append("\(operation.rawValue) \(path)") }
            plans[under] = current
            return fails ? current.plan.errorNumber : nil
        }
    }
}
