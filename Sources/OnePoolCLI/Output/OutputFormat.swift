import ArgumentParser

/// How a read verb prints: aligned text for people, CSV for spreadsheets, JSON for scripts.
public enum OutputFormat: String, CaseIterable, ExpressibleByArgument, Sendable {
    case table, csv, json
}

/// The `--format` option of read verbs.
public struct FormatOptions: ParsableArguments {
    @Option(help: "Output format.")
    public var format: OutputFormat = .table

    public init() {}
}
