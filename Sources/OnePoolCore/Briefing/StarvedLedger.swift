/// The starved-channel items, kept per channel and SKU so that news re-judges and re-prices only
/// the SKUs it touched. A channel starved of 80,000 SKUs is one item whose money is the sum of
/// 80,000 parts: redoing it on every order line cost a running console hundreds of
/// milliseconds at 100,000 SKUs. Here each channel keeps each starved SKU's part
/// (`ProfitRule.starvedPart`), their exact running sum, how many were priced at the default
/// margin, the codes in order (the item names the first three) and the costliest ten (its
/// explanation shows them); an update takes the touched SKUs' old parts out and puts their new
/// ones in, and rewrites only the items of the channels whose parts changed.
///
/// `onepool briefing` builds one in a single pass (`Briefing.starvedItems`); the console builds
/// one when it opens and updates it as news arrives. The verdict is always Core's `starvations`
/// and the price always `ProfitRule`'s: the ledger only adds up.
///
/// A part reads its SKU's pool and catalogue entry, the channels' rules and listings, the store
/// settings, and the demand `outlook`. The ledger notices settings that changed (it prices
/// everything again); the caller says which SKUs changed otherwise, and builds it again when the
/// channels, their rules or listings change (`changesEveryVerdict`) or when the outlook changes
/// beyond the SKUs it names — in particular the channels' shares of sales, which every order
/// moves: the console holds them between forecast refreshes (`ChannelSales.holdShares`).
public struct StarvedLedger: Sendable {
    /// SKUs an item's explanation shows whole (the rest are summed in one line).
    public static let shown = 10

    /// One channel's starved SKUs and what they add up to.
    struct Book: Sendable {
        var parts: [SKUCode: ProfitRule.StarvedPart] = [:]
        /// The starved SKUs' codes in ascending order.
        var codes: [SKUCode] = []
        var total = MoneySum()
        /// SKUs priced at the default margin: the item says so while there is one.
        var defaultMargins = 0
        /// The costliest parts, exactly; nil when one of them left or got cheaper and more parts
        /// than it holds remain, so the next one is not known without looking at every part.
        var costliest: StarvedCostliest? = StarvedCostliest(limit: StarvedLedger.shown)

        /// Puts `code`'s new part in place of its old one (nil: not starved); false if nothing changed.
        mutating func set(_ code: SKUCode, _ part: ProfitRule.StarvedPart?) -> Bool {
            let old = parts[code]
            guard old != part else { return false }
            if let old {
                total.subtract(old.money)
                if old.margin.isDefault { defaultMargins -= 1 }
                let wasShown = costliest?.remove(code) ?? false
                // Still among the costliest if it costs no less now; otherwise another may be.
                if wasShown, parts.count > StarvedLedger.shown, part.map({ $0.money < old.money }) ?? true {
                    costliest = nil
                }
            }
            if let part {
                parts[code] = part
                total.add(part.money)
                if part.margin.isDefault { defaultMargins += 1 }
                costliest?.offer(code: code, money: part.money)
                if old == nil { insertCode(code) }
            } else {
                parts[code] = nil
                removeCode(code)
            }
            return true
        }

        /// The costliest parts, found again if an update lost track of them.
        mutating func settle() {
            guard costliest == nil else { return }
            var found = StarvedCostliest(limit: StarvedLedger.shown)
            for (code, part) in parts { found.offer(code: code, money: part.money) }
            costliest = found
        }

        private mutating func insertCode(_ code: SKUCode) {
            // One pass at open meets the codes in order: append without a search.
            if let last = codes.last, last < code {
                codes.append(code)
            } else {
                codes.insert(code, at: position(of: code))
            }
        }

        private mutating func removeCode(_ code: SKUCode) {
            let at = position(of: code)
            if at < codes.count, codes[at] == code { codes.remove(at: at) }
        }

