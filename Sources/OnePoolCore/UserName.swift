/// Who made a change: the operator's OS user name (or the one `--actor` / ONEPOOL_ACTOR gives),
/// or a process's own name ("sync", "demo"). Recorded on every journal event, and what approval
/// limits are kept by.
public struct UserName: TextIdentifier {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
}
