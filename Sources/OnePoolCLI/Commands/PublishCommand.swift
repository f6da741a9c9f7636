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
            Listing ids and SKUs are written byte for byte: the channel matches them exactly.

            Without --out the file is only printed, and nothing is recorded: looking changes nothing. \
            With --out (or --record, to record what is printed) the listings are recorded as published, \
            so the next publish sends only what changed since.

            A channel that has never been offered stock is not set to 0: if OnePool's first word to it \
            would take listings offline (a channel starved by those served before it, see \
            `onepool allocation`), publishing is refused unless --allow-zero.
            Examples:
              onepool publish --channel amazon
              onepool publish --channel amazon --out amazon-quantities.txt
              onepool publish --channel shopify --full --location "Main Warehouse" --out shopify.csv
            """)

    @OptionGroup var options: StoreOptions
    @Option(help: "The channel.") var channel: ChannelName
    @Option(help: "The file to write, and record as published (default: print it, record nothing).") var out: String?
    @Flag(help: "Every listing, not only those that changed.") var full = false
    @Flag(help: "With --out: write the file but do not record it as published.") var dryRun = false
    @Flag(help: "Record what is printed as published (without --out).") var record = false
    @Flag(help: "Set listings of a channel never offered stock to 0 all the same.") var allowZero = false
    @Option(help: "Shopify location the quantities are for.") var location = "Main Warehouse"
    @Option(
        help: ArgumentHelp(
            "Shopify: your latest inventory export; its rows for --location are written back with \"On hand (new)\" filled in, so Shopify can match them by handle.",
            valueName: "file")) var template: String?

    func run() throws {
        let store = try options.openStore()
        guard let settings = store.state.channelSettings[channel] else {
            throw StoreError.refused(.unknownChannel(channel))
        }
        // Decide, write the file and record it under the lock, so what is recorded is exactly what
        // the file says; a file written but not recorded (a failed commit) is only sent again.
        let templateFile = try template.map { try readDelimited($0) }
        if templateFile != nil && settings.format != .shopify {
            throw CLIError("--template is for Shopify channels; \(channel) speaks \(settings.format.rawValue)")
        }
        /// The file, and the lines it really carries (a template may lack some listings: those
        /// are not recorded as published, so they are sent again next time).
        func render(_ lines: [PublishLine]) throws -> (text: String, sent: [PublishLine]) {
            guard let templateFile else {
                return (UploadWriter.file(lines, channel: channel, format: settings.format, location: location), lines)
            }
            let (text, missing) = try UploadWriter.shopifyInventory(lines, location: location, template: templateFile)
            if !missing.isEmpty {
                Console.warn(
                    "\(missing.count) listing(s) are not in \(templateFile.file) at \(location) and were left out: \(missing.prefix(5).joined(separator: ", "))\(missing.count > 5 ? ", …" : "")"
                )
            }
            let left = Set(missing)
            return (text, lines.filter { !left.contains($0.listing) })
        }
        func deliver(_ text: String) throws {
            if let out {
                guard FileManager.default.createFile(atPath: out, contents: Data(text.utf8)) else {
                    throw CLIError("cannot write \(out)")
                }
            } else {
                emit(text, terminator: "")
            }
        }
        if dryRun && record { throw CLIError("--dry-run and --record contradict each other: give one") }
        /// The plan, checked by the one guard every push passes (`StockState.checkZeroing`).
        func plan(_ state: StockState) throws -> [PublishLine] {
            let lines = PublishPlan.make(state: state, channel: channel, full: full)
            let guarded = Result { () throws(Refusal) in
                try state.checkZeroing(
                    channel: channel, quantities: lines.map { ($0.listing, $0.quantity) }, allowZero: allowZero)
            }
            if case .failure(let refusal) = guarded { throw StoreError.refused(refusal) }
            return lines
        }
        let recording = (out != nil && !dryRun) || record
        let count: Int
        if !recording {
            let (text, sent) = try render(try plan(store.state))
            try deliver(text)
            count = sent.count
        } else {
            let commit = try store.transact(actor: try options.actor(.operator), time: Clock.now()) { state in
                let (text, sent) = try render(try plan(state))
                try deliver(text)
                return (PublishPlan.changes(sent, channel: channel), sent.count)
            }
            count = commit.result
        }
        let note = recording ? "" : " (not recorded: \(out == nil ? "printing only; --out FILE records" : "dry run"))"
        if let out {
            let format = settings.format.rawValue
            Console.note("Wrote \(count) listing(s) for \(channel) (\(format) format) to \(out)\(note)")
        } else {
            Console.note("\(count) listing(s) for \(channel)\(note)")
        }
    }
}
