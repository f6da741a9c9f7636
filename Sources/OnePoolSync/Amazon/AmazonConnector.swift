import Foundation
import OnePoolChannels
import OnePoolCore

/// The Amazon SP-API connector: `AmazonClient` seen through `ChannelConnector`, so the sync
/// engine treats Amazon as it treats Shopify.
///
/// - Orders: Orders API v2026-01-01 `searchOrders` (see `AmazonClient.pullOrders(from:)`), one
///   Amazon page per `OrderPage`, read as the All Orders report import reads the same orders
///   (`AmazonOrderLines`): FBA skipped, cancellations, shipments, amendments by the import plan.
/// - Catalogue and quantities: Listings Items 2021-08-01 `searchListingsItems` (the merchant's
///   `DEFAULT` fulfilment availability; FBA listings are Amazon's stock and left out).
/// - Push: `getListingsItem` then `patchListingsItem` (merge of `fulfillment_availability`),
///   one listing per push. Amazon has no compare-and-set, so the connector reads the
///   listing just before patching and answers `stale` when its quantity is no longer what
///   OnePool expects (`from`); the window left is one read answer plus one patch request.
public final class AmazonConnector: ChannelConnector {
    public let channel: ChannelName
    /// No atomic compare-and-set: the engine pulls orders immediately before pushing, and
    /// each push carries one listing so the read-then-patch window is one listing's.
    public let capabilities = ConnectorCapabilities(compareAndSet: false, maxPushBatch: 1)
    public let client: AmazonClient
    /// Where a connection's first pull starts (`lastUpdatedAfter`).
    public let since: Timestamp
    /// When to read through the Reports API: a backlog of orders, and returns.
    public let reports: AmazonReportSettings
    /// The reports asked for and not yet recorded (this process only).
    let jobs = AmazonReportJobs()

    public init(channel: ChannelName, client: AmazonClient, since: Timestamp, reports: AmazonReportSettings = .standard)
    {
        self.channel = channel
        self.client = client
        self.since = since
        self.reports = reports
    }

    /// The same connection with other report settings (`onepool sync --amazon-…` options).
    public func with(reports: AmazonReportSettings) -> AmazonConnector {
        AmazonConnector(channel: channel, client: client, since: since, reports: reports)
    }

    /// What a sync process uses: waits short enough that a step is not held for minutes by one
    /// operation (a throttled order search is skipped, not waited for: see `pullOrders`).
    public static let syncPolicy = RetryPolicy(
        attempts: 4, baseDelay: 0.25, maxDelay: 4, maxThrottleWait: 10, requestTimeout: 30)

    // MARK: - Orders

    /// One page of `searchOrders` after the cursor. When the operation's usage plan has no
    /// request to spare (rate 0.0056/s after a burst of 20: one search every ~3 minutes), or
    /// Amazon answers 429, nothing is waited for: the page is empty, `fresh` false and the
    /// cursor unchanged, so the step goes on with the other channels and the next step asks
    /// again. An order the client could not read is named in `problems` (its id and why).
    public func pullOrders(after cursor: String?) async throws -> OrderPage {
        var position = AmazonOrdersCursor(since: since)
        if let cursor {
            do { position = try AmazonOrdersCursor(text: cursor) } catch {
                throw ConnectorError(
                    .config, "\(channel): the stored Amazon orders cursor is unreadable (\(error.description))")
            }
        }
        let unchanged = cursor ?? position.text
        let now = AmazonClient.wallClock()
        if let page = await returnsReportPage(position, now: now) { return page }
        if let page = await ordersReportPage(position, unchanged: unchanged, now: now) { return page }
        if await client.secondsUntilAdmitted(.searchOrders) > 0 {
            return OrderPage(
                lines: [], orders: 0, cursor: unchanged, hasMore: false, fresh: false, problems: await jobs.takeNotes())
        }
        let pull: AmazonOrdersPull
        do {
            pull = try await client.pullOrders(from: position, pageSize: 100, maxPages: 1)
        } catch .throttled {
            return OrderPage(
                lines: [], orders: 0, cursor: unchanged, hasMore: false, fresh: false, problems: await jobs.takeNotes())
        } catch {
            throw Self.connectorError(error)
        }
        let reading = AmazonOrderLines.read(pull.orders)
        var next = pull.next
        next.returnsSince = position.returnsSince
        var problems = await jobs.takeNotes()
        problems += pull.rejected.map { "Amazon order \($0.orderID) not read: \($0.reason)" }
        problems += pull.notes
        if let stopped = pull.stoppedBy { problems.append("the order search stopped early: \(stopped.description)") }
        // A search that found nothing keeps the cursor (re-reading an empty range costs nothing),
        // so a pull that finds nothing writes nothing.
        let foundNothing =
            pull.orders.isEmpty && pull.rejected.isEmpty && pull.next.pageToken == nil && position.pageToken == nil
        return OrderPage(
            lines: reading.lines, origins: reading.origins, skipped: reading.skipped,
            orders: pull.orders.count + pull.rejected.count,
            cursor: foundNothing ? unchanged : next.text,
            hasMore: !pull.complete && pull.stoppedBy == nil, problems: problems)
    }

