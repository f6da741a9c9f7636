import ArgumentParser
import Foundation
import OnePoolCore
import OnePoolStore

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Generate a realistic demo store from a seed and show it.",
        discussion: """
            The demo store lives in its own directory (default: the 'demo' store next to the default \
            one), so it never touches your real store. Run it again to reopen it; --force regenerates it.
            """)

    @Option(help: ArgumentHelp("Store directory for the demo (default: $XDG_DATA_HOME/onepool/demo or ~/.local/share/onepool/demo).", valueName: "dir"))
    var store: String?
    @Option(help: "Random seed: the same seed gives the same store.") var seed: UInt64 = 42
    @Option(help: "Number of SKUs (at least 10).") var skus: Int = 300
    @Option(help: "Days of history.") var days: Int = 730
    @Flag(help: "Replace an existing demo store.") var force = false
    @Flag(help: "Print a summary instead of opening the console.") var noConsole = false

    func run() throws {
        let location = StoreLocation.resolve(explicit: store, environment: ProcessInfo.processInfo.environment, name: "demo")
        guard skus >= 10, skus <= 100_000 else { throw CLIError("--skus must be between 10 and 100000") }
        guard days >= 14, days <= 3650 else { throw CLIError("--days must be between 14 and 3650") }
        throw CLIError("the demo generator is not built yet (store would be \(location.path), seed \(seed))")
    }
}
