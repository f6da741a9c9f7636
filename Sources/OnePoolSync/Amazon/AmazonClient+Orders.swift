import Foundation
import OnePoolChannels
import OnePoolCore

extension AmazonClient {
    /// The datasets each search asks for besides the basic order and items (which every
    /// answer carries): `FULFILLMENT` for the order's status and who fulfils it (FBA or not)
    /// and the items' shipped quantities, `CANCELLATION` for items cancelled on their own.
    static let orderDatasets = ["FULFILLMENT", "CANCELLATION"]

    /// Orders created or updated since `cursor` (inclusive), every page of them, through Orders
    /// API v2026-01-01 `searchOrders` (`GET /orders/2026-01-01/orders`, filtered by
    /// `lastUpdatedAfter` and the connection's marketplace, `includedData=FULFILLMENT,CANCELLATION`,
    /// `maxResultsPerPage` 1…100, following `pagination.nextToken` as `paginationToken` with the
    /// other parameters unchanged, as the model requires). v0 `getOrders` is not used.
    ///
    /// All or nothing: a page that fails after its retries fails the pull, and nothing of it is
    /// returned, so the engine writes nothing and the next pull starts from the same cursor. A
    /// page that failed mid-body is fetched again with the same token; an order seen on two
    /// pages (updated while paging) is kept once, at its latest update.
    ///
    /// The new cursor is the `lastUpdatedBefore` Amazon reports for the search (its upper bound);
    /// without it, the latest `lastUpdatedTime` seen (re-read next time: `lastUpdatedAfter` is
    /// inclusive, and applying an order twice is a no-op for the engine); with no orders either,
    /// the cursor stays.
    public func pullOrders(
        since cursor: Timestamp, pageSize: Int = 100, maxPages: Int = 1000
    ) async throws(AmazonError) -> AmazonOrdersPull {
        guard (1...100).contains(pageSize) else {
            throw .invalidConfiguration("page size \(pageSize) is outside 1…100 (searchOrders maxResultsPerPage)")
        }
        let since = AmazonTime.iso(cursor)
        var byID: [String: AmazonOrder] = [:]
        var rejected: [String: AmazonRejectedOrder] = [:]
        var notes: [String] = []
        var upperBound: Timestamp?
        var latestSeen: Timestamp?
        var pageToken: String?
        var usedTokens = Set<String>()
        var pages = 0
        repeat {
            var query: [(String, String)] = [
                ("lastUpdatedAfter", since), ("marketplaceIds", connection.marketplaceID),
                ("includedData", Self.orderDatasets.joined(separator: ",")), ("maxResultsPerPage", String(pageSize)),
            ]
            if let pageToken { query.append(("paginationToken", pageToken)) }
            let answer = try await requester.send(
                .searchOrders, method: "GET", path: "/orders/2026-01-01/orders", query: query)
            let page: SearchOrdersResponse
            do {
                page = try JSONDecoder().decode(SearchOrdersResponse.self, from: answer.body)
            } catch {
                throw .malformedResponse(
                    operation: "searchOrders", reason: "the page is not a SearchOrdersResponse (\(Self.brief(error)))")
            }
            pages += 1
            if upperBound == nil, let text = page.lastUpdatedBefore {
                guard let bound = TimeText.parse(text) else {
                    throw .malformedResponse(
                        operation: "searchOrders", reason: "lastUpdatedBefore '\(text.prefix(40))' is not ISO 8601")
                }
                upperBound = bound
            }
            for order in page.orders {
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
            pageToken = page.pagination?.nextToken
            if let token = pageToken {
                guard usedTokens.insert(token).inserted, pages < maxPages else {
                    throw .malformedResponse(
                        operation: "searchOrders", reason: "pagination did not end after \(pages) pages")
                }
            }
        } while pageToken != nil
        let orders = byID.values.sorted { ($0.updatedAt, $0.orderID) < ($1.updatedAt, $1.orderID) }
        let next = upperBound ?? latestSeen ?? cursor
        return AmazonOrdersPull(
            orders: orders, rejected: rejected.values.sorted { $0.orderID < $1.orderID }, notes: notes,
            cursor: max(next, cursor),
            pages: pages)
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
