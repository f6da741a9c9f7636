import ArgumentParser
import Foundation
import OnePoolConsole
import OnePoolStore

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Write a snapshot of the current state so the store opens fast.",
        discussion: "Snapshots are also written automatically every 100,000 events. The two newest are kept.")

    @OptionGroup var options: StoreOptions

    func run() throws {
        let store = try options.openStore()
        let file = try store.writeSnapshot()
        say("Wrote \(file) (state after event \(store.state.lastSequence))")
    }
}
