import DequeModule
import OnePoolCore

/// Everything the console draws from the store, kept current as events arrive.
///
/// Invariant: `rows` is sorted by SKU code and `index[code]` is the position of that code.
public struct ConsoleData: Sendable {
    public var storeName: String
    /// What the store warned about (a tail set aside, damaged pieces not yet looked at, writes
    /// stopped): it stands in the header until `onepool doctor` deals with it.
    public var storeNotice: String?
    public var today: Int
    public private(set) var rows: [SKURow]
    public private(set) var index: [SKUCode: Int]
    public private(set) var history: DemandHistory
    /// Newest first, at most `activityLimit`: news goes in at the front and the oldest leave at
    /// the back, each in constant time (an array moved all 5,000 items on every order line).
    public private(set) var activity: Deque<ActivityItem> = []
    /// The kinds in `activity`, sorted (the activity pane cycles through them), and how many of
    /// each it holds: kept as items come and go rather than gathered from every item.
    public private(set) var activityKinds: [String] = []
    private var activityKindCounts: [String: Int] = [:]
    public private(set) var recentBySKU: [SKUCode: [ActivityItem]] = [:]
    public private(set) var lastSequence: UInt64
    public private(set) var historyLoaded: Bool
    /// Whether the search index, channel board and state briefing items are built.
    public private(set) var secondaryLoaded: Bool
    /// Bumped with `revision` and whenever the search index is rebuilt: what a lookup's results
    /// depend on.
    public private(set) var searchRevision = 0
    /// Events absorbed while the history was still being read (replayed into it when it comes).
    private var absorbedBeforeHistory: [Event] = []
    /// Bumped whenever rows change, so panes know to re-sort.
    public private(set) var revision = 0
    /// The rows the change that made `revision` touched (nil: it was not a plain update of
    /// existing rows — SKUs were added), so panes can update those rows instead of every row.
    public private(set) var lastChange: (revision: Int, rows: [Int])? = nil
    /// The rows whose forecast the last update of a few SKUs changed, at `forecastRevision`
    /// (nil after a full install): a pane re-judges those rows instead of every SKU.
    public private(set) var lastForecastChange: (revision: Int, rows: [Int])? = nil
    /// Bumped only when SKUs are added or a title changes (what a sort by title depends on).
    public private(set) var catalogueRevision = 0
    /// Every row's searchable text, rebuilt when the catalogue changes (not when stock moves).
    public private(set) var search: SearchIndex
    /// Forecast and replenishment per SKU, computed in the background after the history loads
    /// (empty until then).
    public private(set) var forecasts: [SKUCode: ForecastSummary] = [:]
    public private(set) var forecastRevision = 0
    /// While the background forecast runs: SKUs done of all.
    public var forecastProgress: (done: Int, total: Int)? = nil
    /// Suppliers, approvers and purchase orders, as of the last event.
    public private(set) var purchasing = PurchasingState()
    /// Returns awaiting inspection per SKU, oldest first, as of the last event.
    public private(set) var awaitingReturns: [SKUCode: [AwaitingReturn]] = [:]
    /// The briefing, ranked (`Briefing.rank`): forecast items from the background worker, the
    /// rest judged from the state. News changes only the items whose judgement it changed, each
    /// moved to its place by binary search (`BriefingOrder`), never the whole list re-sorted.
    public private(set) var briefing: [BriefingItem] = []
    /// Each briefing item by id (an alert finds its item's money here).
    private var briefingByID: [String: BriefingItem] = [:]
    /// The briefing as it was before items moved, kept only when the watched item (the briefing
    /// pane's selection, `watchBriefing`) left it: the pane looks there for a neighbour.
    public private(set) var briefingBeforeNews: [BriefingItem]? = nil
    private var watchedBriefingItem: String? = nil
    /// The store's settings (horizon, penalty, margins): what the money rule reads.
    public private(set) var settings: StoreSettings
    /// The forecast briefing items, ranked.
    private var forecastItems: [BriefingItem] = []
    /// The state items other than oversells (starved channels, exposure, POs, unmapped
    /// listings, returns: a few, whatever the catalogue's size) by id, as they stand in `briefing`.
    private var otherStateItems: [String: BriefingItem] = [:]
    /// Oversold items per SKU, as they stand in `briefing`: news re-judges and compares only the
    /// SKUs it touched, not the hundreds of oversells a large store carries.
    private var oversoldBySKU: [SKUCode: BriefingItem] = [:]
    /// The open lines filed by SKU (built with the state items, refreshed from each event's
    /// line): an oversold SKU's lines found without walking every open line of the store.
    private var openLines = OpenLinesBySKU()
    /// What the briefing reads from the journal beyond the state (channel sales, returns), as
    /// `onepool briefing` reads it: nil until the loader has read the journal.
    public private(set) var briefingJournal: BriefingJournal? = nil
    /// The starved channels, each SKU's part kept (Core's `StarvedLedger`), so that news
    /// re-judges and re-prices only the SKUs it touched instead of all 100,000 again.
    private var starvedLedger = StarvedLedger()
    /// SKUs whose demand outlook changed since the ledger priced them (forecasts installed for
    /// them), re-priced with the next judgement; nil: every SKU (the journal's channel sales
    /// arrived, or every forecast).
    private var starvedToReprice: Set<SKUCode>? = []
    /// The forecasts' outlooks by SKU, made when forecasts are installed rather than per event.
    private var outlooks: [SKUCode: SKUOutlook] = [:]
    /// The moment the state items were judged at (late POs), passed in with the events.
    public var now = Timestamp(millisecondsSince1970: 0)
    /// The wall clock as of the last tick (how long ago a channel's sync last pulled).
    public var wallClock = Timestamp(millisecondsSince1970: 0)
    /// Channel → the last pull a `sync` process read its orders (its status file, read on each
    /// tick): the lag counts from it, though a pull that found nothing wrote no event.
    public var syncReadPulls: [ChannelName: Timestamp] = [:]
    /// Channels, allocations, publishes and the unmapped queue.
    public private(set) var channels: ChannelBoard

