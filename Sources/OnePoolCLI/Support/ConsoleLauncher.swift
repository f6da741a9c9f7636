import ArgumentParser
import Foundation
import OnePoolConsole
import OnePoolConsoleRuntime
import OnePoolCore
import OnePoolStore

/// Opens the console on a store when there is a terminal to draw on.
enum ConsoleLauncher {
    /// Both ends are a terminal the console can draw on: a person is at the keyboard (not a
    /// pipe, cron or a test). When both ends are a terminal that cannot hold the console
    /// (TERM=dumb, a type terminfo does not know), says why in one line on stderr — the caller
    /// prints the summary a pipe gets instead.
    static var isInteractive: Bool {
        guard isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 else { return false }
        if let problem = NcursesTerminal.problem() {
            Console.note(
                "onepool: no console here: \(problem); printing the overview instead (set TERM, e.g. TERM=xterm-256color)"
            )
            return false
        }
        return true
    }

    /// `--theme`, else `$ONEPOOL_THEME`, else "default".
    static func themeName(_ option: String?) -> String {
        if let option, !option.isEmpty { return option }
        if let fromEnvironment = ProcessInfo.processInfo.environment["ONEPOOL_THEME"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return "default"
    }

    /// Runs the console; its notices are printed once the terminal is restored. Ended by a
    /// signal or Ctrl-C, the process exits 128 + the signal's number (130, 143, 129).
    static func run(store: Store, theme: String?, actor: UserName) throws {
        let environment = ProcessInfo.processInfo.environment
        let catalog = ThemeCatalog(environment: environment, executablePath: CommandLine.arguments[0])
        let terminal = NcursesTerminal(
            theme: Theme.builtIn, wantColor: (environment["NO_COLOR"] ?? "").isEmpty, environment: environment)
        let runtime = ConsoleRuntime(
            store: store, terminal: terminal, themeName: themeName(theme), catalog: catalog, actor: actor,
            environment: environment)
        let reason: ExitReason
        do {
            reason = try runtime.run()
        } catch {
            runtime.notices.forEach(Console.warn)
            throw error
        }
        runtime.notices.forEach(Console.warn)
        if reason.exitCode != 0 { throw ExitCode(reason.exitCode) }
    }
}
