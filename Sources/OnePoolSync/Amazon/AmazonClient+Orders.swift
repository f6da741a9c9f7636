import Foundation
import OnePoolChannels
import OnePoolCore

extension AmazonClient {
    /// The datasets each search asks for besides the basic order and items (which every
    /// answer carries): `FULFILLMENT` for the order's status and who fulfils it (FBA or not)
    /// and the items' shipped quantities, `CANCELLATION` for items cancelled on their own.
    static let orderDatasets = ["FULFILLMENT", "CANCELLATION"]

    /// Orders created or updated since the cursor (inclusive), through Orders API v2026-01-01
    /// `searchOrders` (`GET /orders/2026-01-01/orders`, filtered by `lastUpdatedAfter` and the
    /// connection's marketplace, `includedData=FULFILLMENT,CANCELLATION`, `maxResultsPerPage`
    /// 1…100, following `pagination.nextToken` as `paginationToken` with the other parameters
    /// unchanged, as the model requires). v0 `getOrders` is not used.
    ///
    /// At most `maxPages` pages per pull (default 20, the operation's documented burst). A
    /// search with more pages, or one stopped by a fault after its first page (throttled beyond
    /// `maxThrottleWait`, 5xx or a dropped connection after the retries), returns what it read
    /// with `complete == false`, the fault in `stoppedBy`, and a `next` cursor that resumes with
    /// Amazon's page token. A fault on the first page throws: there is nothing to apply. A page
    /// that failed mid-body is fetched again with the same token; an order seen on two pages
    /// (updated while paging) is kept once, at its latest update. A stored token Amazon refuses
    /// (400), or one older than 23 hours (they last 24), starts the search again from `since`;
    /// applying an order again is a no-op for the engine.
    ///
    /// When a search ends, `next.since` is the `lastUpdatedBefore` Amazon reported for it (its
    /// upper bound); without one, the latest `lastUpdatedTime` seen (re-read next time, since
    /// `lastUpdatedAfter` is inclusive); with no orders either, `since` stays.
    public func pullOrders(
        from cursor: AmazonOrdersCursor, pageSize: Int = 100, maxPages: Int = 20,
        now: Timestamp = AmazonClient.wallClock()
    ) async throws(AmazonError) -> AmazonOrdersPull {
        guard (1...100).contains(pageSize) else {
            throw .invalidConfiguration("page size \(pageSize) is outside 1…100 (searchOrders maxResultsPerPage)")
        }
        guard (1...10_000).contains(maxPages) else {
            throw .invalidConfiguration("max pages \(maxPages) is outside 1…10000")
        }
        var search = cursor
        if search.pageToken != nil, let issued = search.tokenIssued,
            now.millisecondsSince1970 - issued.millisecondsSince1970 > 23 * 3_600_000
        {
            search = search.restarted
        }
        var tokenIssued = search.pageToken == nil ? now : (search.tokenIssued ?? now)
        var pageToken = search.pageToken
        var nextSince = search.nextSince
        var collected = AmazonCollectedOrders()
        var usedTokens = Set<String>()
        var pages = 0
        var stoppedBy: AmazonError?
        while pages < maxPages {
            let page: SearchOrdersResponse
            do {
                page = try await searchOrdersPage(since: search.since, pageToken: pageToken, pageSize: pageSize)
            } catch {
                if pages == 0, pageToken != nil, search.pageToken != nil, case .invalidRequest(_, 400, _, _) = error {
                    search = search.restarted  // the stored token was refused: search again from `since`
                    (pageToken, nextSince, tokenIssued) = (nil, nil, now)
                    continue
                }
                if pages == 0 { throw error }
                stoppedBy = error
                break
            }
            pages += 1
            if let text = page.lastUpdatedBefore {
                guard let bound = TimeText.parse(text) else {
                    stoppedBy = .malformedResponse(
                        operation: "searchOrders", reason: "lastUpdatedBefore '\(text.prefix(40))' is not ISO 8601")
                    pages -= 1
                    break
                }
                nextSince = bound
            }
            collected.add(page.orders)
            if page.lastUpdatedBefore == nil, let latest = collected.latestSeen {
                nextSince = max(nextSince ?? latest, latest)
            }
            pageToken = page.pagination?.nextToken
            guard let token = pageToken else { break }
            guard usedTokens.insert(token).inserted else {
                stoppedBy = .malformedResponse(operation: "searchOrders", reason: "a page token repeated")
                pageToken = nil
                nextSince = nil
                break
            }
        }
        let next: AmazonOrdersCursor
        if let pageToken {
            next = AmazonOrdersCursor(
                since: search.since, pageToken: pageToken, nextSince: nextSince, tokenIssued: tokenIssued)
        } else if stoppedBy == nil {
            next = AmazonOrdersCursor(since: max(nextSince ?? search.since, search.since))
        } else {
            next = search.restarted
        }
        return AmazonOrdersPull(
            orders: collected.orders, rejected: collected.rejectedOrders, notes: collected.notes, next: next,
            complete: pageToken == nil && stoppedBy == nil, stoppedBy: stoppedBy, pages: pages)
    }