    public static let activityLimit = 5000
    public static let recentPerSKU = 30

    /// With `deferSecondary`, the search index, the channel board and the state's briefing items
    /// are left for `loadSecondary` (built in the background after the first frame): at 100,000
    /// SKUs they are a third of start-up.
    public init(storeName: String, state: StockState, today: Int, utcOffsetSeconds: Int, deferSecondary: Bool = false) {
        self.storeName = storeName
        self.today = today
        let codes = state.skuCodes
        rows = []
        rows.reserveCapacity(codes.count)  // no regrowth (copies of ~15 MB of rows) on the way
        for code in codes {
            if let pool = state.pools[code] { rows.append(SKURow(pool, bundle: state.bundleStock(code))) }
        }
        index = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1.code, $0) })
        search = deferSecondary ? SearchIndex() : SearchIndex(rows: rows, extraKeys: Self.listingIDs(state))
        channels = ChannelBoard(state: deferSecondary ? StockState() : state)
        purchasing = state.purchasing
        settings = state.settings
        awaitingReturns = state.returns.awaiting
        history = DemandHistory(utcOffsetSeconds: utcOffsetSeconds)
        lastSequence = state.lastSequence
        historyLoaded = false
        secondaryLoaded = !deferSecondary
        recountTotals()
        if !deferSecondary {
            openLines = OpenLinesBySKU(state.openLines)
            rejudge(state)
        }
    }

    /// What `init(deferSecondary: true)` leaves out, built from a state (off the UI thread).
    public struct Secondary: Sendable {
        /// The last sequence of the state it was built from.
        public var sequence: UInt64
        var search: SearchIndex
        var channels: ChannelBoard
        var stateItems: [BriefingItem]
        var starvedLedger: StarvedLedger
        var openLines: OpenLinesBySKU

        public init(state: StockState, now: Timestamp) {
            sequence = state.lastSequence
            let rows = state.skuCodes.compactMap { code in state.pools[code].map { SKURow($0) } }
            search = SearchIndex(rows: rows, extraKeys: ConsoleData.listingIDs(state))
            channels = ChannelBoard(state: state)
            starvedLedger = StarvedLedger(state: state, outlook: .unknown)
            openLines = OpenLinesBySKU(state.openLines)
            stateItems = Briefing.judgedItems(
                BriefingInputs(state: state, journal: nil, time: now), skus: [:], overExposed: channels.overExposures,
                ledger: starvedLedger)
        }
    }

    /// Builds what `init(deferSecondary: true)` left out, here.
    public mutating func loadSecondary(_ state: StockState) {
        search = SearchIndex(rows: rows, extraKeys: Self.listingIDs(state))
        searchRevision += 1
        channels = ChannelBoard(state: state)
        openLines = OpenLinesBySKU(state.openLines)
        secondaryLoaded = true
        rejudge(state)
    }

    /// Installs what was built elsewhere, if it was built from the state these rows show;
    /// false when news arrived in between (the caller builds it again from the current state).
    public mutating func install(_ secondary: Secondary) -> Bool {
        guard secondary.sequence == lastSequence else { return false }
        search = secondary.search
        searchRevision += 1
        channels = secondary.channels
        starvedLedger = secondary.starvedLedger
        openLines = secondary.openLines
        // Priced without demand: with the journal's sales or forecasts in, every SKU again.
        starvedToReprice = briefingJournal == nil && outlooks.isEmpty ? [] : nil
        oversoldBySKU = Dictionary(
            secondary.stateItems.filter { $0.kind == .oversold }.map { (SKUCode($0.subject), $0) },
            uniquingKeysWith: { first, _ in first })
        otherStateItems = Self.byID(secondary.stateItems.filter { $0.kind != .oversold })
        rerank()
        secondaryLoaded = true
        return true
    }

    public func row(_ code: SKUCode) -> SKURow? { index[code].map { rows[$0] } }

    /// The briefing item with this id, if the briefing has it.
    public func briefingItem(_ id: String) -> BriefingItem? { briefingByID[id] }

    /// Installs history read from the whole journal in the background, through sequence
    /// `through`. Events absorbed since the console started (after `through`) are replayed into
    /// it, so nothing is counted twice or lost whichever arrives first.
    public mutating func loadHistory(
        _ events: [Event], history: DemandHistory, journal: BriefingJournal? = nil, through: UInt64 = .max
    ) {
        var history = history
        var journal = journal
        let later = absorbedBeforeHistory.filter { $0.sequence > through }
        for event in later {
            history.record(event)
            journal?.record(event)
        }
        self.history = history
        // The channels' shares as of now, held until every SKU is forecast again: an order
        // line then re-prices only its own SKU's starved parts.
        journal?.holdShares()
        briefingJournal = journal
        starvedToReprice = nil
        activity = []
        activityKinds = []
        activityKindCounts = [:]
        recentBySKU = [:]
        for event in events.suffix(Self.activityLimit * 4) where event.sequence <= through {
            remember(ActivityItem(event))
        }
        for event in later { remember(ActivityItem(event)) }
        absorbedBeforeHistory = []
        historyLoaded = true
    }

    /// Installs every SKU's forecast, computed in the background, with the whole set of forecast
    /// briefing items (ranked by the loader, or ranked here). `starved`: the starved channels
    /// priced with them, built with the forecasts; without it (or if news came in between) every
    /// starved SKU is priced again here with the next judgement.
    public mutating func installForecasts(
        _ summaries: [SKUCode: ForecastSummary], briefingItems: [BriefingItem] = [], starved: StarvedRefresh? = nil
    ) {
        forecasts = summaries
        forecastItems = BriefingOrder.isRanked(briefingItems) ? briefingItems : Briefing.rank(briefingItems)
        outlooks = forecasts.mapValues(\.outlook)
        briefingJournal?.holdShares()  // every SKU is priced again: the shares move too
        if let starved, canInstall(starved) {
            starvedLedger = starved.ledger
            starvedToReprice = []
        } else {
            starvedToReprice = nil
        }
        rerank()
        forecastRevision += 1
        lastForecastChange = nil
        forecastProgress = nil
    }

    /// Installs the forecasts of the SKUs the journal touched since, and how the forecast
    /// briefing items changed with them (worked out by the loader from the whole set): only
    /// those items move, each to its place by binary search, as news moves the state items.
    public mutating func updateForecasts(_ summaries: [SKUCode: ForecastSummary], items: BriefingItemsChange) {
        forecasts.merge(summaries) { $1 }
        for (code, summary) in summaries { outlooks[code] = summary.outlook }  // not all 100,000 again
        starvedToReprice?.formUnion(summaries.keys)
        // The ranked forecast list first: a large change ranks the briefing again from it.
        BriefingOrder.apply(gone: items.gone, come: items.come, to: &forecastItems)
        move(gone: items.gone, come: items.come)
        forecastRevision += 1
        lastForecastChange = (forecastRevision, summaries.keys.compactMap { index[$0] }.sorted())
        forecastProgress = nil
    }

    /// Installs the starved channels priced again with the channels' shares as of now, if they
    /// were built from the state these rows show (else false: the next refresh will be), then
    /// judges the state items again with them. `state`: the store's state now.
    @discardableResult
    public mutating func installStarved(_ refresh: StarvedRefresh, state: StockState) -> Bool {
        guard canInstall(refresh), state.lastSequence == lastSequence else { return false }
        briefingJournal?.holdShares()  // the shares the refresh priced with: the same counts
        starvedLedger = refresh.ledger
        starvedToReprice = []
        rejudge(state, touched: [], oversold: [])
        return true
    }

    private func canInstall(_ refresh: StarvedRefresh) -> Bool {
        secondaryLoaded && briefingJournal != nil && refresh.sequence == lastSequence
    }

    /// Prices the state items again with the forecasts just installed (PO, exposure and starved
    /// items need the outlook), once the channel board they read is built; the starved parts of
    /// the SKUs whose forecast changed (`starvedToReprice`), not all of them. When news came in
    /// between, the next news does it.
    public mutating func repriceStateItems(_ state: StockState) {
        guard secondaryLoaded, state.lastSequence == lastSequence else { return }
        rejudge(state, touched: [], oversold: [])  // the verdicts stand: only their prices move
    }

    /// Redoes the briefing items not read off a forecast (oversells, exposure, starved channels,
    /// POs, unmapped listings, returns) from the same inputs `onepool briefing` builds, judging
    /// starvation again for every SKU (`touched` nil) or only for the SKUs in `touched` (news
    /// that changed no channel rule or listing: the other SKUs' verdicts still hold), and the
    /// oversells of every SKU (`oversold` nil) or of the SKUs in `oversold` (each reads only its
    /// own pool and lines). Then only the items that changed move in the ranked briefing.
    private mutating func rejudge(_ state: StockState, touched: Set<SKUCode>? = nil, oversold: Set<SKUCode>? = nil) {
        let outlook = DemandOutlook(skus: outlooks, channelSales: briefingJournal?.channelSales)
        if let touched, let reprice = starvedToReprice {
            starvedLedger.update(skus: touched.union(reprice), state: state, outlook: outlook)
        } else {
            starvedLedger = StarvedLedger(state: state, outlook: outlook)
        }
        starvedToReprice = []
        var gone: [BriefingItem] = []
        var come: [BriefingItem] = []
        // Oversells: only the SKUs judged again are compared (each item reads its own pool).
        let judged = oversold ?? Set(state.pools.keys).union(oversoldBySKU.keys)
        var fresh: [SKUCode: BriefingItem] = [:]
        for item in Briefing.oversoldItems(state: state, skus: judged, openLines: openLines) {
            fresh[SKUCode(item.subject)] = item
        }
        for code in judged {
            let old = oversoldBySKU[code]
            let new = fresh[code]
            guard old != new else { continue }
            if let old { gone.append(old) }
            if let new { come.append(new) }
            oversoldBySKU[code] = new
        }
        // The other state items are few: judged again whole and compared by id.
        let others = Self.byID(
            Briefing.judgedItems(
                BriefingInputs(state: state, journal: briefingJournal, time: now), skus: outlooks,
                overExposed: channels.overExposures, ledger: starvedLedger, oversold: false))
        for (id, item) in otherStateItems where others[id] != item { gone.append(item) }
        for (id, item) in others where otherStateItems[id] != item { come.append(item) }
        otherStateItems = others
        move(gone: gone, come: come)
    }

    private static func byID(_ items: [BriefingItem]) -> [String: BriefingItem] {
        Dictionary(items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Ranks the whole briefing again (forecasts installed, the state items first built): the
    /// forecast items are kept ranked (`forecastItems`), so this is a merge with the few state
    /// items rather than a sort of all of them on the UI thread.
    private mutating func rerank() {
        if watchedBriefingItem != nil, briefingBeforeNews == nil { briefingBeforeNews = briefing }
        briefing = BriefingOrder.merged(
            forecastItems, Briefing.rank(Array(otherStateItems.values) + Array(oversoldBySKU.values)))
        briefingByID = Self.byID(briefing)
    }

    /// Takes the state items in `gone` out of the ranked briefing and puts those in `come` in
    /// their places, each by binary search; many at once rank everything again instead.
    private mutating func move(gone: [BriefingItem], come: [BriefingItem]) {
        guard gone.count + come.count <= 256 else { return rerank() }
        if let watched = watchedBriefingItem, briefingBeforeNews == nil,
            gone.contains(where: { BriefingPaneState.identity($0) == watched })
        {
            briefingBeforeNews = briefing
        }
        BriefingOrder.replace(gone: gone, come: come, in: &briefing)
        for item in gone where briefingByID[item.id] == item { briefingByID[item.id] = nil }
        for item in come { briefingByID[item.id] = item }
    }

    /// Keeps the briefing as it stands should the item with this identity leave it, until
    /// `endBriefingWatch` (nil: none is selected).
    mutating func watchBriefing(_ identity: String?) {
        watchedBriefingItem = identity
        briefingBeforeNews = nil
    }

    mutating func endBriefingWatch() {
        watchedBriefingItem = nil
        briefingBeforeNews = nil
    }

    /// Takes in events appended since the last look (by this console or another process).
    public mutating func absorb(_ events: [Event], state: StockState) {
        guard !events.isEmpty else { return }
        var touched = Set<SKUCode>()
        var fresh: [ActivityItem] = []
        for event in events where event.sequence > lastSequence {
            history.record(event)
            briefingJournal?.record(event)
            if !historyLoaded { absorbedBeforeHistory.append(event) }
            let item = ActivityItem(event)
            fresh.append(item)
            rememberForSKU(item)
            touched.formUnion(state.bundles.isEmpty ? event.change.touchedSKUs : state.skusMoved(by: event.change))
            if case .bundles(let change) = event.change {
                touched.formUnion(state.bundles[change.code]?.components.map(\.sku) ?? [])
            }
            lastSequence = event.sequence
        }
        // A bundle's row shows what its components make: it moves with them.
        if !state.bundles.isEmpty { for code in touched { touched.formUnion(state.bundles.bundles(using: code)) } }
        for item in fresh { remember(item, forSKU: false) }
        var added = false
        var changed: [Int] = []
        let catalogueBefore = catalogueRevision
        for code in touched {
            guard let pool = state.pools[code] else { continue }
            if let position = index[code] {
                if rows[position].title != pool.sku.title || rows[position].barcode != pool.sku.barcode {
                    catalogueRevision += 1
                }
                count(rows[position], sign: -1)
                rows[position] = SKURow(pool, bundle: state.bundleStock(code))
                count(rows[position], sign: 1)
                changed.append(position)
            } else {
                rows.append(SKURow(pool, bundle: state.bundleStock(code)))
                added = true
            }
        }
        if added {
            catalogueRevision += 1
            rows.sort { $0.code < $1.code }
            index = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1.code, $0) })
        }
        let remapped = events.contains { if case .listingMapped = $0.change { true } else { false } }
        if secondaryLoaded && (catalogueRevision != catalogueBefore || remapped) {
            search = SearchIndex(rows: rows, extraKeys: Self.listingIDs(state))
        }
        if secondaryLoaded {
            channels.absorb(events, state: state, touched: touched)
            openLines.refresh(after: events, in: state)  // reads the state: an event seen twice is harmless
        }
        purchasing = state.purchasing
        settings = state.settings
        awaitingReturns = state.returns.awaiting
        if let last = events.last?.time, last > now { now = last }
        if added { recountTotals() }
        if secondaryLoaded {
            let everySKU = events.contains { StarvedLedger.changesEveryVerdict($0.change) }
            let everyOversell = events.contains { if case .storeSettingsSet = $0.change { true } else { false } }
            rejudge(state, touched: everySKU ? nil : touched, oversold: everyOversell ? nil : touched)
        }
        revision += 1
        searchRevision += 1
        lastChange = added ? nil : (revision, changed.sorted())
    }

    /// Per SKU, the channel listing ids mapped to it that differ from its code (lookup finds a
    /// SKU by them too).
    static func listingIDs(_ state: StockState) -> [SKUCode: [String]] {
        var ids: [SKUCode: [String]] = [:]
        for (key, mapping) in state.listings where key.listing != mapping.sku.rawValue {
            if !(ids[mapping.sku]?.contains(key.listing) ?? false) { ids[mapping.sku, default: []].append(key.listing) }
        }
        for code in ids.keys { ids[code]?.sort() }
        return ids
    }

    /// Puts a newer item at the front of `activity` (and of its SKU's recent list), dropping
    /// the oldest beyond the limit.
    private mutating func remember(_ item: ActivityItem, forSKU: Bool = true) {
        activity.prepend(item)
        countKind(item.kind, by: 1)
        while activity.count > Self.activityLimit, let oldest = activity.popLast() { countKind(oldest.kind, by: -1) }
        if forSKU { rememberForSKU(item) }
    }

    private mutating func countKind(_ kind: String, by delta: Int) {
        let count = activityKindCounts[kind, default: 0] + delta
        activityKindCounts[kind] = count > 0 ? count : nil
        if count <= 0 {
            activityKinds.removeAll { $0 == kind }
        } else if count == delta {
            activityKinds.insert(kind, at: activityKinds.firstIndex { $0 > kind } ?? activityKinds.endIndex)
        }
    }

    private mutating func rememberForSKU(_ item: ActivityItem) {
        guard let sku = item.sku else { return }
        // Edited in place: a copy taken out and put back would copy the list each time.
        recentBySKU[sku, default: []].insert(item, at: 0)
        if recentBySKU[sku]?.count ?? 0 > Self.recentPerSKU { recentBySKU[sku]?.removeLast() }
    }

    // MARK: - Totals for the header

    public private(set) var totalOnHand = 0
    public private(set) var totalAvailable = 0
    public private(set) var oversoldCount = 0
    /// Units each channel holds in open order lines, over the catalogue.
    public private(set) var openByChannel: [ChannelName: Int] = [:]

    /// Adds (sign 1) or takes away (sign -1) one row's part of the totals: an absorbed event
    /// changes a few rows, not the sums over 100,000.
    private mutating func count(_ row: SKURow, sign: Int) {
        totalOnHand += sign * row.stock.onHand
        totalAvailable += sign * max(0, row.stock.available)
        if row.stock.isOversold { oversoldCount += sign }
        for (channel, units) in row.committedByChannel {
            let now = openByChannel[channel, default: 0] + sign * units
            openByChannel[channel] = now == 0 ? nil : now
        }
    }

    /// Recomputed in full at start and when SKUs are added; otherwise kept by `count`.
    private mutating func recountTotals() {
        var onHand = 0
        var available = 0
        var oversold = 0
        var open: [ChannelName: Int] = [:]
        for index in rows.indices {
            let stock = rows[index].stock
            onHand += stock.onHand
            available += max(0, stock.available)
            if stock.isOversold { oversold += 1 }
            if !rows[index].committedByChannel.isEmpty {
                for (channel, units) in rows[index].committedByChannel { open[channel, default: 0] += units }
            }
        }
        (totalOnHand, totalAvailable, oversoldCount, openByChannel) = (onHand, available, oversold, open)
    }
}
