/// Every input of the briefing but the forecasts: the state, what the journal says beyond it
/// (`BriefingJournal`) and the moment it is judged at. `onepool briefing` and the console's
/// loader both build the briefing from one of these through `Briefing.make(_:recommendations:)`
/// (the console redoes `judgedItems` on every change), so the two show the same items.
public struct BriefingInputs: Sendable {
    public var state: StockState
    /// Nil while the journal is still being read (the console's first seconds): what needs a
    /// channel's sales is then priced from the SKU's forecast alone, and returns wait.
    public var journal: BriefingJournal?
    /// The moment the items are judged at: late POs, the returns window.
    public var time: Timestamp
    /// What live sync knows; nil reads it from the state's own sync facts.
    public var sync: SyncFacts?

    public init(state: StockState, journal: BriefingJournal?, time: Timestamp, sync: SyncFacts? = nil) {
        self.state = state
        self.journal = journal
        self.time = time
        self.sync = sync
    }

    /// The returns item's input: units returned per SKU over the horizon up to `time`.
    public var returnedUnits: [ProfitRule.ReturnedUnits] {
        journal?.returns.units(state: state, now: time, days: state.settings.horizonDays) ?? []
    }
}

extension Briefing {
    /// The whole briefing, ranked, from its inputs and every SKU's recommendation (from the
    /// planner calibrated on the store, `ReplenishmentPlanner.calibrated(state:history:today:)`).
    public static func make(
        _ inputs: BriefingInputs, recommendations: [Recommendation], recentSales: [SKUCode: Int]
    ) -> [BriefingItem] {
        let skus = DemandOutlook(recommendations: recommendations).skus
        return rank(
            forecastItems(state: inputs.state, recommendations: recommendations, recentSales: recentSales)
                + judgedItems(inputs, skus: skus))
    }

    /// Every item not read off a forecast — state items (priced with the SKUs' forecast outlooks
    /// and the channels' recent sales) and returns: cheap enough to redo on every change, as the
    /// console does. `overExposed` and `starved`: the over-exposed listings and the starved
    /// channels when the caller keeps them (the console's channel board, its per-SKU verdicts);
    /// nil works them out from the state. `ledger`: the starved channels kept by the caller
    /// (`StarvedLedger`, priced with the same outlook), in place of `starved`.
    /// `oversold` false leaves out the oversold items (`stateItems`).
    public static func judgedItems(
        _ inputs: BriefingInputs, skus: [SKUCode: SKUOutlook], overExposed: [OverExposure]? = nil,
        starved: [Starvation]? = nil, ledger: StarvedLedger? = nil, oversold: Bool = true
    ) -> [BriefingItem] {
        let state = inputs.state
        let outlook = DemandOutlook(skus: skus, channelSales: inputs.journal?.channelSales)
        return stateItems(
            state: state, overExposed: overExposed ?? state.overExposed(),
            starved: ledger == nil ? (starved ?? state.starvations()) : [], ledger: ledger,
            time: inputs.time, outlook: outlook, sync: inputs.sync, oversold: oversold)
            + returnItems(state: state, returns: inputs.returnedUnits)
    }
}

extension Briefing {
    /// The days of recent sales a forecast miss compares with the forecast.
    public static let recentSalesDays = 7

    /// Units `code` sold in the `recentSalesDays` days ending yesterday: a forecast miss's input,
    /// taken alike by the CLI (every SKU) and the console (each SKU as it is forecast).
    public static func recentSales(_ code: SKUCode, history: DemandHistory, today: Int) -> Int {
        history.total(code, days: recentSalesDays, endingOn: today - 1)
    }
}
