import OnePoolCore

/// The journal folded into what replenishment and the briefing read, in the form a history
/// checkpoint keeps: every fold that does not depend on the day it is read on, and the channel
/// sales as raw days (`DailyChannelSales`), since their window ends the day before each reading.
public struct HistoryFolds: Sendable {
    public var demand: DemandHistory
    public var stockouts: StockoutCalendar
    public var incoming: IncomingSchedule
    public var channelSales: DailyChannelSales
    public var returns: ReturnsWindow

    /// Empty folds, in the store's zone at `utcOffsetSeconds`, keeping channel sales from `since`.
    public init(utcOffsetSeconds: Int, channelSalesSince since: Int) {
        demand = DemandHistory(utcOffsetSeconds: utcOffsetSeconds)
        stockouts = StockoutCalendar(utcOffsetSeconds: utcOffsetSeconds)
        incoming = IncomingSchedule(utcOffsetSeconds: utcOffsetSeconds)
        channelSales = DailyChannelSales(since: since, utcOffsetSeconds: utcOffsetSeconds)
        returns = ReturnsWindow()
    }

    init(
        demand: DemandHistory, stockouts: StockoutCalendar, incoming: IncomingSchedule,
        channelSales: DailyChannelSales, returns: ReturnsWindow
    ) {
        self.demand = demand
        self.stockouts = stockouts
        self.incoming = incoming
        self.channelSales = channelSales
        self.returns = returns
    }

    public var utcOffsetSeconds: Int { demand.utcOffsetSeconds }

    /// Events in journal order (a reader may instead fold the parts on different threads: each
    /// folds every event on its own).
    public mutating func record(_ event: Event) {
        demand.record(event)
        stockouts.record(event)
        incoming.record(event)
        channelSales.record(event)
        returns.record(event)
    }
}

/// A history checkpoint as read back: the folds of the journal up to event `sequence`, which
/// ends at `position` on the record `anchor`.
public struct HistoryCheckpoint: Sendable {
    public var folds: HistoryFolds
    public let sequence: UInt64
    /// The file it was read from.
    public let path: String
    let position: JournalPosition
    let anchor: SnapshotAnchor
}
