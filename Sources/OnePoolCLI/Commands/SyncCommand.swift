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
    var channel: [String] = []
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
            connectors.append(try connections.connector(for: saved, endpoint: endpoint))
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

    private func printStatus(state: StockState, connections: ConnectionStore, statusDirectory: String) throws {
        var saved: [String: SavedConnection] = [:]
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
