import ArgumentParser
import Foundation
import OnePoolConsole

/// `onepool`'s `main`: the parser with OnePool's additions around it — negative numbers as
/// values, "did you mean" for a mistyped verb, and errors printed safely (a control character
/// quoted from a file or a store is shown escaped, not sent to the terminal).
public enum EntryPoint {
    public static func main(_ arguments: [String]) -> Never {
        let words = NegativeNumbers.protect(arguments)
        if let problem = VerbSuggestion.problem(in: words) {
            FileHandle.standardError.write(Data("Error: \(TerminalText.escaped(problem))\n".utf8))
            exit(ExitCode.validationFailure.rawValue)
        }
        do {
            var command = try OnePoolCommand.parseAsRoot(words)
            try command.run()
            exit(0)
        } catch {
            let code = OnePoolCommand.exitCode(for: error)
            let message = OnePoolCommand.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
            } else if !message.isEmpty {
                let shown = TerminalText.escapedKeepingLines(message.replacingOccurrences(of: NegativeNumbers.minus, with: "-"))
                FileHandle.standardError.write(Data((shown + "\n").utf8))
            }
            exit(code.rawValue)
        }
    }
}
