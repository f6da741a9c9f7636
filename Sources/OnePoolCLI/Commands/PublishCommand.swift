import ArgumentParser
import Foundation
import OnePoolChannels
import OnePoolCore
import OnePoolStore

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Write a channel's quantity upload file from its allocation, and record what was sent.",
        discussion: """
            Each listing gets ⌊allocation / pack⌋. Only listings whose quantity changed since the last \
            publish are written, unless --full. The file is in the channel's format (`onepool channel set \
            C --format`): Shopify inventory CSV, Amazon Price & Quantity (tab-separated), or generic CSV. \
            Cells a spreadsheet would run as formulas are escaped.
            Examples:
              onepool publish --channel amazon --out amazon-quantities.txt
              onepool publish --channel shopify --full --location "Main Warehouse"
            """)

    @OptionGroup var options: StoreOptions
    @Option(help: "The channel.") var channel: String
    @Option(help: "The file to write (default: standard output).") var out: String?
    @Flag(help: "Every listing, not only those that changed.") var full = false
    @Flag(help: "Write the file but do not record it as published.") var dryRun = false
    @Option(help: "Shopify location the quantities are for.") var location = "Main Warehouse"

    func run() throws {
        let store = try options.openStore()
        guard let settings = store.state.channelSettings[channel] else { throw StoreError.refused(.unknownChannel(channel)) }
        // Decide, write the file and record it under the lock, so what is recorded is exactly what
        // the file says; a file written but not recorded (a failed commit) is only sent again.
        func render(_ lines: [PublishLine]) -> String {
            UploadWriter.file(lines, channel: channel, format: settings.format, location: location)
        }
        func deliver(_ text: String) throws {
            if let out {
                guard FileManager.default.createFile(atPath: out, contents: Data(text.utf8)) else { throw CLIError("cannot write \(out)") }
            } else {
                print(text, terminator: "")
            }
        }
        let count: Int
        if dryRun {
            let lines = PublishPlan.make(state: store.state, channel: channel, full: full)
            try deliver(render(lines))
            count = lines.count
        } else {
            let commit = try store.transact(actor: options.actorName, time: Clock.now()) { state in
                let lines = PublishPlan.make(state: state, channel: channel, full: full)
                try deliver(render(lines))
                return (PublishPlan.changes(lines, channel: channel), lines.count)
            }
            count = commit.result
        }
        if let out {
            Console.note("Wrote \(count) listing(s) for \(channel) (\(settings.format.rawValue) format) to \(out)" + (dryRun ? " (dry run: not recorded)" : ""))
        }
    }
}
