import ArgumentParser
import Foundation
import OnePoolConsole

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

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(TerminalText.escapedKeepingLines(message))\n".utf8))
    }
}

/// Prints a line of prose on standard output with control characters escaped (see `Console`).
func say(_ text: String) {
    print(TerminalText.escapedKeepingLines(text))
}
