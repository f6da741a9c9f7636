import OnePoolCore

/// What happened, as the runtime tells `ConsoleProgram.send`: named for the event, not the
/// reaction. Follow-ups the console sends itself are `Action`s.
public enum Message: Sendable {
    case keyPressed(Key)
    case resized(width: Int, height: Int)
    /// Events appended to the journal since the console last looked (by anyone), with the
    /// state after them.
    case journalAppended([Event], StockState)
    /// The journal read from the start, in the background, through `through` (its last sequence).
    case historyLoaded(events: [Event], history: DemandHistory, journal: BriefingJournal?, through: UInt64)
    /// Build the search index, channel board and state briefing items now, from this state.
    case secondaryLoaded(StockState)
    /// They were built in the background; `current` is the store's state now, to build them
    /// again from if the journal moved on meanwhile.
    case secondaryBuilt(ConsoleData.Secondary, current: StockState)
    /// A submitted change or intent was appended (or was already recorded).
    case changeCommitted(summary: String)
    /// A submitted change was refused (or could not be written).
    case changeRefused(reason: String)
    /// A submitted intent was refused by Core's planner, against the store's state.
    case intentRefused(IntentRefusal)
    case themeChanged(name: String)
    /// A theme could not be loaded; the text is shown whole on a key.
    case themeFailed(problem: String)
    /// The wall clock's day and header text, the monotonic clock (seconds) and the wall clock
    /// itself (nil: unchanged), and each channel's last pull that read orders, from the sync
    /// processes' status files (nil: unchanged).
    case clockTicked(
        today: Int, text: String, monotonic: Double, now: Timestamp? = nil,
        syncReadPulls: [ChannelName: Timestamp]? = nil)
    /// Forecasts for these SKUs (all of them at first, then those the journal touched), and the
    /// forecast briefing items over the whole catalogue; `current` (the store's state now) lets
    /// the state items be priced with the new outlook at once, not at the next journal news.
    /// `starved`: the starved channels priced with them, built in the background.
    case forecastsComputed(
        [SKUCode: ForecastSummary], briefing: [BriefingItem], starved: StarvedRefresh? = nil,
        current: StockState? = nil)
    /// The SKUs the journal touched since, forecast again, and how the forecast briefing items
    /// changed with them.
    case forecastsUpdated([SKUCode: ForecastSummary], items: BriefingItemsChange, current: StockState? = nil)
    case forecastProgress(done: Int, total: Int)
    /// The starved channels priced again with the channels' shares as they stand (built in the
    /// background); `current`: the store's state now.
    case starvedRefreshed(StarvedRefresh, current: StockState)
    /// A follow-up the console sends itself (from a pane's reducer).
    case action(Action)
}

/// A follow-up a reducer asks for, carried out by `send` in the same turn.
public enum Action: Equatable, Sendable {
    case openSKU(SKUCode)
    /// The approval queue with this PO open.
    case openPO(PurchaseOrderID)
    case showPane(Pane)
    case status(String, isError: Bool)
    case openLookup
    case openHelp
    case openFilter
    case openStockForm(StockForm.Action)
    case openRuleForm(channel: ChannelName)
    /// R or W on a RETURNS alert: the form asking how many units, and why.
    case openInspectForm(sku: SKUCode, restock: Bool)
    case openPrompt(QueuePrompt.Purpose)
    case askToApprove
    case openFullText(title: String, text: String)
}

/// What `send` asks the runtime to do; results come back as messages.
public enum Effect: Equatable, Sendable {
    /// Append these changes as one durable batch; `summary` is shown when it succeeds.
    case append([ProposedChange], summary: String)
    /// Plan the intent against the store's state inside its locked transaction, and append
    /// what it plans (or say why not); `summary` is shown when it succeeds.
    case submit(StockIntent, summary: String)
    case cycleTheme
    /// Write the channel's upload file and record it as published.
    case publish(channel: ChannelName)
    /// Put the terminal back and stop the process (Ctrl-Z); the console redraws on return.
    case suspend
    /// Paint the whole screen again (Ctrl-L).
    case redraw
    case quit(ExitReason)
    /// A follow-up message (carried out by `send`; never reaches the runtime).
    case follow(Action)
}

/// Why the console ended, for the exit status.
public enum ExitReason: Equatable, Sendable {
    /// `q`, or y to the quit question: exit 0.
    case asked
    /// Ctrl-C: exit 130, as an interrupted program does.
    case interrupted
    /// A signal from outside (SIGINT, SIGTERM, SIGHUP): exit 128 + its number.
    case signal(Int32)

    public var exitCode: Int32 {
        switch self {
        case .asked: 0
        case .interrupted: 130
        case .signal(let number): 128 + number
        }
    }
}