    /// A fresh search from `since`, read to its end (up to `maxPages`).
    public func pullOrders(
        since: Timestamp, pageSize: Int = 100, maxPages: Int = 1000
    ) async throws(AmazonError)
        -> AmazonOrdersPull
    {
        try await pullOrders(from: AmazonOrdersCursor(since: since), pageSize: pageSize, maxPages: maxPages)
    }

    /// Now, by the system clock, for token ages.
    public static func wallClock() -> Timestamp {
        Timestamp(millisecondsSince1970: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }

    private func searchOrdersPage(
        since: Timestamp, pageToken: String?, pageSize: Int
    ) async throws(AmazonError)
        -> SearchOrdersResponse
    {
        var query: [(String, String)] = [
            ("lastUpdatedAfter", AmazonTime.iso(since)), ("marketplaceIds", connection.marketplaceID),
            ("includedData", Self.orderDatasets.joined(separator: ",")), ("maxResultsPerPage", String(pageSize)),
        ]
        if let pageToken { query.append(("paginationToken", pageToken)) }
        let answer = try await requester.send(
            .searchOrders, method: "GET", path: "/orders/2026-01-01/orders", query: query)
        do {
            return try JSONDecoder().decode(SearchOrdersResponse.self, from: answer.body)
        } catch {
            throw .malformedResponse(
                operation: "searchOrders", reason: "the page is not a SearchOrdersResponse (\(Self.brief(error)))")
        }
    }

    static func brief(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.keyNotFound(_, let context), DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "not JSON of the documented shape" : "at \(path)"
        default:
            return "not JSON"
        }
    }
}

/// The orders of a pull's pages: each once, at its latest update; rejected ones by id.
struct AmazonCollectedOrders {
    private var byID: [String: AmazonOrder] = [:]
    private var rejected: [String: AmazonRejectedOrder] = [:]
    private(set) var notes: [String] = []
    private(set) var latestSeen: Timestamp?

    mutating func add(_ orders: [SearchOrdersResponse.Order]) {
        for order in orders {
            switch AmazonOrderMapping.map(order) {
            case .order(let mapped, let orderNotes):
                latestSeen = max(latestSeen ?? mapped.updatedAt, mapped.updatedAt)
                if let known = byID[mapped.orderID], known.updatedAt > mapped.updatedAt { continue }
                byID[mapped.orderID] = mapped
                rejected[mapped.orderID] = nil
                notes += orderNotes
            case .rejected(let problem):
                if byID[problem.orderID] == nil { rejected[problem.orderID] = problem }
            }
        }
    }

    /// In update order.
    var orders: [AmazonOrder] { byID.values.sorted { ($0.updatedAt, $0.orderID) < ($1.updatedAt, $1.orderID) } }
    var rejectedOrders: [AmazonRejectedOrder] { rejected.values.sorted { $0.orderID < $1.orderID } }
}
