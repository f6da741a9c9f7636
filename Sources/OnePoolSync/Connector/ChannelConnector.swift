import OnePoolChannels
import OnePoolCore

/// What the sync engine asks of a channel's API, and all it asks. A connector speaks one
/// channel's protocol (Shopify Admin GraphQL, Amazon SP-API, …), carries its own credentials
/// and HTTP client, retries what is safe to retry and throws `ConnectorError` for the rest; the
/// engine decides what the answers mean for the pool (with the file import's plan), records
/// them, and decides what to push. Adding a channel is writing one of these.
///
/// Every method is one logical request (a connector may page or retry inside it) and must be
/// safe to call again after any failure, including one that left the outcome unknown.
public protocol ChannelConnector: Sendable {
    /// The OnePool channel this connection feeds (`onepool channel list`).
    var channel: ChannelName { get }
    var capabilities: ConnectorCapabilities { get }

    /// One page of orders created or updated after `cursor` (nil: from the start of the
    /// connection's window), oldest change first, as the file import reads them. The page's
    /// `cursor` is stored in the same journal batch as the page's events, so a page is recorded
    /// whole or read again.
    func pullOrders(after cursor: String?) async throws -> OrderPage

    /// Every listing the channel sells at the connected location, with the quantity it holds.
    func readCatalogue() async throws -> [ChannelListing]

    /// The same catalogue, read the cheapest way the channel offers for its size: a channel
    /// with an export (Shopify's bulk operations) uses it once the catalogue holds at least
    /// `bulkAbove` listings (nil: never). The default reads `readCatalogue()`.
    func readCatalogue(bulkAbove: Int?) async throws -> CatalogueReading

    /// The quantity the channel holds now of some listings, by remote id (settling a stale
    /// compare-and-set, checking drift). Missing ids are left out of the answer.
    func readQuantities(remoteIDs: [String]) async throws -> [String: Int]

    /// Sets absolute quantities, whole or not at all. With `compareAndSet` each change applies
    /// only if the channel still holds `from`; the request carries `idempotencyKey`, so the same
    /// request sent again (a reply lost after the write took effect) applies once.
    func pushQuantities(_ changes: [QuantityChange], idempotencyKey: String) async throws -> PushOutcome

    /// One cheap call that names exactly what is missing: a scope, a location, a token.
    func check() async -> ConnectionCheck
}

extension ChannelConnector {
    public func readCatalogue(bulkAbove: Int?) async throws -> CatalogueReading {
        CatalogueReading(listings: try await readCatalogue(), method: .pages)
    }
}

/// A whole catalogue and how it was read.
public struct CatalogueReading: Sendable {
    public enum Method: String, Sendable {
        /// Page after page of the API's listings query.
        case pages
        /// One export the channel prepared (Shopify's bulk operation), downloaded and read.
        case bulk
    }

    public var listings: [ChannelListing]
    public var method: Method
    /// What the operator should know about the reading (a bulk export that failed and was
    /// replaced by paging, objects in the export OnePool could not read).
    public var notes: [String]

    public init(listings: [ChannelListing], method: Method, notes: [String] = []) {
        self.listings = listings
        self.method = method
        self.notes = notes
    }
}

/// What a channel's API can do, which the engine plans around.
public struct ConnectorCapabilities: Sendable, Hashable {
    /// The channel refuses a set whose expected current quantity is stale (Shopify's
    /// `changeFromQuantity`). Without it (Amazon), the engine pulls immediately before pushing.
    public var compareAndSet: Bool
    /// The most quantities one push may carry.
    public var maxPushBatch: Int

    public init(compareAndSet: Bool, maxPushBatch: Int) {
        self.compareAndSet = compareAndSet
        self.maxPushBatch = maxPushBatch
    }
}

