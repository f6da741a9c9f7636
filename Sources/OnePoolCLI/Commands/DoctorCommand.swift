import ArgumentParser
import Foundation
import OnePoolConsole
import OnePoolStore

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Verify every journal segment and snapshot, and explain any damage.",
        discussion: "Reads everything, changes nothing. Exits 1 if anything is damaged.")

    @OptionGroup var options: StoreOptions
    @OptionGroup var output: FormatOptions

    func run() throws {
        let findings = StoreDoctor.examine(at: options.resolvedPath)
        let errors = findings.filter { $0.severity == .error }.count
        let report = DoctorReport(
            store: options.resolvedPath, sound: errors == 0, errors: errors,
            warnings: findings.filter { $0.severity == .warning }.count,
            findings: findings.map {
                DoctorFinding(severity: Identifier($0.severity.rawValue), file: $0.file, message: $0.message)
            })
        switch output.format {
        case .table:
            for finding in report.findings {
                say("\(TerminalText.padded(finding.severity.raw.uppercased(), to: 7)) \(finding.file)")
                say("        \(TerminalText.escaped(finding.message))")
            }
            let sound = "Store is sound (\(report.warnings) warning(s))."
            print(report.sound ? sound : "\(report.errors) problem(s) found.")
        case .csv: print(Output.rows(report.findings, format: .csv))
        case .json: print(Output.json(report))
        }
        if !report.sound { throw ExitCode(1) }
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
        say("Wrote \(file) (state after event \(store.state.lastSequence))")
    }
}
