import ArgumentParser
import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolSync

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Read connected channels' orders and set their quantities through their APIs.",
        discussion: """
            Each step pulls every connected channel's new orders (recorded as the file import would, \
            with the channel's cursor in the same batch, so a kill at any moment neither loses nor \
            double-counts an order), then sets each channel's listings to its allocation where it \
            changed, decreases first. Shopify quantities are set with compare-and-set: a channel that \
            sold since the pull refuses the set, and OnePool pulls, recomputes and tries again — it \
            never overwrites a quantity that moved. Amazon has no compare-and-set: OnePool pulls its \
            orders just before pushing and reads each listing just before patching it, leaving a \
            moved quantity alone. Amazon's order search admits one request every ~3 minutes after a \
            burst of 20; a step that cannot search skips Amazon's orders instead of waiting. \
            Differences nobody explains are recorded as drift.

            Amazon backlogs and returns come through the Reports API. When an order search still has \
            pages to read and began more than --amazon-report-after seconds ago, OnePool asks for one \
            GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL report from the search's start to \
            --amazon-report-settle seconds ago, waits for Amazon to prepare it (steps go on meanwhile), \
            and records its rows — read exactly as `onepool import` reads an All Orders report — with the \
            cursor at the report's end, in one batch; the search goes on from there. A report Amazon \
            cannot make (FATAL, CANCELLED) is named in the status and the search carries on. Every \
            --amazon-returns-every seconds a GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE report brings \
            merchant-fulfilled returns received, recorded awaiting inspection as `onepool import` \
            records that report (once each, never more than shipped).

            For cron: `onepool sync --once` (the default). As a service: `onepool sync --every 60` \
            (SIGTERM finishes the step in hand, then exits). `onepool sync --status` shows each \
            channel's last pull, last push, lag, errors and drift.

            ONEPOOL_API_BASE_URL sends every API request to BASE/HOST/PATH instead of https://HOST/PATH \
            (tests and proxies only; plain http only to a loopback address); ONEPOOL_AMAZON_BASE_URL does \
            the same for Amazon (SP-API and Login with Amazon at one base URL).
            """)

    @OptionGroup var options: StoreOptions
    @Option(
        help: ArgumentHelp(
            "Sync only this channel (repeatable; default: every connected channel).", valueName: "channel"))
    var channel: [ChannelName] = []
    @Flag(help: "One step, then exit (the default).") var once = false
    @Option(
        help: OptionRanges.syncInterval.help("Run a step every N seconds until SIGTERM.", valueName: "seconds"),
        transform: OptionRanges.syncInterval.read)
    var every: Int?
    @Flag(
        help:
            "Set listings of a channel never offered stock to 0 (refused otherwise: it would take a live shop offline)."
    )
    var allowZero = false
    @Option(
        help: OptionRanges.reconcileInterval.help(
            "Seconds between full catalogue reconciliations.", default: 3600, valueName: "seconds"),
        transform: OptionRanges.reconcileInterval.read)
    var reconcileEvery: Int = 3600
    @Option(
        help: OptionRanges.bulkThreshold.help(
            "Reconcile a Shopify catalogue of at least N variants from one bulk export (bulkOperationRunQuery) "
                + "instead of page by page.", default: 2000, valueName: "variants"),
        transform: OptionRanges.bulkThreshold.read)
    var bulkAbove: Int = 2000
    @Option(
        help: OptionRanges.amazonReportAfter.help(
            "Catch up Amazon orders through one report (Reports API, "
                + "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL) when the order search still has pages to "
                + "read and began more than N seconds ago. searchOrders reads at most ~33 orders a minute after its "
                + "burst (100 per request, one request per ~3 minutes); a report reads any number, once Amazon has "
                + "prepared it (minutes). Its rows mean what the same All Orders report means to `onepool import`.",
            default: 1800, valueName: "seconds"),
        transform: OptionRanges.amazonReportAfter.read)
    var amazonReportAfter: Int = 1800
    @Option(
        help: OptionRanges.amazonReturnsEvery.help(
            "Seconds between Amazon returns reports (GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE, merchant-fulfilled "
                + "orders). Units received back are recorded as awaiting inspection, as `onepool import` records "
                + "the same report; each report looks 30 days back, so a return is recorded once it arrives.",
            default: 3600, valueName: "seconds"),
        transform: OptionRanges.amazonReturnsEvery.read)
    var amazonReturnsEvery: Int = 3600
    @Option(
        help: OptionRanges.amazonReportSettle.help(
            "Amazon report windows end N seconds before now (an order reaches Amazon's reports a while after it "
                + "changes); the order search reads the rest, from the report's end.",
            default: 900, valueName: "seconds"),
        transform: OptionRanges.amazonReportSettle.read)
    var amazonReportSettle: Int = 900
    @Flag(help: "Show each channel's sync status instead of syncing.") var status = false
    @Option(help: "With --status: table or json.") var format: OutputFormat = .table

    func validate() throws {
        if once && every != nil { throw ValidationError("give --once or --every, not both") }
        if status && (once || every != nil || allowZero) {
            throw ValidationError("--status only reads: it takes no --once, --every or --allow-zero")
        }
    }

    func run() throws {
        // First: from here on SIGTERM finishes the step in hand instead of killing the process.
        let stop = status ? nil : StopRequest()
        let environment = ProcessInfo.processInfo.environment
        let connections = ConnectionStore.fromEnvironment(environment)
        let store = try options.openStore()
        store.warnings.forEach(Console.warn)
        let statusDirectory = SyncStatusFile.directory(store: store.path)
        if status {
            try printStatus(state: store.state, connections: connections, statusDirectory: statusDirectory)
            return
        }
        var names = connections.channels().filter { store.state.channels[$0] != nil }
        if !channel.isEmpty {
            for name in channel where !names.contains(name) {
                if store.state.channels[name] == nil { throw StoreError.refused(.unknownChannel(name)) }
                throw CLIError(
                    "--channel \(name) has no connection: connect it with `onepool connect shopify --channel \(name) …`"
                )
            }
            names = channel
        }
        guard !names.isEmpty else {
            throw CLIError(
                "no connected channel in this store: connect one with `onepool connect shopify --shop "
                    + "NAME.myshopify.com …`"
            )
        }
        let endpoint = try APIEndpoint.fromEnvironment(environment)
        var connectors: [any ChannelConnector] = []
        for name in names {
            guard let saved = try connections.load(channel: name) else {
                throw CLIError("\(name): its connection file vanished")
            }
            let connector = try connections.connector(for: saved, endpoint: endpoint)
            connectors.append((connector as? AmazonConnector)?.with(reports: amazonReports) ?? connector)
        }
        let lock = SyncLock()
        try lock.acquire(directory: statusDirectory, channels: names)
        var settings = SyncOptions()
        settings.allowZero = allowZero
        settings.reconcileEvery = Double(reconcileEvery)
        settings.bulkCatalogueAbove = bulkAbove == 0 ? nil : bulkAbove
        let engine = try SyncEngine(
            storePath: store.path, connectors: connectors, options: settings, statusDirectory: statusDirectory,
            clock: { Clock.now() })
        let interval = every
        let failed = try runBlocking { () async -> Bool in
            var anyFailed = false
            while true {
                let started = Date()
                let reports = await engine.step()
                for warning in await engine.warnings() { Console.warn(warning) }
                anyFailed = reports.contains { $0.failure != nil }
                for report in reports { Self.print(report, verbose: interval == nil) }
                guard let interval, stop?.isRequested != true else { break }
                while Date().timeIntervalSince(started) < Double(interval) && stop?.isRequested != true {
                    try? await Task.sleep(nanoseconds: 50_000_000)
                }
                if stop?.isRequested == true { break }
            }
            return anyFailed
        }
        withExtendedLifetime(lock) {}
        if failed && every == nil { throw ExitCode(1) }
    }

    /// One line per channel: quiet when a repeating step found nothing.
    static func print(_ report: ChannelStepReport, verbose: Bool) {
        let clock = SyncTime.iso(Date())
        if let until = report.skippedUntil {
            if verbose {
                say("\(clock) \(report.channel): waiting after failures until \(SyncTime.iso(until))")
            }
            return
        }
        if let failure = report.failure {
            Console.note("\(clock) \(report.channel): failing (\(failure.kind.rawValue)): \(failure.message)")
        }
        var parts: [String] = []
        if report.ordersRead > 0 || verbose {
            parts.append(
                "\(report.ordersRead) order(s) read: placed \(report.placed), shipped \(report.shipped), cancelled "
                    + "\(report.cancelled), parked \(report.parked)"
            )
        }
        if report.listingsSet > 0 || verbose { parts.append("\(report.listingsSet) listing(s) set") }
        if report.staleAnswers > 0 {
            parts.append("\(report.staleAnswers) stale answer(s) (sold there meanwhile: pulled and recomputed)")
        }
        if report.drift > 0 { parts.append("\(report.drift) drift") }
        if !report.guarded.isEmpty {
            parts.append(
                "\(report.guarded.count) listing(s) not set to 0: \(report.channel) was never offered stock "
                    + "(--allow-zero sets them)"
            )
        }
        if report.catalogueRead && verbose {
            parts.append(report.catalogueMethod == .bulk ? "catalogue read (bulk export)" : "catalogue read")
        }
        if !parts.isEmpty && (report.failure == nil || report.ordersRead > 0) {
            say("\(clock) \(report.channel): " + parts.joined(separator: "; "))
        }
        for problem in report.problems { Console.warn("\(report.channel): \(problem)") }
    }

    /// The Amazon report settings the options describe.
    var amazonReports: AmazonReportSettings {
        var settings = AmazonReportSettings.standard
        settings.catchUpAfter = amazonReportAfter == 0 ? nil : Double(amazonReportAfter)
        settings.returnsEvery = amazonReturnsEvery == 0 ? nil : Double(amazonReturnsEvery)
        settings.settle = Double(amazonReportSettle)
        return settings
    }

    private func printStatus(state: StockState, connections: ConnectionStore, statusDirectory: String) throws {
        var saved: [ChannelName: SavedConnection] = [:]
        for name in connections.channels() {
            do {
                if let connection = try connections.load(channel: name) { saved[name] = connection }
            } catch {
                Console.warn("\(error)")
            }
        }
        let rows = SyncStatusReport.make(
            state: state, connections: saved, statusDirectory: statusDirectory, now: Date())
        if format == .json {
            emit(Output.json(rows))
            return
        }
        guard !rows.isEmpty else {
            say("No channel is connected (see `onepool connect --help`).")
            return
        }
        let table = rows.map { row in
            SyncStatusRow(
                channel: Identifier(row.channel), connection: row.connection ?? "not connected",
                lastPull: row.lastPull ?? "never", lagS: row.lagSeconds, lastPush: row.lastPush ?? "never",
                pushes: row.pushesApplied, stale: row.pushesStale, drift: row.driftCount,
                health: row.failure.map { "failing (\(row.failureKind ?? "?")): \($0)" }
                    ?? (row.pendingPush ? "working (a push awaits its answer)" : "working"))
        }
        show(Output.rows(table, format: format), format: format)
        for row in rows where !row.driftListings.isEmpty {
            say(
                "\(row.channel): unexplained differences on \(row.driftListings.prefix(10).joined(separator: ", "))")
        }
    }
}

/// A connected channel's sync as `sync --status` prints it in a table or CSV.
struct SyncStatusRow: Codable {
    var channel: Identifier
    var connection: String
    var lastPull: String
    var lagS: Int?
    var lastPush: String
    var pushes: Int
    var stale: Int
    var drift: Int
    var health: String
}
