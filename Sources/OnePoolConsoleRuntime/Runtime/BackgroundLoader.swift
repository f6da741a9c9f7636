import Foundation
import OnePoolConsole
import OnePoolCore
import OnePoolStore

/// Everything the console shows that takes long to compute, computed on its own thread so keys
/// are answered from the first frame: the search index and channel board, then the journal's
/// history (read from the segment files straight, not through the loop's `Store`, which is not
/// shared between threads), then every SKU's forecast; after that it forecasts again each SKU
/// the journal touches.
///
/// The loop posts reports and takes them with `take()`; it sends news with `follow(_:state:)`.
final class BackgroundLoader: @unchecked Sendable {
    enum Report {
        case secondary(ConsoleData.Secondary)
        case history(events: [Event], history: DemandHistory, journal: BriefingJournal, through: UInt64)
        case forecastProgress(done: Int, total: Int)
        case forecasts([SKUCode: ForecastSummary], briefing: [BriefingItem], starved: StarvedRefresh)
        /// The SKUs re-forecast, and how the forecast briefing items changed since the last report.
        case forecastsUpdated([SKUCode: ForecastSummary], items: BriefingItemsChange)
        /// The starved channels priced again with the channels' shares as they stand.
        case starvedRefreshed(StarvedRefresh)
        /// Reading the journal failed (the console goes on without history).
        case failed(String)
        /// History checkpoints passed over, and why (the journal was read whole): printed when the
        /// console ends, as the CLI warns.
        case checkpointPassedOver([String])
    }

    private let condition = NSCondition()
    private var reports: [Report] = []
    private var news: [(events: [Event], state: StockState)] = []
    private var stopping = false
    /// How long the channels' shares may stand still while news moves them: the starved channels
    /// are priced again with fresh shares (every starved SKU: ~0.7 s of a core at 100,000 SKUs)
    /// after news at most this often.
    let shareRefreshSeconds: Double

    init(shareRefreshSeconds: Double = 120) {
        self.shareRefreshSeconds = shareRefreshSeconds
    }

    /// The history checkpoint the loader may start from: the newest the store's journal vouches
    /// for whose channel sales reach back to the briefing's window for `today`
    /// (`HistoryCheckpoint.briefingWindowGap`), with a warning for each one passed over. Never
    /// writes.
    static func checkpoint(
        _ finder: Store.HistoryCheckpointFinder, today: Int, utcOffsetSeconds: Int
    ) -> Store.HistoryCheckpointLookup {
        finder.lookup(utcOffsetSeconds: utcOffsetSeconds) { $0.briefingWindowGap(today: today) }
    }

