import ArgumentParser
import Foundation
import OnePoolChannels
import OnePoolCore
import OnePoolStore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a channel's orders export, or a catalogue with on-hand counts (day one).",
        discussion: """
            The format is recognised from the header unless --format is given:
              shopify            Shopify orders export (CSV, one row per line item)
              amazon             Amazon "All Orders" report (tab-separated); FBA rows are skipped
              generic            channel,order_id,line,sku,qty,unit_price,placed_at,status[,status_at]
              shopify-inventory  Shopify inventory export: creates missing SKUs, counts on hand summed over locations;
                                 Unavailable becomes unsellable, Incoming incoming; Committed is only compared
                                 with what the imported orders commit (a warning when they differ)
              shopify-products   Shopify products export (older or newer headers): titles, prices, costs per item,
                                 barcodes, vendors as suppliers; creates missing SKUs, updates existing ones
              catalogue          sku,title,barcode,cost,price,on_hand: the same for any other system
              amazon-returns     Amazon returns report (seller-fulfilled; tab-separated): rows with a return
                                 delivery date arrive awaiting inspection, matched to the order's shipped line
              returns            channel,order_id,line,sku,qty,reason,return_id,returned_at (line, reason and
                                 return_id may be empty): returns of any channel, awaiting inspection

            Orders: a line still open is committed; a shipped line takes its units off on hand, unless \
            its SKU was counted after it shipped (then it is demand history only); a cancelled line \
            releases its units. Lines whose listing maps to no SKU wait in the unmapped queue. \
            Importing the same file again changes nothing; a newer export applies only what changed.

            A file is applied whole or not at all: every bad row is listed as file:line:column. With \
            --skip-bad the good rows are applied and the bad ones written to a rejects file.

            An orders export streams: memory holds the state it builds, not the file. To refuse an \
            order that comes twice it notes each order's name and id in a scratch file in $TMPDIR (or \
            /tmp; ~50 bytes an order, removed as it is made) and reads the file a second time only if \
            one did. The file must not change meanwhile (its bytes are compared by CRC-32C; it is then \
            refused whole).

            Day one: import the inventory export (--as-of when it was taken) and the products export, \
            then order history.
            Examples:
              onepool import inventory_export.csv --as-of "2024-05-01 09:00"
              onepool import products_export_1.csv --supplier-lead-time 14
              onepool import orders_export.csv --channel shopify --dry-run
              onepool import "All Orders.txt" --channel amazon
            """)

    @OptionGroup var options: StoreOptions
    @Argument(help: "The file to import.") var file: String
    @Option(help: "The channel the orders came from (required for Shopify and Amazon files).") var channel: ChannelName?
    @Option(
        help: ArgumentHelp(
            "shopify, amazon, generic, shopify-inventory, shopify-products, catalogue, amazon-returns or returns "
                + "(default: from header)."))
    var format: String?
    @Flag(help: "Show what would change; write nothing.") var dryRun = false
    @Flag(help: "Apply the good rows and write the bad ones to a rejects file.") var skipBad = false
    @Option(help: "Where --skip-bad writes rejected rows (default: FILE.rejects.csv).") var rejects: String?
    @Option(help: "When the counts in an inventory file were taken (default: now), e.g. 2024-05-01T09:00:00Z.")
    var asOf: String?
    @Option(
        help: OptionRanges.leadTime.help(
            "Products export: vendors that are not suppliers yet become suppliers with this agreed lead time.",
            valueName: "days"),
        transform: OptionRanges.leadTime.read)
    var supplierLeadTime: Int?
    @Flag(
        help: "Amounts in the file use a decimal comma (12,99; 1.299,00). Without it \"12,99\" is refused, never 1299.")
    var decimalComma = false

    func run() throws {
        let progress = Progress(label: file)
        guard FileManager.default.isReadableFile(atPath: file) else {
            throw CLIError("cannot read \(file): no such file or not readable")
        }
        // The header decides what the file is; an order export is then streamed, never read whole.
        var header = try OrderFileImport.header(path: file, file: file)
        header.decimalComma = decimalComma
        let kind = try resolveKind(header)
        let now = Clock.now()
        let store = try options.openStore()
        store.takeNewWarnings().forEach(Console.warn)
        switch kind {
        case .catalogue(let catalogueFormat):
            var table = try DelimitedFile.read(bytes: try readBytes(progress), file: file)
            table.decimalComma = decimalComma
            progress.phase("read \(table.rows.count) rows")
            try importCatalogue(table, format: catalogueFormat, store: store, now: now, progress: progress)
        case .orders(let orderFormat):
            try importOrders(format: orderFormat, store: store, now: now, progress: progress)
        case .returns(let returnFormat):
            let table = try DelimitedFile.read(bytes: try readBytes(progress), file: file)
            try importReturns(table, format: returnFormat, store: store, now: now)
        }
    }

    private enum Kind {
        case orders(OrderFileFormat)
        case catalogue(CatalogueFormat)
        case returns(ReturnFileFormat)
    }

    private func resolveKind(_ table: DelimitedFile) throws -> Kind {
        if let format {
            if let orders = OrderFileFormat(rawValue: format) { return .orders(orders) }
            if let catalogue = CatalogueFormat(rawValue: format) { return .catalogue(catalogue) }
            if let returns = ReturnFileFormat(rawValue: format) { return .returns(returns) }
            throw CLIError(
                "--format '\(format)' is not known: expected shopify, amazon, generic, shopify-inventory, "
                    + "shopify-products, catalogue, amazon-returns or returns")
        }
        // Before the order layouts: the generic returns CSV has order_id and qty too.
        if let returns = ReturnFileFormat.detect(table) { return .returns(returns) }
        if let orders = OrderFileFormat.detect(table) { return .orders(orders) }
        if let catalogue = CatalogueFormat.detect(table) { return .catalogue(catalogue) }
        throw CLIError(
            """
            \(file):1: cannot tell what this file is from its header; expected a Shopify orders export, an Amazon \
            All Orders report, a Shopify inventory export, or OnePool's generic orders/catalogue CSV (see `onepool import --help`), \
            or give --format
            """)
    }

    private func readBytes(_ progress: Progress) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CLIError("cannot read \(file): no such file or not readable")
        }
        if data.count > 4 << 20 { progress.note("reading \(data.count >> 20) MiB…") }
        return [UInt8](data)
    }

    // MARK: - Orders

    /// Streams the export into one staged batch (or, with --dry-run, a working copy), then
    /// commits it only if no row or line was refused; with --skip-bad the refused rows go to the
    /// rejects file and the rest is committed.
    private func importOrders(format: OrderFileFormat, store: Store, now: Timestamp, progress: Progress) throws {
        if format != .generic && channel == nil {
            throw CLIError(
                "\(file) is a \(format.title): give the channel it came from with --channel (see `onepool channel list`)"
            )
        }
        if let channel {
            guard let settings = store.state.channelSettings[channel] else {
                throw StoreError.refused(.unknownChannel(channel))
            }
            if let mismatch = format.mismatch(channel: channel, settings: settings) {
                throw CLIError("\(file): \(mismatch)")
            }
        }
        var options = OrderFileImport.Options(file: file, format: format, channel: channel)
        options.decimalComma = decimalComma
        options.keepRejectedRows = skipBad
        // A pass that finds lines to plan again (repeats, or lines partly staged) throws before
        // anything is committed; the next pass plans the file again with what it found.
        try OrderFileImport.passes(options) { options in
            if dryRun {
                var scratch = ScratchStaging(state: store.state, time: now, keepingChanges: false)
                let outcome = try settled(try OrderFileImport.run(path: file, options: options, into: &scratch))
                warnOfFallback(outcome)
                say("Dry run — nothing written.")
                printOrderSummary(outcome, format: format, written: 0)
                return
            }
            progress.phase(
                options.knownRepeats == nil && options.excluded.isEmpty
                    ? "reading and planning against the store (locked)"
                    : "reading and planning again, without the refused lines (locked)")
            let commit = try store.transactStaged(actor: UserName("import:\(channel ?? "generic")"), time: now) {
                batch in
                var stage = batch
                return try settled(try OrderFileImport.run(path: file, options: options, into: &stage))
            }
            store.takeNewWarnings().forEach(Console.warn)
            warnOfFallback(commit.result)
            progress.phase("done")
            try writeRejects(commit.result.rejected, header: commit.result.header)
            printOrderSummary(commit.result, format: format, written: commit.appended)
        }
    }

    private func warnOfFallback(_ outcome: OrderFileImport.Outcome) {
        if let fallback = outcome.spillFallback {
            Console.warn(
                "\(fallback); the import kept its bookkeeping in memory instead (set TMPDIR to a roomier place)")
        }
    }

    /// A file with refused rows or lines is refused whole, unless --skip-bad (then lines refused
    /// after part of them was staged make a new pass without them).
    private func settled(_ outcome: OrderFileImport.Outcome) throws -> OrderFileImport.Outcome {
        guard !outcome.rejected.isEmpty else { return outcome }
        guard skipBad else { throw ImportFailure(outcome.problems) }
        if !outcome.partlyStaged.isEmpty {
            throw OrderFileImport.PlanAgain(excluded: outcome.partlyStaged, file: outcome.file)
        }
        return outcome
    }

    private func printOrderSummary(_ outcome: OrderFileImport.Outcome, format: OrderFileFormat, written: Int) {
        let summary = outcome.summary
        say("\(file) (\(format.title))\(channel.map { " → \($0)" } ?? ""): \(outcome.lines) order lines")
        say(
            "  placed \(summary.placed), shipped \(summary.shipped), cancelled \(summary.cancelled), history only \(summary.historyOnly), "
                + "parked (unmapped listing) \(summary.parked), amended \(summary.amended), "
                + "unchanged \(summary.unchanged)")
        printAmendments(summary)
        for (reason, count) in outcome.skipped.sorted(by: { $0.key < $1.key }) { say("  skipped \(count): \(reason)") }
        if summary.refundedLines > 0 {
            say(
                "  \(summary.refundedLines) line(s) belong to orders with refunds: returns are not inferred from refunds"
            )
        }
        if !outcome.rejected.isEmpty { say("  rejected \(outcome.rejected.count) row(s): see \(rejectsPath)") }
        if summary.parked > 0 {
            say("  unmapped listings wait in `onepool map list --unmapped`; map them with `onepool map`")
        }
        say("  \(written) event(s) written")
    }

    /// Every amendment, one line each (the first 50; the rest are in `onepool log --kind order-amended`).
    private func printAmendments(_ summary: OrderImportSummary) {
        let shown = 50
        for amendment in summary.amendments.prefix(shown) {
            say("  amended \(amendment.id) (\(amendment.source)): \(amendment.summary)")
        }
        for line in summary.requeued.prefix(max(0, shown - summary.amendments.count)) {
            say(
                "  amended \(line.id) (waiting, unmapped listing \(line.listing)): "
                    + "now \(line.quantity) @ \(line.unitPrice)")
        }
        if summary.amended > shown {
            say("  … and \(summary.amended - shown) more amendment(s): see `onepool log --kind order-amended`")
        }
    }

    // MARK: - Catalogue

    private func importCatalogue(
        _ table: DelimitedFile, format: CatalogueFormat, store: Store, now: Timestamp, progress: Progress
    ) throws {
        let reading = try CatalogueFormat.read(table, as: format)
        if !reading.rejected.isEmpty && !skipBad { throw ImportFailure(reading.rejected.flatMap(\.problems)) }
        let countedAt: Timestamp
        if let asOf {
            let zone = DateText.timeZone(of: store.metadata.timeZone)
            guard let parsed = DateText.instant(asOf, zone: zone).map(Timestamp.init) ?? TimeText.parse(asOf) else {
                throw CLIError(
                    "--as-of '\(asOf)' is not a time: expected e.g. 2024-05-01T09:00:00Z or 2024-05-01 09:00")
            }
            countedAt = parsed
        } else {
            countedAt = now
        }
        let plan: CatalogueImportPlan
        var written = 0
        if dryRun {
            plan = CatalogueImportPlan.make(
                rows: reading.rows, file: file, asOf: countedAt, state: store.state, time: now,
                supplierLeadTime: supplierLeadTime)
            if !plan.problems.isEmpty { throw ImportFailure(plan.problems) }
            say("Dry run — nothing written.")
        } else {
            let commit = try store.transactCounting(actor: "import:catalogue", time: now) { state in
                let plan = CatalogueImportPlan.make(
                    rows: reading.rows, file: file, asOf: countedAt, state: state, time: now,
                    supplierLeadTime: supplierLeadTime)
                if !plan.problems.isEmpty { throw ImportFailure(plan.problems) }
                return (plan.changes, plan)
            }
            plan = commit.result
            written = commit.appended
            try writeRejects(reading.rejected, header: table.header)
        }
        let report = CatalogueImportReport(plan: plan, reading: reading, file: file, countedAt: countedAt)
        report.lines(written: written, rejects: rejectsPath).forEach { say($0) }
        _ = progress
    }

    // MARK: - Returns

    /// Returns are applied whole or not at all (--skip-bad applies to order and catalogue files).
    private func importReturns(_ table: DelimitedFile, format: ReturnFileFormat, store: Store, now: Timestamp) throws {
        if format.platform != nil && channel == nil {
            throw CLIError("\(file) is an \(format.title): give the channel it came from with --channel")
        }
        if let channel {
            guard let settings = store.state.channelSettings[channel] else {
                throw StoreError.refused(.unknownChannel(channel))
            }
            if let platform = format.platform, platform != settings.format {
                throw CLIError(
                    "\(file): this is an \(format.title), but channel \(channel) speaks \(settings.format.rawValue) "
                        + "files: import it into the \(platform.rawValue) channel it came from")
            }
        }
        let reading = try ReturnFileFormat.read(table, as: format)
        if !reading.rejected.isEmpty { throw ImportFailure(reading.rejected.flatMap(\.problems)) }
        let plan: ReturnImportPlan
        var written = 0
        if dryRun {
            plan = ReturnImportPlan.make(reading, file: file, channel: channel, state: store.state, time: now)
            if !plan.problems.isEmpty { throw ImportFailure(plan.problems) }
            say("Dry run — nothing written.")
        } else {
            let actor = UserName("import:\(channel ?? "returns")")
            let commit = try store.transactCounting(actor: actor, time: now) { state in
                let plan = ReturnImportPlan.make(reading, file: file, channel: channel, state: state, time: now)
                if !plan.problems.isEmpty { throw ImportFailure(plan.problems) }
                return (plan.changes, plan)
            }
            plan = commit.result
            written = commit.appended
        }
        say("\(file) (\(format.title))\(channel.map { " → \($0)" } ?? ""): \(reading.returns.count) return(s)")
        say("  recorded \(plan.recorded) (\(plan.units) unit(s) awaiting inspection), unchanged \(plan.unchanged)")
        for (reason, count) in reading.skipped.sorted(by: { $0.key < $1.key }) { say("  skipped \(count): \(reason)") }
        say("  \(written) event(s) written; inspect with `onepool returns --awaiting` and `onepool inspect`")
    }

    // MARK: - Rejects

    private var rejectsPath: String { rejects ?? file + ".rejects.csv" }

    private func writeRejects(_ rows: [RejectedRow], header: [String]) throws {
        guard !rows.isEmpty else { return }
        let text = RejectsFile.text(header: header, rows: rows)
        guard FileManager.default.createFile(atPath: rejectsPath, contents: Data(text.utf8)) else {
            throw CLIError("cannot write the rejects file \(rejectsPath)")
        }
    }
}

/// The store's staged batch is where an order import stages its changes.
extension StagedBatch: ChangeStaging {}
