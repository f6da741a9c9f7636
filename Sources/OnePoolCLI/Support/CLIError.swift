import ArgumentParser
import Foundation
import OnePoolConsole
import OnePoolConsoleRuntime

/// A one-line error for the operator; `run` prints it after "Error: " and exits non-zero.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Lines for the operator's terminal. What they quote (a title, a reason, a file name, a cell)
/// may hold control characters: those are shown escaped (`TerminalText`), never sent raw.
enum Console {
    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("warning: \(TerminalText.escapedKeepingLines(message))\n".utf8))
    }

    /// Standard output is a terminal whose locale does not ask for UTF-8 (LANG=C, unset, a
    /// Latin-1 locale): it would drop or garble `—`, `·` and `…`, so printed text takes the
    /// console's ASCII stand-ins (`LocaleChoice`: the same test the console draws by).
    static let printsASCII: Bool =
        isatty(STDOUT_FILENO) == 1
        && !LocaleChoice.asksForUTF8(LocaleChoice.requested(ProcessInfo.processInfo.environment))

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(TerminalText.escapedKeepingLines(message))\n".utf8))
    }
}

/// The one way a verb prints text for people on standard output (prose, tables, reports, help):
/// control characters escaped (see `Console`), and folded to ASCII for a terminal whose locale
/// is not UTF-8 (`Console.printsASCII`), each character in the columns it took, so a table's
/// columns stay in place. Escaping is idempotent: a table whose cells are escaped already
/// comes out the same.
func say(_ text: String, terminator: String = "\n") {
    let shown = TerminalText.escapedKeepingLines(text)
    print(Console.printsASCII ? TerminalText.foldedToASCII(shown) : shown, terminator: terminator)
}

/// What a read verb prints in the format asked for: a table for people goes through `say`;
/// CSV and JSON are data for another program and are written byte for byte (`emit`).
func show(_ text: String, format: OutputFormat, terminator: String = "\n") {
    if format == .table { say(text, terminator: terminator) } else { emit(text, terminator: terminator) }
}

/// Data for another program (CSV, JSON, markdown, a published file), written as it is: never
/// folded, so what a script reads does not depend on the terminal's locale.
func emit(_ text: String, terminator: String = "\n") {
    print(text, terminator: terminator)
}
