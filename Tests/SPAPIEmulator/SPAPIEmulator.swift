import Foundation
import LoopbackHTTP

/// An emulator of the SP-API subset OnePool uses — Login with Amazon's refresh-token grant,
/// Orders API v2026-01-01 `searchOrders`, Listings Items API 2021-08-01 `getListingsItem`,
/// `patchListingsItem` and `searchListingsItems`, Sellers API `getMarketplaceParticipations`
/// — on a random loopback port, shaped after the published models
/// (amzn/selling-partner-api-models). Each handler names the documented shape it follows.
///
/// Beyond answering, it misbehaves on demand: per-operation token buckets (429 with the
/// documented `QuotaExceeded` body), scripted 5xx, slow answers, connections reset halfway
/// through a body, access tokens that expire, and a storefront that sells concurrently
/// (`sell`, or `POST /_emulator/orders` from another process).
///
/// All state sits behind one lock; the server's threads call `handle`.
public final class SPAPIEmulator: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var clientID = "amzn1.application-oa2-client.test"
        public var clientSecret = "emulator-client-secret-0123456789"
        public var refreshToken = "Atzr|emulator-refresh-token-0123456789"
        public var sellerID = "A2SELLER0TEST"
        public var marketplaces = ["ATVPDKIKX0DER"]
        /// Seconds an access token lives (`expires_in`; Amazon: 3600).
        public var accessTokenLifetime: Double = 3600
        /// Orders become visible this long after they change (Amazon: about two minutes; the
        /// v0 docs warn of the delay). 0 keeps tests fast.
        public var orderVisibilityDelay: Double = 0
        /// Whether `searchOrders` answers with the bound it applied (`lastUpdatedBefore`); off to
        /// test a client that must do without it.
        public var echoesSearchBound = true
        /// The most listings `searchListingsItems` lets a search page through (documented: 1000).
        public var listingsSearchCap = 1000
        /// Usage plans; documented defaults unless set.
        public var plans: [EmulatedOperation: (rate: Double, burst: Int)] = [
            .searchOrders: (0.0056, 20), .getListingsItem: (5, 10), .patchListingsItem: (5, 10),
            .searchListingsItems: (5, 5), .getMarketplaceParticipations: (0.016, 15),
            .createReport: (0.0167, 15), .getReport: (2, 15), .getReportDocument: (0.0167, 15),
        ]
        /// `getReport` calls that answer IN_QUEUE / IN_PROGRESS before a report is DONE.
        public var reportPollsBeforeDone = 1
        /// Seconds a presigned document URL works (ReportDocument.url: "expires after 5 minutes").
        public var documentURLLifetime: Double = 300
        /// Documents are served gzip (`compressionAlgorithm: GZIP`), as Amazon does for large ones.
        public var compressDocuments = true

        public init() {}
    }

    struct Scheduled {
        var fault: EmulatorFault
        var skip: Int
        var remaining: Int
    }

    struct IssuedToken {
        var expires: Date
    }

    let lock = NSLock()
    var configuration: Configuration
    var orders: [String: EmulatedOrder] = [:]
    var listings: [String: EmulatedListing] = [:]
    var tokens: [String: IssuedToken] = [:]
    var buckets: [EmulatedOperation: EmulatedBucket] = [:]
    var scheduled: [EmulatedOperation: [Scheduled]] = [:]
    var patchRejections: [String: (code: String, message: String)] = [:]
    var log: [LoggedRequest] = []
    var history: [SPAPIEvent] = []
    var refreshTokenRevoked = false
    /// Added to the system clock: tests move the emulator's time instead of sleeping.
    var clockOffset: TimeInterval = 0
    var orderCounter = 0
    var itemCounter = 0
    var reports: [String: EmulatedReport] = [:]
    var documents: [String: EmulatedDocument] = [:]
    /// Outcomes forced on the next reports created (FATAL, CANCELLED), in order.
    var forcedReportOutcomes: [String] = []
    var returnRows: [EmulatedReturn] = []
    var reportCounter = 0
    /// Presigned document URLs: token → when it stops working, and the document it names.
    var documentURLs: [String: Date] = [:]
    var documentOfURL: [String: String] = [:]
    /// Downloads that carried an LWA access token (OnePool must never send one to S3).
    var downloadsCarryingAccessToken = 0
    private var server: LoopbackHTTPServer?

    public init(_ configuration: Configuration = Configuration()) {
        self.configuration = configuration
        let now = Date()
        for (operation, plan) in configuration.plans {
            buckets[operation] = EmulatedBucket(
                rate: plan.rate, burst: plan.burst, tokens: Double(plan.burst), updated: now)
        }
    }

    /// Starts serving; returns the base URL (`http://127.0.0.1:PORT`) to give the client.
    @discardableResult
    public func start() throws -> String {
        let server = try LoopbackHTTPServer { [self] request in handle(request) }
        self.server = server
        return server.baseURL
    }

    public func stop() { server?.stop() }

    public var baseURL: String { server?.baseURL ?? "" }

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    // MARK: Controls for tests

    /// The next `times` calls to `operation` (after skipping `skip` calls) meet `fault`.
    public func inject(_ fault: EmulatorFault, on operation: EmulatedOperation, times: Int = 1, skip: Int = 0) {
        locked { scheduled[operation, default: []].append(Scheduled(fault: fault, skip: skip, remaining: times)) }
    }

    /// Faults still scheduled for `operation` are dropped.
    public func clearFaults(on operation: EmulatedOperation) { locked { scheduled[operation] = nil } }

    /// `tokens`: what the bucket holds now (default: full).
    public func setPlan(_ operation: EmulatedOperation, rate: Double, burst: Int, tokens: Double? = nil) {
        locked {
            buckets[operation] = EmulatedBucket(
                rate: rate, burst: burst, tokens: tokens ?? Double(burst), updated: now())
        }
    }

    /// The emulator's time moves on by `seconds` (orders become visible, tokens expire, buckets
    /// refill) without the test waiting.
    public func advanceClock(by seconds: TimeInterval) { locked { clockOffset += seconds } }

    /// The emulator's clock, for a client that should see the same time (a test that moves
    /// time instead of waiting for it).
    public var clock: Date { locked { now() } }

    /// The emulator's now (call with the lock held).
    func now() -> Date { Date().addingTimeInterval(clockOffset) }

    public func setAccessTokenLifetime(_ seconds: Double) { locked { configuration.accessTokenLifetime = seconds } }

    /// Every access token issued so far expires now (Amazon's side; the client does not know).
    public func expireAccessTokens() {
        locked {
            let moment = now()
            for key in tokens.keys { tokens[key]?.expires = moment }
        }
    }

    /// The seller withdraws the app's authorisation.
    public func revokeRefreshToken() { locked { refreshTokenRevoked = true } }

    /// Patches of `sku` answer INVALID with this issue.
    public func rejectPatches(
        of sku: String, code: String = "90000900", message: String = "The attributes are invalid."
    ) {
        locked { patchRejections[sku] = (code, message) }
    }

    public func requests(_ operation: EmulatedOperation? = nil) -> [LoggedRequest] {
        locked { operation.map { op in log.filter { $0.operation == op } } ?? log }
    }

    /// Document downloads that carried an LWA access token (should be none).
    public func documentDownloadsWithAccessToken() -> Int { locked { downloadsCarryingAccessToken } }

    public func accessTokensIssued() -> Int {
        locked { log.filter { $0.operation == .lwaToken && $0.status == 200 }.count }
    }

    // MARK: Catalogue and storefront

    public func addListing(
        sku: String, quantity: Int?, fulfilledByAmazon: Bool = false, productType: String = "PRODUCT",
        asin: String? = nil,
        created: Date? = nil, leadTimeDays: Int? = 2
    ) {
        locked {
            let moment = EmulatorTime.truncated(created ?? now())
            listings[sku] = EmulatedListing(
                sku: sku, asin: asin ?? "B0" + String(format: "%08d", listings.count + 1), productType: productType,
                merchantQuantity: fulfilledByAmazon ? nil : quantity,
                amazonQuantity: fulfilledByAmazon ? quantity : nil,
                leadTimeToShipMaxDays: leadTimeDays, created: moment, lastUpdated: moment)
        }
    }

    public func listing(_ sku: String) -> EmulatedListing? { locked { listings[sku] } }

    /// A Seller Central edit: the merchant quantity becomes `quantity`.
    public func editQuantity(_ sku: String, to quantity: Int) {
        locked {
            listings[sku]?.merchantQuantity = quantity
            listings[sku]?.lastUpdated = EmulatorTime.truncated(now())
        }
    }

    public func order(_ id: String) -> EmulatedOrder? { locked { orders[id] } }

    /// Sales, cancellations and accepted quantity patches so far, in the order they happened.
    public func events() -> [SPAPIEvent] { locked { history } }

    /// Merchant orders a buyer could still cancel (UNSHIPPED or PENDING).
    public func openOrders() -> [String] {
        locked {
            orders.values.filter { $0.fulfilledBy == "MERCHANT" && ["UNSHIPPED", "PENDING"].contains($0.status) }
                .map(\.orderID).sorted()
        }
    }

    public func allOrders() -> [EmulatedOrder] { locked { orders.values.sorted { $0.orderID < $1.orderID } } }

    /// A buyer orders. Merchant orders take their units from the listings' DEFAULT quantity,
    /// and Amazon never sells more than is listed: nil (nothing happens) when a listing lacks
    /// the units. FBA orders take from the Amazon-fulfilled quantity.
    @discardableResult
    public func sell(
        _ lines: [(sku: String, quantity: Int)], fulfilledByAmazon: Bool = false, status: String = "UNSHIPPED",
        unitPrice: String = "12.50", marketplace: String? = nil
    ) -> String? {
        locked {
            sellLocked(
                lines, fulfilledByAmazon: fulfilledByAmazon, status: status, unitPrice: unitPrice,
                marketplace: marketplace)
        }
    }

    func sellLocked(
        _ lines: [(sku: String, quantity: Int)], fulfilledByAmazon: Bool, status: String, unitPrice: String,
        marketplace: String?
    ) -> String? {
        for line in lines {
            guard let listing = listings[line.sku], line.quantity > 0 else { return nil }
            let available = (fulfilledByAmazon ? listing.amazonQuantity : listing.merchantQuantity) ?? 0
            let wanted = lines.filter { $0.sku == line.sku }.reduce(0) { $0 + $1.quantity }
            guard available >= wanted else { return nil }
        }
        let moment = EmulatorTime.truncated(now())
        orderCounter += 1
        let id = String(
            format: "%03d-%07d-%07d", 100 + orderCounter % 900, orderCounter, (orderCounter * 7919) % 10_000_000)
        var items: [EmulatedOrderItem] = []
        for line in lines {
            itemCounter += 1
            if fulfilledByAmazon {
                listings[line.sku]?.amazonQuantity? -= line.quantity
            } else {
                listings[line.sku]?.merchantQuantity? -= line.quantity
                history.append(.sale(order: id, sku: line.sku, quantity: line.quantity, at: now()))
            }
            items.append(
                EmulatedOrderItem(
                    orderItemID: String(format: "%014d", 10_000_000_000_000 + itemCounter), sellerSKU: line.sku,
                    asin: listings[line.sku]?.asin ?? "", quantityOrdered: line.quantity, quantityShipped: 0,
                    unitPrice: unitPrice,
                    cancelled: false))
        }
        orders[id] = EmulatedOrder(
            orderID: id, marketplaceID: marketplace ?? configuration.marketplaces.first ?? "", created: moment,
            lastUpdated: moment,
            status: status, fulfilledBy: fulfilledByAmazon ? "AMAZON" : "MERCHANT", items: items)
        return id
    }

    /// Moves an order to another `FulfillmentStatus`; SHIPPED ships every item.
    public func setStatus(_ orderID: String, _ status: String) {
        locked {
            guard var order = orders[orderID] else { return }
            order.status = status
            if status == "SHIPPED" {
                for index in order.items.indices where !order.items[index].cancelled {
                    order.items[index].quantityShipped = order.items[index].quantityOrdered
                }
            }
            order.lastUpdated = EmulatorTime.truncated(now())
            orders[orderID] = order
        }
    }

    /// Ships one item of a multi-item order: the order becomes PARTIALLY_SHIPPED (or SHIPPED).
    public func shipItem(_ orderID: String, sku: String) {
        locked {
            guard var order = orders[orderID], let index = order.items.firstIndex(where: { $0.sellerSKU == sku }) else {
                return
            }
            order.items[index].quantityShipped = order.items[index].quantityOrdered
            let open = order.items.contains { !$0.cancelled && $0.quantityShipped < $0.quantityOrdered }
            order.status = open ? "PARTIALLY_SHIPPED" : "SHIPPED"
            order.lastUpdated = EmulatorTime.truncated(now())
            orders[orderID] = order
        }
    }

    /// The order is cancelled; unshipped merchant units go back to the listings.
    public func cancel(_ orderID: String) {
        locked {
            guard var order = orders[orderID], order.status != "CANCELLED" else { return }
            for index in order.items.indices where !order.items[index].cancelled {
                let back = order.items[index].quantityOrdered - order.items[index].quantityShipped
                if order.fulfilledBy == "MERCHANT" {
                    listings[order.items[index].sellerSKU]?.merchantQuantity? += back
                    history.append(
                        .cancel(order: orderID, sku: order.items[index].sellerSKU, quantity: back, at: now()))
                }
                order.items[index].cancelled = true
            }
            order.status = "CANCELLED"
            order.lastUpdated = EmulatorTime.truncated(now())
            orders[orderID] = order
        }
    }
}
