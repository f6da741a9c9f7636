// The messages the runtime's background loader sends after forecasting, made as this branch's
// loader makes them: the one file a base build of the benchmark replaces (main's messages carry
// the whole forecast item list), so the same measures run on both.

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

    /// The SKUs forecast again and the whole forecast item list after them; `posted`: what the
    /// loader last sent, by id (this branch sends how the items changed from it).
    static func forecastsUpdated(
        _ changed: [SKUCode: ForecastSummary], items: [BriefingItem], posted: inout [String: BriefingItem],
        state: StockState
    ) -> Message {
        let now = BriefingItemsChange.byID(items)
        let change = BriefingItemsChange(from: posted, to: now)
        posted = now
        return .forecastsUpdated(changed, items: change, current: state)
    }
}
