import Foundation
import OnePoolCore

/// When the Amazon connector reads through the Reports API instead of `searchOrders`.
///
/// Why: after its burst of 20, `searchOrders` admits one request every ~3 minutes (0.0056/s)
/// of at most 100 orders — about 33 orders a minute. A shop selling faster, or a backlog after
/// an outage or a first sync, is never caught up by searching. `createReport` admits one
/// report a minute (0.0167/s, burst 15) and a report holds every order of its window, however
/// many; it takes Amazon a while to prepare, so it is for backlogs, not for the last minutes.
public struct AmazonReportSettings: Sendable, Equatable {
    /// Catch up through a `GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL` report when
    /// an order search still has pages to read (more than 100 orders after the cursor) and its
    /// window began more than this many seconds ago. nil: never (search only).
    public var catchUpAfter: Double? = 1800
    /// Seconds between `GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE` reports. nil: never.
    public var returnsEvery: Double? = 3600
    /// Each returns report looks back this far before the returns cursor: a return requested
    /// earlier and received since shows up again with its delivery date (applying it twice is
    /// a no-op). The report's documented window is 60 days at most.
    public var returnsLookback: Double = 30 * 86_400
    /// Report windows end this long before now: an order reaches Amazon's reports some time
    /// after it changes; the search reads the rest, from the report's end.
    public var settle: Double = 900
    /// After a report Amazon could not make (FATAL, CANCELLED) or a download that kept
    /// failing, wait this long before requesting another; orders go on through the search.
    public var retryAfterFailure: Double = 300

    public init() {}

    /// What `onepool sync` uses unless told otherwise.
    public static let standard = AmazonReportSettings()
}

/// The reports a connector has asked for and not yet recorded, kept between steps of one
/// process. Nothing here is in the journal: a process that dies forgets its reports, and the
/// next one asks again (a report's rows are applied idempotently, so asking twice costs a
/// request, never a double count).
actor AmazonReportJobs {
    struct Job: Sendable {
        var type: AmazonReportType
        var reportID: String
        var start: Timestamp
        var end: Timestamp
        /// The cursor position the report was asked for: another position (another process
        /// moved the cursor) makes the report moot.
        var basedOn: Timestamp?
    }

    private(set) var orders: Job?
    private(set) var returns: Job?
    /// No orders report is requested before this (after a failure).
    private(set) var ordersPausedUntil: Date?
    /// The next returns report is requested at or after this.
    private(set) var returnsDue: Date?
    /// Problems to show with the next page (a failed report, a refused request).
    private var notes: [String] = []

    func setOrders(_ job: Job?) { orders = job }
    func setReturns(_ job: Job?) { returns = job }
    func pauseOrders(until date: Date) { ordersPausedUntil = date }
    func scheduleReturns(at date: Date) { returnsDue = date }
    func note(_ text: String) { notes.append(text) }

    func takeNotes() -> [String] {
        defer { notes = [] }
        return notes
    }
}
