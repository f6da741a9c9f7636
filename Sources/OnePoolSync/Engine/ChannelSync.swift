import Foundation
import OnePoolChannels
import OnePoolCore

/// One channel's sync: its connector, and what this process remembers between steps (when the
/// catalogue was last read, how often the channel failed in a row).
///
/// A step has two halves so that every channel's sales are recorded before any channel is
/// pushed: `pull` (a push left unanswered by a dead process, then the orders, then the catalogue
/// or the listings the orders touched, compared for drift) and `push`.
actor ChannelSync {
    let connector: any ChannelConnector
    let store: SyncStore
    let options: SyncOptions
    private var lastCatalogue: Date?
    private var failuresInARow = 0
    private var retryAt: Date?
    /// Whether every page of the last `pullOrders` was really read (not held back by a rate limit).
    private var lastPullFresh = true

    var channel: ChannelName { connector.channel }

    /// Told the moment a pull has read every page of the channel's orders (the status file,
    /// which the console re-reads every second), not when the step ends: a reconciliation or a
    /// push after the pull may take minutes.
    private let pulled: (@Sendable (_ channel: ChannelName, _ at: Date) -> Void)?

    /// `lastCatalogue`: when an earlier process last reconciled the catalogue (status file).
    init(
        connector: any ChannelConnector, store: SyncStore, options: SyncOptions, lastCatalogue: Date? = nil,
        pulled: (@Sendable (_ channel: ChannelName, _ at: Date) -> Void)? = nil
    ) {
        self.connector = connector
        self.store = store
        self.options = options
        self.lastCatalogue = lastCatalogue
        self.pulled = pulled
    }

    // MARK: - The step

    func pull() async -> ChannelStepReport {
        var report = ChannelStepReport(channel: channel)
        if let retryAt, retryAt > Date() {
            report.skippedUntil = retryAt
            return report
        }
        do {
            try await resendPending(&report)
            let touched = try await pullOrders(&report)
            report.pullSucceeded = true
            report.pullFresh = lastPullFresh
            let known = try await store.state().sync.remote.keys.contains { $0.channel == channel }
            if !known || lastCatalogue.map({ Date().timeIntervalSince($0) >= options.reconcileEvery }) ?? true {
                try await reconcile(&report)
                lastCatalogue = Date()
            } else if options.verifyTouched && !touched.isEmpty {
                try await verify(touched, &report)
            }
        } catch {
            report.failure = Self.connectorError(error)
        }
        return report
    }

    /// `decreasesOnly`: the step's first pass, run on every channel before any channel is
    /// raised, so stock moving from one channel to another is never offered on both at once.
    func push(_ report: ChannelStepReport, decreasesOnly: Bool) async -> ChannelStepReport {
        var report = report
        guard report.skippedUntil == nil, report.failure == nil, report.pullSucceeded else { return report }
        do {
            try await pushAllocations(&report, decreasesOnly: decreasesOnly)
        } catch {
            report.failure = Self.connectorError(error)
        }
        return report
    }

    /// Records the step's health (only when it changed) and sets the channel's backoff.
    func finish(_ report: ChannelStepReport) async -> ChannelStepReport {
        var report = report
        guard report.skippedUntil == nil else { return report }
        let health: SyncHealth =
            report.failure.map { .failing(kind: $0.kind.rawValue, message: String($0.message.prefix(400))) } ?? .working
        if let failure = report.failure {
            failuresInARow += 1
            let ceiling = min(options.maxChannelBackoff, pow(2, Double(min(failuresInARow, 20))))
            retryAt = failuresInARow > 1 ? Date().addingTimeInterval(Double.random(in: ceiling / 2...ceiling)) : nil
            _ = failure
        } else {
            failuresInARow = 0
            retryAt = nil
        }
        do {
            let channel = self.channel
            let appended = try await store.commit { state in
                let current = state.sync.channels[channel]?.health ?? .working
                return current == health ? [] : [ProposedChange(.sync(.health(channel: channel, health)))]
            }
            report.eventsWritten += appended.count
        } catch {
            report.problems.append("could not record the channel's health: \(error)")
        }
        return report
    }

    static func connectorError(_ error: Error) -> ConnectorError {
        if let error = error as? ConnectorError { return error }
        return ConnectorError(.config, "\(error)")
    }

    // MARK: - Orders

    /// Reads every page of new orders (up to the step's limit) and records each page, with the
    /// cursor after it, as one batch. Returns the listings whose lines were recorded.
    @discardableResult
    private func pullOrders(_ report: inout ChannelStepReport) async throws -> Set<String> {
        var touched: Set<String> = []
        let channel = self.channel
        lastPullFresh = true
        for _ in 0..<options.maxPagesPerStep {
            let cursor = try await store.state().sync.cursors[channel]
            let page = try await connector.pullOrders(after: cursor)
            report.ordersRead += page.orders
            if !page.fresh { lastPullFresh = false }
            report.problems += page.problems
            let now = await store.now
            let (appended, plan) = try await store.commit { state in
                // Another process moved the cursor meanwhile: record the lines (idempotent) but
                // leave its cursor, which is at least as far.
                let current = state.sync.cursors[channel]
                var plan = PullPlan.make(page: page, channel: channel, previousCursor: current, state: state, time: now)
                if current != cursor {
                    plan.changes.removeAll { if case .sync(.pulled) = $0.change { true } else { false } }
                }
                return (plan.changes, plan)
            }
            report.eventsWritten += appended.count
            report.placed += plan.summary.placed
            report.shipped += plan.summary.shipped
            report.cancelled += plan.summary.cancelled
            report.parked += plan.summary.parked
            report.problems += plan.problems
            touched.formUnion(plan.touched)
            if !page.hasMore { break }
        }
        if lastPullFresh {
            let now = Date()
            report.pulledAt = now
            pulled?(channel, now)
        }
        return touched
    }

    // MARK: - Catalogue and drift

    /// Reads the whole catalogue, records listings new or changed, then judges every mapped
    /// listing's quantity against what OnePool expects.
    private func reconcile(_ report: inout ChannelStepReport) async throws {
        let reading = try await connector.readCatalogue(bulkAbove: options.bulkCatalogueAbove)
        let listings = reading.listings
        report.catalogueRead = true
        report.catalogueMethod = reading.method
        report.problems += reading.notes
        var byListing: [String: ChannelListing] = [:]
        var duplicates: [String] = []
        for listing in listings {
            if byListing[listing.listing] == nil {
                byListing[listing.listing] = listing
            } else {
                duplicates.append(listing.listing)
            }
        }
        if !duplicates.isEmpty {
            report.problems.append(
                "\(duplicates.count) SKU(s) appear on more than one variant (first kept): "
                    + "\(duplicates.prefix(5).joined(separator: ", "))"
            )
        }
        let channel = self.channel
        let found = byListing
        let appended = try await store.commit { state in
            var fresh: [RemoteListing] = []
            for (listing, entry) in found.sorted(by: { $0.key < $1.key })
            where state.sync.remote[ListingKey(channel: channel, listing: listing)] != entry.remoteID {
                fresh.append(RemoteListing(listing: listing, remoteID: entry.remoteID))
            }
            let gone = state.sync.remote.keys.filter { $0.channel == channel && found[$0.listing] == nil }.map(
                \.listing
            ).sorted()
            guard !fresh.isEmpty || !gone.isEmpty else { return [] }
            return [ProposedChange(.sync(.catalogued(channel: channel, listings: fresh, removed: gone)))]
        }
        report.eventsWritten += appended.count
        let quantities = Dictionary(
            found.compactMap { entry in entry.value.quantity.map { (entry.key, $0) } }, uniquingKeysWith: { a, _ in a })
        try await judge(quantities, &report)
    }

    /// Reads back the listings a pull touched and judges them.
    private func verify(_ listings: Set<String>, _ report: inout ChannelStepReport) async throws {
        let state = try await store.state()
        var ids: [String: String] = [:]
        for listing in listings {
            let key = ListingKey(channel: channel, listing: listing)
            guard state.sync.expected[key] != nil, let remote = state.sync.remote[key] else { continue }
            ids[remote] = listing
        }
        guard !ids.isEmpty else { return }
        let read = try await connector.readQuantities(remoteIDs: ids.keys.sorted())
        try await judge(
            Dictionary(
                read.compactMap { id, quantity in ids[id].map { ($0, quantity) } }, uniquingKeysWith: { a, _ in a }),
            &report)
    }

    /// Compares quantities just read with what OnePool expects. Orders are pulled again first:
    /// a listing that sold meanwhile is not judged this time (the reading may predate its sale).
    /// A listing never known is observed; a difference a cancellation explains is observed; any
    /// other difference is drift.
    private func judge(_ quantities: [String: Int], _ report: inout ChannelStepReport) async throws {
        guard !quantities.isEmpty else { return }
        let soldMeanwhile = try await pullOrders(&report)
        // Orders could not be read just now (a rate limit): a sale not yet read would look like
        // drift. Judge next time.
        guard lastPullFresh else { return }
        let channel = self.channel
        let (appended, drifted) = try await store.commit { state in
            var changes: [ProposedChange] = []
            var drifted = 0
            for (listing, quantity) in quantities.sorted(by: { $0.key < $1.key }) where !soldMeanwhile.contains(listing)
            {
                let key = ListingKey(channel: channel, listing: listing)
                guard state.mapping(for: key) != nil else { continue }
                guard let expected = state.sync.expected[key] else {
                    changes.append(ProposedChange(.sync(.observed(key, quantity: quantity))))
                    continue
                }
                guard expected != quantity else { continue }
                if quantity > expected && state.sync.restockable.contains(key) {
                    changes.append(ProposedChange(.sync(.observed(key, quantity: quantity))))
                } else {
                    drifted += 1
                    changes.append(
                        ProposedChange(.sync(.drift(SyncDrift(key: key, expected: expected, found: quantity)))))
                }
            }
            return (changes, drifted)
        }
        report.eventsWritten += appended.count
        report.drift += drifted
    }

    // MARK: - Push

    /// A push whose answer never arrived (the process died, or every retry failed) is sent
    /// again, identical and with the same idempotency key, so a write that took effect applies
    /// once; its answer is recorded like any other.
    private func resendPending(_ report: inout ChannelStepReport) async throws {
        let state = try await store.state()
        guard let intent = state.sync.pending[channel] else { return }
        var changes: [QuantityChange] = []
        for line in intent.lines {
            guard let remote = state.sync.remote[ListingKey(channel: channel, listing: line.listing)] else { continue }
            changes.append(QuantityChange(listing: line.listing, remoteID: remote, from: line.from, to: line.to))
        }
        let outcome: PushOutcome =
            changes.count == intent.lines.count
            ? try await connector.pushQuantities(changes, idempotencyKey: intent.key)
            : .refused("a listing of this push is no longer in the channel's catalogue")
        try await record(intent, outcome, &report)
    }

    private func pushAllocations(_ report: inout ChannelStepReport, decreasesOnly: Bool) async throws {
        let channel = self.channel
        for _ in 0..<options.pushRounds {
            var state = try await store.state()
            var plan = PushPlan.make(state: state, channel: channel, allowZero: options.allowZero)
            if !plan.unknown.isEmpty {
                try await settle(plan.unknown, state: state, &report)
                state = try await store.state()
                plan = PushPlan.make(state: state, channel: channel, allowZero: options.allowZero)
            }
            report.guarded = plan.guarded
            if !connector.capabilities.compareAndSet && !plan.lines.isEmpty {
                // Without compare-and-set the only guard is freshness: pull just before pushing.
                try await pullOrders(&report)
                plan = PushPlan.make(state: try await store.state(), channel: channel, allowZero: options.allowZero)
            }
            let groups = decreasesOnly ? [plan.decreases] : [plan.decreases, plan.increases]
            guard groups.contains(where: { !$0.isEmpty }) else { return }
            report.pushAttempted = true
            var stale: [String] = []
            for group in groups where !group.isEmpty {
                var start = 0
                while start < group.count {
                    let batch = Array(group[start..<min(group.count, start + connector.capabilities.maxPushBatch)])
                    start += batch.count
                    // `from` goes with every push: compared atomically by a channel with
                    // compare-and-set, read and compared just before writing by one without.
                    let intent = SyncPushIntent(
                        channel: channel, key: "onepool-\(UUID().uuidString.lowercased())",
                        lines: batch.map { PushLine(listing: $0.listing, from: $0.from, to: $0.to) })
                    report.eventsWritten += try await store.commit { _ in [ProposedChange(.sync(.pushing(intent)))] }
                        .count
                    let outcome = try await connector.pushQuantities(
                        batch.map {
                            QuantityChange(listing: $0.listing, remoteID: $0.remoteID, from: $0.from, to: $0.to)
                        },
                        idempotencyKey: intent.key)
                    try await record(intent, outcome, &report)
                    switch outcome {
                    case .applied: break
                    case .stale(let listings): stale += listings
                    case .refused: return
                    }
                }
            }
            guard !stale.isEmpty else { return }
            // The channel sold since the last pull: record those sales, then recompute. A
            // listing whose sale does not show up is read back and judged (drift, or a restock).
            let sold = try await pullOrders(&report)
            let unexplained = stale.filter { !sold.contains($0) }
            if !unexplained.isEmpty {
                let state = try await store.state()
                var ids: [String: String] = [:]
                for listing in unexplained {
                    if let remote = state.sync.remote[ListingKey(channel: channel, listing: listing)] {
                        ids[remote] = listing
                    }
                }
                let read = try await connector.readQuantities(remoteIDs: ids.keys.sorted())
                try await judge(
                    Dictionary(
                        read.compactMap { id, quantity in ids[id].map { ($0, quantity) } },
                        uniquingKeysWith: { a, _ in a }), &report)
            }
        }
    }

    /// Reads the quantity of listings OnePool has never known, and records it (once no sale
    /// of them arrives meanwhile), so a push has something to compare with.
    private func settle(_ listings: [String], state: StockState, _ report: inout ChannelStepReport) async throws {
        var ids: [String: String] = [:]
        for listing in listings {
            if let remote = state.sync.remote[ListingKey(channel: channel, listing: listing)] { ids[remote] = listing }
        }
        let read = try await connector.readQuantities(remoteIDs: ids.keys.sorted())
        try await judge(
            Dictionary(
                read.compactMap { id, quantity in ids[id].map { ($0, quantity) } }, uniquingKeysWith: { a, _ in a }),
            &report)
    }

    private func record(
        _ intent: SyncPushIntent, _ outcome: PushOutcome, _ report: inout ChannelStepReport
    ) async throws {
        let answer: PushAnswer
        switch outcome {
        case .applied:
            answer = .applied
            report.listingsSet += intent.lines.count
        case .stale(let listings):
            answer = .stale(listings: listings)
            report.staleAnswers += 1
        case .refused(let reason):
            answer = .refused(String(reason.prefix(400)))
            report.problems.append("\(channel) refused a push: \(reason)")
        }
        let fact = SyncPushAnswer(channel: intent.channel, key: intent.key, lines: intent.lines, answer: answer)
        report.eventsWritten += try await store.commit { _ in [ProposedChange(.sync(.pushed(fact)))] }.count
    }
}
