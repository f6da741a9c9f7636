import Foundation
import OnePoolConsole
import OnePoolConsoleRuntime
import OnePoolStore

/// Opens the console on a store when there is a terminal to draw on.
enum ConsoleLauncher {
    /// Both ends are a terminal: a person is at the keyboard (not a pipe, cron or a test).
    static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// `--theme`, else `$ONEPOOL_THEME`, else "default".
    static func themeName(_ option: String?) -> String {
        if let option, !option.isEmpty { return option }
        if let fromEnvironment = ProcessInfo.processInfo.environment["ONEPOOL_THEME"], !fromEnvironment.isEmpty { return fromEnvironment }
        return "default"
    }

    static func run(store: Store, theme: String?, actor: String) throws {
        let environment = ProcessInfo.processInfo.environment
        let catalog = ThemeCatalog(environment: environment, executablePath: CommandLine.arguments[0])
        let runtime = ConsoleRuntime(store: store, themeName: themeName(theme), catalog: catalog, actor: actor, environment: environment)
        defer { runtime.notices.forEach(Console.warn) }
        try runtime.run()
    }
}
