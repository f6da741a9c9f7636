// The message the runtime's background loader sends once every SKU is forecast, made as this
// branch's loader makes it: the one file a base build of the benchmark replaces when the
// message changes, so the same measures run on both.

import OnePoolConsole
import OnePoolCore

enum BranchAPI {
    /// Every SKU's forecast, with the starved channels priced with them (as the loader sends them).
    static func forecastsComputed(
        _ summaries: [SKUCode: ForecastSummary], ranked: [BriefingItem], state: StockState, journal: BriefingJournal?
    ) -> Message {
        let starved = journal.map { StarvedRefresh(state: state, journal: $0, forecasts: summaries) }
        return .forecastsComputed(summaries, briefing: ranked, starved: starved, current: state)
    }
}
