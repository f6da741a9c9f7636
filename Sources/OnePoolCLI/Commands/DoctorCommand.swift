import Foundation
import ArgumentParser
import OnePoolStore

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Verify every journal segment and snapshot, and explain any damage.",
        discussion: "Reads everything, changes nothing. Exits 1 if anything is damaged.")

    @OptionGroup var options: StoreOptions

    func run() throws {
        let findings = StoreDoctor.examine(at: options.resolvedPath)
        for finding in findings {
            print("\(finding.severity.rawValue.uppercased().padding(toLength: 7, withPad: " ", startingAt: 0)) \(finding.file)")
            print("        \(finding.message)")
        }
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.filter { $0.severity == .warning }.count
        print(errors == 0 ? "Store is sound (\(warnings) warning(s))." : "\(errors) problem(s) found.")
        if errors > 0 { throw ExitCode(1) }
    }
}

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Write a snapshot of the current state so the store opens fast.",
        discussion: "Snapshots are also written automatically every 100,000 events. The two newest are kept.")

    @OptionGroup var options: StoreOptions

    func run() throws {
        let store = try options.openStore()
        let file = try store.writeSnapshot()
        print("Wrote \(file) (state after event \(store.state.lastSequence))")
    }
}