    // MARK: - Catalogue and quantities

    /// The merchant-fulfilled listings; FBA listings are left out (their quantity is Amazon's
    /// warehouse stock, never OnePool's to set). The remote id is the seller SKU, which is
    /// what every Listings Items path takes.
    public func readCatalogue() async throws -> [ChannelListing] {
        let catalogue: AmazonCatalogue
        do { catalogue = try await client.catalogue() } catch { throw Self.connectorError(error) }
        return catalogue.listings.filter { !$0.fulfilledByAmazon }.map { listing in
            ChannelListing(
                listing: listing.sellerSKU, remoteID: listing.sellerSKU, quantity: listing.quantity,
                title: listing.asin.map { "\(listing.sellerSKU) (\($0))" } ?? listing.sellerSKU)
        }
    }

    /// Merchant quantities by seller SKU, 20 to a `searchListingsItems` request.
    public func readQuantities(remoteIDs: [String]) async throws -> [String: Int] {
        guard !remoteIDs.isEmpty else { return [:] }
        let found: [String: AmazonListing]
        do { found = try await client.listings(skus: remoteIDs) } catch { throw Self.connectorError(error) }
        var quantities: [String: Int] = [:]
        for (sku, listing) in found where !listing.fulfilledByAmazon {
            if let quantity = listing.quantity, Bounds.skuUnitRange.contains(quantity) { quantities[sku] = quantity }
        }
        return quantities
    }

    // MARK: - Push

    /// Reads every listing of the push (`getListingsItem`, which also gives the product type a
    /// patch needs), and writes only when none moved: a listing whose quantity is neither the
    /// expected `from` nor already the target means Amazon sold (or someone edited) since
    /// OnePool last knew it, and the whole push answers `stale` with nothing written. A listing
    /// already at its target is not written again — which is what makes a push resent after a
    /// lost answer (same key, same lines) apply once. Then each listing is patched; an INVALID
    /// submission is `refused` with Amazon's issues.
    ///
    /// `idempotencyKey` is not sent: `patchListingsItem` has no such parameter; the read above
    /// stands in for it.
    public func pushQuantities(_ changes: [QuantityChange], idempotencyKey: String) async throws -> PushOutcome {
        var reads: [(change: QuantityChange, productType: String, current: Int)] = []
        var stale: [String] = []
        for change in changes {
            let listing: AmazonListing
            do {
                listing = try await client.listing(sku: change.remoteID)
            } catch .listingNotFound(let sku) {
                return .refused("no listing with seller SKU '\(sku)' in the marketplace any more")
            } catch {
                throw Self.connectorError(error)
            }
            guard !listing.fulfilledByAmazon else {
                return .refused("'\(change.remoteID)' is fulfilled by Amazon (FBA): its quantity is Amazon's")
            }
            guard let productType = listing.productType else {
                return .refused("'\(change.remoteID)' has no product type in its summary; a patch needs one")
            }
            let current = listing.quantity ?? 0
            if current != change.to, let from = change.from, current != from { stale.append(change.listing) }
            reads.append((change, productType, current))
        }
        guard stale.isEmpty else { return .stale(listings: stale) }
        for read in reads where read.current != read.change.to {
            let outcome: AmazonPatchOutcome
            do {
                outcome = try await client.setQuantity(
                    sku: read.change.remoteID, quantity: read.change.to, productType: read.productType)
            } catch {
                throw Self.connectorError(error)
            }
            if case .invalid(_, let issues) = outcome {
                let words = issues.prefix(3).map { "\($0.code): \($0.message)" }.joined(separator: "; ")
                return .refused(
                    "Amazon did not accept the quantity of '\(read.change.remoteID)'"
                        + (words.isEmpty ? "" : " (\(words))"))
            }
        }
        return .applied
    }

