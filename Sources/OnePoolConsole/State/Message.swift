import OnePoolCore

/// What happened, as the runtime tells `update`: named for the event, not the reaction.
public enum Message: Sendable {
    case keyPressed(Key)
    case resized(width: Int, height: Int)
    /// Events appended to the journal since the console last looked (by anyone), with the
    /// state after them.
    case journalAppended([Event], StockState)
    /// The journal was read from the start after the first frame: history and activity.
    case historyLoaded(events: [Event], history: DemandHistory)
    /// The search index, channel board and briefing items, built after the first frame.
    case secondaryLoaded(StockState)
    case changeCommitted(summary: String)
    case changeRefused(reason: String)
    case themeChanged(name: String)
    case clockTicked(today: Int, text: String)
    /// The background forecast finished (or reports progress with `done` of `total`).
    case forecastsComputed([String: ForecastSummary], briefing: [BriefingItem])
    case forecastProgress(done: Int, total: Int)
}

/// What `update` asks the runtime to do; results come back as messages.
public enum Effect: Equatable, Sendable {
    /// Append these changes as one durable batch; `summary` is shown when it succeeds.
    case append([ProposedChange], summary: String)
    case cycleTheme
    /// Write the channel's upload file and record it as published.
    case publish(channel: String)
    case quit
}
