import ArgumentParser
import Foundation
import OnePoolChannels
import OnePoolConsole
import OnePoolCore
import OnePoolStore

/// `onepool`'s `main`: the parser with OnePool's additions around it — negative numbers as
/// values, "did you mean" for a mistyped verb, and errors printed safely (a control character
/// quoted from a file or a store is shown escaped, not sent to the terminal).
public enum EntryPoint {
    public static func main(_ arguments: [String]) -> Never {
        do {
            var command = try parse(arguments)
            try command.run()
            exit(0)
        } catch {
            let (code, message) = report(error)
            if code == .success {
                if !message.isEmpty { say(message) }
            } else if !message.isEmpty {
                FileHandle.standardError.write(Data((message + "\n").utf8))
            }
            exit(code.rawValue)
        }
    }

    /// The command the words name, parsed and checked (ranges included), as `main` runs it.
    static func parse(_ arguments: [String]) throws -> ParsableCommand {
        let words = NegativeNumbers.protect(arguments)
        if let problem = VerbSuggestion.problem(in: words) { throw UnknownVerb(message: problem) }
        return try OnePoolCommand.parseAsRoot(words)
    }

    /// The exit code and the message for an error, as printed (control characters escaped).
    static func report(_ error: Error) -> (code: ExitCode, message: String) {
        if let unknown = error as? UnknownVerb {
            return (.validationFailure, "Error: \(TerminalText.escaped(unknown.message))")
        }
        let error = inCommandLineWords(error)
        let message = OnePoolCommand.fullMessage(for: error)
        let code = OnePoolCommand.exitCode(for: error)
        guard code != .success else { return (code, message) }
        return (
            code, TerminalText.escapedKeepingLines(message.replacingOccurrences(of: NegativeNumbers.minus, with: "-"))
        )
    }

    /// A refusal says what is wrong (Core); here it also says what to type to fix it.
    static func inCommandLineWords(_ error: Error) -> Error {
        switch error {
        case StoreError.refused(let refusal), IntentRefusal.refused(let refusal): CLIError(refusal.commandLineText)
        case let refusal as Refusal: CLIError(refusal.commandLineText)
        default: error
        }
    }

    struct UnknownVerb: Error {
        var message: String
    }
}