        /// The first position whose code is not before `code`.
        private func position(of code: SKUCode) -> Int {
            var low = 0
            var high = codes.count
            while low < high {
                let middle = (low + high) / 2
                if codes[middle] < code { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    private var books: [ChannelName: Book] = [:]
    /// Each starved channel's item, rewritten when its parts change.
    private var itemsByChannel: [ChannelName: BriefingItem] = [:]
    /// The settings the parts were priced with (horizon, margins): others price every SKU again.
    private var settings: StoreSettings
    /// The explicit listings the verdicts read, gathered once: the ledger is made again when a
    /// listing is mapped (`changesEveryVerdict`), so an update need not walk every listing.
    private var listed: ExplicitListings? = nil

    /// No starved channel: a placeholder for a reader that builds the real ledger later.
    public init() { settings = .standard }

    /// Every starved channel's parts in one pass: `starved` as `state.starvations()` gives it
    /// (nil: judged here), priced with `outlook`.
    public init(state: StockState, outlook: DemandOutlook, starved: [Starvation]? = nil) {
        settings = state.settings
        let listed = ExplicitListings(state)
        self.listed = listed
        let rule = ProfitRule(state.settings)
        for entry in starved ?? state.starvations(skus: nil, listed: listed) {
            guard let sku = state.sku(entry.sku) else { continue }
            let part = rule.starvedPart(
                sku: sku, couldOffer: entry.couldOffer,
                daily: outlook.channelDailyRate(channel: entry.channel, sku: entry.sku))
            _ = books[entry.channel, default: Book()].set(entry.sku, part)
        }
        for channel in books.keys { rewrite(channel, state: state, outlook: outlook) }
    }

    /// One item per starved channel, by channel name.
    public var items: [BriefingItem] {
        itemsByChannel.sorted { $0.key < $1.key }.map(\.value)
    }

    /// The channels starved of at least one SKU.
    public var channels: [ChannelName] { books.keys.sorted() }

    /// Judges the SKUs in `codes` again (their pools or catalogue entries changed, or their
    /// demand in `outlook`) and re-prices them; the other SKUs' parts stand. New settings
    /// price every SKU again.
    public mutating func update(skus codes: Set<SKUCode>, state: StockState, outlook: DemandOutlook) {
        guard state.settings == settings else {
            self = StarvedLedger(state: state, outlook: outlook)
            return
        }
        guard !codes.isEmpty else { return }
        let rule = ProfitRule(settings)
        var fresh: [ChannelName: [SKUCode: ProfitRule.StarvedPart]] = [:]
        for entry in state.starvations(skus: codes, listed: listed) {
            guard let sku = state.sku(entry.sku) else { continue }
            fresh[entry.channel, default: [:]][entry.sku] = rule.starvedPart(
                sku: sku, couldOffer: entry.couldOffer,
                daily: outlook.channelDailyRate(channel: entry.channel, sku: entry.sku))
        }
        var changed: Set<ChannelName> = []
        for channel in Set(books.keys).union(fresh.keys) {
            let parts = fresh[channel]
            for code in codes where books[channel, default: Book()].set(code, parts?[code]) {
                changed.insert(channel)
            }
            if books[channel]?.parts.isEmpty ?? false { books[channel] = nil }
            // A SKU shown whole is explained with how its demand was reached, which can change
            // while its part does not (a forecast of the same rate as its recent sales).
            if books[channel]?.costliest?.entries.contains(where: { codes.contains($0.code) }) ?? false {
                changed.insert(channel)
            }
        }
        for channel in changed { rewrite(channel, state: state, outlook: outlook) }
    }

    /// Whether a change moves what every SKU's starvation is judged by (the channels, their
    /// rules, the listings), rather than only the pools it touches: the ledger is then built again.
    public static func changesEveryVerdict(_ change: Change) -> Bool {
        switch change {
        case .channelAdded, .channelConfigured, .listingMapped: true
        default: false
        }
    }

    /// Writes the channel's item from its book (or drops it: no longer starved).
    private mutating func rewrite(_ channel: ChannelName, state: StockState, outlook: DemandOutlook) {
        guard books[channel] != nil else {
            itemsByChannel[channel] = nil
            return
        }
        books[channel]?.settle()
        guard let book = books[channel] else { return }
        let rule = ProfitRule(settings)
        let shown = (book.costliest?.entries ?? []).compactMap { entry in
            book.parts[entry.code].map { (code: entry.code, part: $0) }
        }
        let effect = rule.starvedEffect(
            count: book.parts.count, total: book.total.money, usesDefaultMargin: book.defaultMargins > 0, shown: shown
        ) { outlook.channelDaily(channel: channel, sku: $0)?.how ?? "" }
        let ahead = state.channelsAhead(of: channel)
        let skus = book.codes
        itemsByChannel[channel] = BriefingItem(
            kind: .starved, subject: channel.rawValue,
            why: Briefing.why(
                "offered 0 of \(skus.count) SKU(s) that have units (\(skus.prefix(3).map(\.rawValue).joined(separator: ", "))"
                    + "\(skus.count > 3 ? ", …" : "")): "
                    + (ahead.isEmpty ? "channels served first" : ahead.joined(separator: ", "))
                    + " take them all; "
                    + "give it a floor or cap the channels ahead", effect, rule),
            action: .editChannel(channel), effect: effect)
    }
}
