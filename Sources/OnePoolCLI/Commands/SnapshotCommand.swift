import ArgumentParser
import Foundation
import OnePoolConsole
import OnePoolCore
import OnePoolStore

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract:
            "Write a snapshot of the current state and the history checkpoint, so the store opens and reads fast.",
        discussion: """
            Snapshots are also written automatically every 100,000 events. This verb also writes the history \
            checkpoint (the demand history, stock-out days, expected arrivals, recent channel sales and returns \
            folded from the journal), extending the last one by the journal after it: `reorder`, `briefing` and \
            the forecasts then read only the journal after it. Run it nightly (cron) on a busy store. The two \
            newest of each are kept.
            """)

    @OptionGroup var options: StoreOptions

    func run() throws {
        let store = try options.openStore()
        let file = try store.writeSnapshot()
        say("Wrote \(file) (state after event \(store.state.lastSequence))")
        let history = try HistoryCheckpointWriting.write(store)
        history.warnings.forEach(Console.warn)
        if let path = history.path {
            let from =
                history.extended.map { "extending the one after event \($0.sequence)" } ?? "from the whole journal"
            say("Wrote \(path) (history after event \(history.sequence), \(from))")
        } else if history.sequence > 0 {
            say("The history checkpoint after event \(history.sequence) is current")
        }
    }
}
