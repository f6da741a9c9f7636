/// One thing wrong with an input file, located the way editors jump to it:
/// `file:line:column: what was expected`.
public struct ImportProblem: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    /// 1-based field number, or nil when the problem is the whole line or file.
    public var column: Int?
    public var message: String

    public init(file: String, line: Int, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        "\(file):\(line):" + (column.map { "\($0):" } ?? "") + " \(message)"
    }
}

/// A file that cannot be imported: every problem found, in file order.
public struct ImportFailure: Error, Sendable, CustomStringConvertible {
    public var problems: [ImportProblem]

    public init(_ problems: [ImportProblem]) {
        self.problems = problems.sorted { ($0.line, $0.column ?? 0) < ($1.line, $1.column ?? 0) }
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
