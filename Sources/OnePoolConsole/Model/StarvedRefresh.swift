import OnePoolCore

/// The starved-channel ledger priced again from scratch with the channels' shares of sales as
/// they stand, built off the UI thread (the background loader, after forecasting news): between
/// these the console holds the shares (`ChannelSales.holdShares`) so that an order line
/// re-prices only its own SKU, and without them the shares would stay as they were at the last
/// full forecast for as long as the console runs.
///
/// Built from the state at `sequence`; the console installs it only if it shows that same
/// state (else the next refresh does), and holds its own shares at the same moment, which are
/// then the loader's: both counted the same events.
public struct StarvedRefresh: Sendable {
    public let sequence: UInt64
    let ledger: StarvedLedger

    /// `journal`: the briefing's journal through `state.lastSequence`; `forecasts`: every SKU's
    /// forecast the console holds.
    public init(state: StockState, journal: BriefingJournal, forecasts: [SKUCode: ForecastSummary]) {
        var journal = journal
        journal.holdShares()
        sequence = state.lastSequence
        ledger = StarvedLedger(
            state: state,
            outlook: DemandOutlook(skus: forecasts.mapValues(\.outlook), channelSales: journal.channelSales))
    }
}
