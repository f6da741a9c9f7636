import ArgumentParser
import Foundation
import OnePoolConsole
import OnePoolStore

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Verify every journal segment and snapshot, and explain any damage.",
        discussion: """
            Reads everything and changes nothing: each record's checksum, the sequence, each \
            snapshot against the journal and a full replay, every event's values against the \
            bounds OnePool accepts, and what any damaged piece set aside holds. Exits 1 if the \
            store would not open.

            A writer that finds an unfinished or damaged end of the journal moves it aside to \
            journal/damaged-<segment>-<offset>.bin (never deleting it) and every verb warns until \
            you have looked: --ack then moves the pieces to journal/acknowledged/. If a write failed \
            and could not be undone, writes stop until --repair sets its bytes aside the same way.
            """)

    @OptionGroup var options: StoreOptions
    @OptionGroup var output: FormatOptions

    @Flag(help: "Mark the damaged pieces shown as looked at (moves them to journal/acknowledged/).")
    var ack = false

    @Flag(help: "After a write that failed and could not be undone: set its bytes aside and allow writes again.")
    var repair = false

    func run() throws {
        if repair {
            let store = try Store.open(at: options.resolvedPath)
            let outcome = try store.repairAfterFailedWrite()
            say(
                outcome.map { "Repaired: \($0). Writes are allowed again." }
                    ?? "Nothing to repair: writes were not stopped.")
        }
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
            say(report.sound ? sound : "\(report.errors) problem(s) found.")
        case .csv: emit(Output.rows(report.findings, format: .csv))
        case .json: emit(Output.json(report))
        }
        if ack {
            // After the report, so what was acknowledged is what the operator was shown.
            let moved = try Store.open(at: options.resolvedPath).acknowledgeDamage()
            let text =
                moved.isEmpty
                ? "No damaged pieces to acknowledge."
                : "Acknowledged \(moved.count) damaged piece(s): moved to journal/acknowledged/."
            if output.format == .table { say(text) } else { Console.warn(text) }
        }
        if !report.sound { throw ExitCode(1) }
    }
}
