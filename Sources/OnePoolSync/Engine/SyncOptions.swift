import Foundation
import OnePoolCore

/// How the engine behaves; the defaults are what `onepool sync` uses.
public struct SyncOptions: Sendable {
    /// Set a listing to 0 on a channel that was never offered stock (`--allow-zero`).
    public var allowZero = false
    /// Seconds between full reconciliations (the whole catalogue read and compared).
    public var reconcileEvery: Double = 3600
    /// A catalogue of at least this many listings is reconciled from one bulk export where the
    /// channel has one (Shopify's bulk operations) instead of page by page; nil: always pages.
    /// Paging costs Shopify's bucket about 4 points a variant (2,000 variants: ~70 s of a
    /// Standard plan's restore rate, past the bucket of 1,000); a bulk query costs 10 points whatever the size, but
    /// Shopify prepares it in the background, seconds at least.
    public var bulkCatalogueAbove: Int? = 2000
    /// Pages of orders one step reads at most per channel (the rest next step).
    public var maxPagesPerStep = 50
    /// Push rounds per step: a stale answer means pull, recompute, and try again.
    public var pushRounds = 3
    /// Read back the quantities of listings a pull touched, to catch drift at once.
    public var verifyTouched = true
    /// Longest pause of a failing channel between attempts, in seconds.
    public var maxChannelBackoff: Double = 300
    /// The name events are recorded under.
    public var actor: UserName = "sync"

    public init() {}
}

/// What one step did on one channel, for the operator and the status file.
public struct ChannelStepReport: Sendable {
    public var channel: ChannelName
    public var ordersRead = 0
    public var eventsWritten = 0
    public var placed = 0
    public var shipped = 0
    public var cancelled = 0
    public var parked = 0
    public var listingsSet = 0
    public var staleAnswers = 0
    public var drift = 0
    public var catalogueRead = false
    /// How the catalogue was read, when it was.
    public var catalogueMethod: CatalogueReading.Method?
    public var pullSucceeded = false
    /// Every page of the pull was really read: false when the channel's rate limit held the
    /// request back (Amazon's `searchOrders`), which is no pull at all for the lag.
    public var pullFresh = false
    /// When the step's last fresh pull of orders ended (what the status file's `lastPull` says).
    public var pulledAt: Date?
    public var pushAttempted = false
    /// Listings the never-offered guard held back.
    public var guarded: [String] = []
    /// Lines the store refused, pushes the channel refused, warnings.
    public var problems: [String] = []
    public var failure: ConnectorError?
    /// The channel is waiting out its backoff: nothing was tried.
    public var skippedUntil: Date?

    public init(channel: ChannelName) { self.channel = channel }
}