    /// Starts the thread. `state` is the store's state as the first frame shows it; history is
    /// read through its last sequence (later events arrive through `follow`). With `checkpoints`
    /// (the store's `historyCheckpointFinder`, taken with `state`) the history starts from the
    /// checkpoint `checkpoint(_:today:utcOffsetSeconds:)` finds, and only the journal after it is
    /// read, with the last `keepEvents` events for the activity pane: the same history and
    /// briefing as reading the whole journal (`ConsoleCheckpointTests`). The checkpoint is looked
    /// for and decoded on this thread, not the one that answers keys.
    func start(
        storePath: String, state: StockState, now: Timestamp, today: Int, utcOffsetSeconds: Int, keepEvents: Int,
        checkpoints: Store.HistoryCheckpointFinder? = nil
    ) {
        let thread = Thread { [self] in
            post(.secondary(ConsoleData.Secondary(state: state, now: now)))
            guard !isStopping else { return }
            let through = state.lastSequence
            var history = ReplenishmentHistory(utcOffsetSeconds: utcOffsetSeconds)
            // What the briefing reads beyond the state, as `onepool briefing` reads it.
            var journal = BriefingJournal(today: today, utcOffsetSeconds: utcOffsetSeconds)
            var folded: UInt64 = 0
            if let checkpoints {
                let lookup = Self.checkpoint(checkpoints, today: today, utcOffsetSeconds: utcOffsetSeconds)
                if !lookup.warnings.isEmpty { post(.checkpointPassedOver(lookup.warnings)) }
                if let checkpoint = lookup.checkpoint, checkpoint.sequence <= through,
                    let saved = checkpoint.briefingJournal(today: today)
                {
                    history = checkpoint.replenishmentHistory
                    journal = saved
                    folded = checkpoint.sequence
                }
            }
            do {
                // The activity pane's events may lie before the checkpoint: read from the earlier.
                let recentFrom = through > UInt64(max(0, keepEvents)) ? through - UInt64(max(0, keepEvents)) + 1 : 1
                var recent: [Event] = []
                try Store.forEachEvent(inStoreAt: storePath, from: min(folded + 1, recentFrom), through: through) {
                    event in
                    if event.sequence > folded {
                        history.record(event)
                        journal.record(event)
                    }
                    guard event.sequence >= recentFrom else { return }
                    recent.append(event)
                }
                // Store-closed days censored as the CLI's reading censors them. `today` is fixed for
                // the loader's life; later events fall on today, after every day inferred here.
                history.inferClosedDays(through: today - 1)
                post(.history(events: recent, history: history.demand, journal: journal, through: through))
            } catch {
                post(.failed("the journal's history could not be read: \(error)"))
                return
            }
            guard !isStopping else { return }
            // The starved channels priced with the journal's shares, here rather than by the
            // first news on the UI thread (every starved SKU: ~0.45 s at 100,000 SKUs). Until
            // the forecasts come, the console prices them with no forecast, as this does.
            post(.starvedRefreshed(StarvedRefresh(state: state, journal: journal, forecasts: [:])))
            var latest = state
            // Calibrated on the store's own sample, as the CLI's planner is.
            var catalogue = CatalogueForecast(
                planner: ReplenishmentPlanner().calibrated(state: state, history: history, today: today))
            let total = state.pools.count
            catalogue.compute(
                state: state, history: history, today: today,
                progress: { post(.forecastProgress(done: $0, total: total)) }, stop: { isStopping })
            guard !isStopping else { return }
            // Ranked here, off the UI thread: the console merges them with its state items.
            let items = Briefing.rank(catalogue.trackedBriefingItems(state: state))
            post(
                .forecasts(
                    catalogue.summaries, briefing: items,
                    starved: StarvedRefresh(state: state, journal: journal, forecasts: catalogue.summaries)))
            // From now on: forecast again what the journal touches, and now and then price the
            // starved channels again with the shares the news moved.
            var sharesMoved = false
            var lastRefresh = Date()
            while let batch = waitForNews(until: sharesMoved ? lastRefresh + shareRefreshSeconds : nil) {
                var touched = Set<SKUCode>()
                for (events, state) in batch {
                    for event in events where event.sequence > through {
                        history.record(event)
                        journal.record(event)
                        touched.formUnion(Self.touched(by: event.change, in: state))
                        sharesMoved = true
                    }
                    latest = state
                }
                if !touched.isEmpty {
                    let changed = catalogue.update(touched, state: latest, history: history, today: today)
                    // Only the touched SKUs' items are made again (and the overstock item, from
                    // every SKU's priced entry): how the items the console holds changed.
                    post(.forecastsUpdated(changed, items: catalogue.briefingItemsChange(for: touched, state: latest)))
                }
                if sharesMoved, Date() >= lastRefresh + shareRefreshSeconds {
                    post(
                        .starvedRefreshed(
                            StarvedRefresh(state: latest, journal: journal, forecasts: catalogue.summaries)))
                    sharesMoved = false
                    lastRefresh = Date()
                }
            }
        }
        thread.qualityOfService = .utility
        thread.name = "onepool-console-loader"
        thread.start()
    }

    /// The SKUs whose forecast an event may change: its own, or a purchase order's lines.
    static func touched(by change: Change, in state: StockState) -> [SKUCode] {
        // A bundle's sale is its components' demand too (`StockState.skusMoved`).
        if let code = change.skuCode { return state.bundles.isEmpty ? [code] : state.skusMoved(by: change) }
        guard case .purchasing(let purchasing) = change else { return [] }
        let id: PurchaseOrderID
        switch purchasing {
        case .drafted(let order): id = order.id
        case .edited(let order, _, _), .approved(let order, _), .rejected(let order, _, _), .sent(let order),
            .closed(let order),
            .cancelled(let order, _):
            id = order
        default: return []
        }
        return state.purchasing.orders[id]?.order.lines.map(\.sku) ?? []
    }

    /// Events the console absorbed, with the state after them.
    func follow(_ events: [Event], state: StockState) {
        condition.lock()
        news.append((events, state))
        condition.signal()
        condition.unlock()
    }

    /// Reports since the last call, oldest first.
    func take() -> [Report] {
        condition.lock()
        defer { condition.unlock() }
        let taken = reports
        reports = []
        return taken
    }

    /// Ends the thread at its next look (the forecast pass looks every 256 SKUs).
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
    }

    /// The news since the last call, waiting for some; empty when `deadline` passes first; nil
    /// when stopping.
    private func waitForNews(until deadline: Date? = nil) -> [(events: [Event], state: StockState)]? {
        condition.lock()
        defer { condition.unlock() }
        while news.isEmpty && !stopping {
            if let deadline {
                if !condition.wait(until: deadline) { break }
            } else {
                condition.wait()
            }
        }
        if stopping { return nil }
        let batch = news
        news = []
        return batch
    }

    private func post(_ report: Report) {
        condition.lock()
        // Only the latest progress matters.
        if case .forecastProgress = report, case .forecastProgress? = reports.last { reports.removeLast() }
        reports.append(report)
        condition.unlock()
    }
}