    // MARK: - Check

    /// Proves the chain a sync needs, one call per permission: the LWA grant and the seller's
    /// marketplace (`getMarketplaceParticipations`), the listings (`searchListingsItems`, the
    /// Product Listing role) and the orders (`searchOrders`, the Inventory and Order Tracking
    /// role). Each failure says what to do. Role names as "Role Mappings for SP-API Operations"
    /// (developer-docs.amazon.com/sp-api/docs/role-mappings) gives them.
    public func check() async -> ConnectionCheck {
        var result = ConnectionCheck()
        let marketplace = client.connection.marketplaceID
        do {
            let participation = try await client.checkConnection()
            result.good.append("Login with Amazon accepted the client id, secret and refresh token")
            result.good.append("seller \(client.connection.sellerID) sells in marketplace \(marketplace)")
            if participation.hasSuspendedListings {
                result.good.append("note: the seller has suspended listings in \(marketplace)")
            }
        } catch {
            result.missing.append(Self.explain(error, what: "the seller and marketplace"))
            return result
        }
        do {
            _ = try await client.searchPage(query: [("pageSize", "1")])
            result.good.append("listings readable (Product Listing role)")
        } catch {
            result.missing.append(Self.explain(error, what: "listings (the Product Listing role)"))
        }
        do {
            let recent = Timestamp(millisecondsSince1970: AmazonClient.wallClock().millisecondsSince1970 - 86_400_000)
            _ = try await client.pullOrders(from: AmazonOrdersCursor(since: recent), pageSize: 1, maxPages: 1)
            result.good.append("orders readable (Inventory and Order Tracking role)")
        } catch .throttled {
            result.good.append("orders: searchOrders is rate-limited just now; not checked")
        } catch {
            result.missing.append(Self.explain(error, what: "orders (the Inventory and Order Tracking role)"))
        }
        return result
    }

    /// An Amazon failure in the words `connect --check` shows: what is missing and how to fix it.
    static func explain(_ error: AmazonError, what: String) -> String {
        switch error {
        case .credentialsRejected(let text):
            let lower = text.lowercased()
            if lower.contains("invalid_client") {
                return "LWA client id or client secret refused (\(text)): check --client-id and the client secret file"
            }
            if lower.contains("invalid_grant") {
                return "LWA refresh token refused (\(text)): it is wrong, or the seller revoked the authorisation; "
                    + "authorise the app again and run `onepool connect amazon` with the new refresh token file"
            }
            return "Login with Amazon refused the credentials (\(text))"
        case .accessDenied(_, let details):
            return "access to \(what) denied\(details.isEmpty ? "" : " (\(details))"): the seller id may not be the "
                + "seller who authorised the app, or the app lacks the role; add it in Seller Central's app "
                + "registration and authorise again"
        case .marketplaceNotParticipating(let marketplace, let participating):
            return "marketplace \(marketplace): the seller does not sell there (sells in: "
                + "\(participating.isEmpty ? "none" : participating.joined(separator: ", "))); give --marketplace "
                + "one of those"
        default:
            return "\(what): \(error.description)"
        }
    }

    static func connectorError(_ error: AmazonError) -> ConnectorError {
        switch error {
        case .invalidConfiguration, .quantityOutOfRange: ConnectorError(.config, error.description)
        case .credentialsRejected: ConnectorError(.auth, error.description)
        case .accessDenied, .marketplaceNotParticipating: ConnectorError(.permission, error.description)
        case .throttled: ConnectorError(.throttled, error.description)
        case .serverError: ConnectorError(.server, error.description)
        case .network: ConnectorError(.network, error.description)
        case .invalidRequest, .malformedResponse: ConnectorError(.protocolError, error.description)
        case .listingNotFound: ConnectorError(.config, error.description)
        }
    }
}