/// A page of orders from a channel's API.
public struct OrderPage: Sendable {
    /// The order lines, as the file import reads them (`fileLine` numbers lines within the page).
    public var lines: [ImportedLine]
    /// Where each line came from, for messages (by `fileLine`): e.g. "order #1001".
    public var origins: [Int: String]
    /// Reason → lines skipped on purpose (FBA, items without a SKU).
    public var skipped: [String: Int]
    /// Orders on this page.
    public var orders: Int
    /// The channel's position after this page: pass it to the next `pullOrders`. Equal to the
    /// cursor given when the page holds nothing new.
    public var cursor: String
    /// More pages follow at once (the engine keeps reading within its step).
    public var hasMore: Bool
    /// False: the channel could not be asked now (its rate limit has no request to spare) and
    /// the page is empty for that reason, not because nothing sold. The engine then judges no
    /// quantity against its expectation (a sale it has not read would look like drift).
    public var fresh: Bool
    /// Orders the connector read but could not turn into lines (with why), for the status.
    public var problems: [String]
    /// Units that came back to the merchant on this page's orders (Shopify: refund line items
    /// restocked as RETURN), numbered like `lines`; `fileLine` continues after the lines'.
    public var returns: [ImportedReturn] = []

    public init(
        lines: [ImportedLine], origins: [Int: String] = [:], skipped: [String: Int] = [:], orders: Int, cursor: String,
        hasMore: Bool, fresh: Bool = true, problems: [String] = []
    ) {
        self.lines = lines
        self.origins = origins
        self.skipped = skipped
        self.orders = orders
        self.cursor = cursor
        self.hasMore = hasMore
        self.fresh = fresh
        self.problems = problems
    }
}

/// A listing in a channel's catalogue.
public struct ChannelListing: Sendable, Hashable {
    /// The channel's SKU for it: what orders name and what maps to a OnePool SKU.
    public var listing: String
    /// The channel's id for what carries the quantity (Shopify: the inventory item).
    public var remoteID: String
    /// What the channel holds at the connected location (nil: not stocked there).
    public var quantity: Int?
    public var title: String

    public init(listing: String, remoteID: String, quantity: Int?, title: String) {
        self.listing = listing
        self.remoteID = remoteID
        self.quantity = quantity
        self.title = title
    }
}

/// One quantity to set.
public struct QuantityChange: Sendable, Hashable {
    public var listing: String
    public var remoteID: String
    /// What the channel is expected to hold now. A channel with compare-and-set compares it
    /// atomically; a connector without (Amazon) reads the quantity just before writing and
    /// answers `stale` when it moved.
    public var from: Int?
    public var to: Int

    public init(listing: String, remoteID: String, from: Int?, to: Int) {
        self.listing = listing
        self.remoteID = remoteID
        self.from = from
        self.to = to
    }
}

/// The channel's answer to a push. Nothing was set unless `applied`.
public enum PushOutcome: Sendable, Hashable {
    case applied
    /// These listings' quantities moved since OnePool last knew them.
    case stale(listings: [String])
    /// Refused for a reason retrying will not fix (the channel's words).
    case refused(String)
}

/// What `onepool connect --check` reports.
public struct ConnectionCheck: Sendable, Hashable {
    /// What works (for the operator's confidence): "token valid until …", "location Main".
    public var good: [String]
    /// What is missing, each saying how to fix it. Empty: the connection is ready.
    public var missing: [String]

    public init(good: [String] = [], missing: [String] = []) {
        self.good = good
        self.missing = missing
    }

    public var ready: Bool { missing.isEmpty }
}

/// Why a connector call failed, sorted by what the engine should do about it.
public struct ConnectorError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The credentials were refused or expired and could not be renewed.
        case auth
        /// The credentials work but lack a permission (a scope, a marketplace).
        case permission
        /// The channel asked to slow down and the bounded waits ran out.
        case throttled
        /// The channel failed (5xx) repeatedly.
        case server
        /// No answer: connection refused or reset, timeout.
        case network
        /// An answer OnePool cannot read.
        case protocolError = "protocol"
        /// The connection's own settings are wrong (unknown location, bad shop name).
        case config
    }

    public var kind: Kind
    /// The operator's words; never carries a secret.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
