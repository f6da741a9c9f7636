import CZlib
import Foundation
import LoopbackHTTP

/// A report as the emulator keeps it (fields of the Reports API 2021-06-30 `Report`).
struct EmulatedReport {
    var id: String
    var type: String
    var marketplaceIDs: [String]
    var start: Date
    var end: Date
    var created: Date
    var status: String
    var polls = 0
    var documentID: String?
    /// FATAL or CANCELLED forced by a test, reached instead of DONE.
    var forced: String?
}

/// A report document and the presigned URLs issued for it.
struct EmulatedDocument {
    var body: Data
    var compressed: Bool
}

/// A merchant-fulfilled return, as a row of the returns report.
public struct EmulatedReturn: Sendable, Equatable {
    public var orderID: String
    public var sku: String
    public var quantity: Int
    public var reason: String
    public var rma: String
    public var requested: Date
    /// nil: not received yet (the report's "Return delivery date" is blank).
    public var delivered: Date?
}

extension SPAPIEmulator {
    static let ordersReportType = "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL"
    static let returnsReportType = "GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE"

    // MARK: Controls for tests

    /// The next reports created end FATAL ("aborted due to a fatal error") or CANCELLED
    /// instead of DONE, one outcome per report, in order.
    public func failNextReports(_ outcomes: [String]) { locked { forcedReportOutcomes += outcomes } }

    /// A buyer's return of a merchant-fulfilled order, for the returns report.
    public func addReturn(
        order: String, sku: String, quantity: Int, reason: String = "CR-DEFECTIVE", rma: String? = nil,
        requested: Date? = nil, delivered: Date?
    ) {
        locked {
            returnRows.append(
                EmulatedReturn(
                    orderID: order, sku: sku, quantity: quantity, reason: reason,
                    rma: rma ?? "RMA\(returnRows.count + 1)", requested: requested ?? now(), delivered: delivered))
        }
    }

    /// Every report asked for so far: (id, type, processingStatus).
    public func reportsCreated() -> [(id: String, type: String, status: String)] {
        locked { reports.values.sorted { $0.created < $1.created }.map { ($0.id, $0.type, $0.status) } }
    }

    /// Presigned URLs issued from now on work this many seconds (negative: already expired).
    public func setDocumentURLLifetime(_ seconds: Double) { locked { configuration.documentURLLifetime = seconds } }

    /// Every presigned URL issued so far stops working (as if five minutes went by).
    public func expireDocumentURLs() { locked { for key in documentURLs.keys { documentURLs[key] = .distantPast } } }

    // MARK: Handlers

    /// Reports API 2021-06-30 `createReport` (`POST /reports/2021-06-30/reports`; body
    /// `CreateReportSpecification`: `reportType` and `marketplaceIds` (1–25) required,
    /// `dataStartTime` / `dataEndTime` optional ISO 8601; answer 202 `CreateReportResponse`
    /// `{"reportId"}`; reports_2021-06-30.json). The returns report refuses a window over the
    /// documented 60 days; both refuse a start after the end.
    func createReport(_ request: HTTPRequestMessage) -> HTTPResponseMessage {
        guard let object = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any],
            let type = object["reportType"] as? String, let marketplaces = object["marketplaceIds"] as? [String],
            (1...25).contains(marketplaces.count)
        else {
            return errorList(400, "InvalidInput", "reportType and marketplaceIds (1 to 25) are required.")
        }
        guard [Self.ordersReportType, Self.returnsReportType].contains(type) else {
            return errorList(400, "InvalidInput", "Invalid reportType: \(type)")
        }
        for marketplace in marketplaces where !configuration.marketplaces.contains(marketplace) {
            return errorList(400, "InvalidInput", "Invalid marketplaceId: \(marketplace)")
        }
        let moment = now()
        let start =
            (object["dataStartTime"] as? String).flatMap(EmulatorTime.parse) ?? moment.addingTimeInterval(-86_400)
        let end = (object["dataEndTime"] as? String).flatMap(EmulatorTime.parse) ?? moment
        guard start <= end else { return errorList(400, "InvalidInput", "dataStartTime is after dataEndTime.") }
        if type == Self.returnsReportType && end.timeIntervalSince(start) > 60 * 86_400 {
            return errorList(400, "InvalidInput", "You can request up to 60 days of data in a single report.")
        }
        reportCounter += 1
        let id = String(50_000_000_000 + reportCounter)
        let forced = forcedReportOutcomes.isEmpty ? nil : forcedReportOutcomes.removeFirst()
        reports[id] = EmulatedReport(
            id: id, type: type, marketplaceIDs: marketplaces, start: start, end: end, created: moment,
            status: "IN_QUEUE", forced: forced)
        var response = HTTPResponseMessage.json(
            202, ["reportId": id], headers: [("x-amzn-RequestId", UUID().uuidString)])
        response.status = 202
        return response
    }

    /// Reports API 2021-06-30 `getReport` (`GET /reports/2021-06-30/reports/{reportId}`; answer
    /// `Report`: `reportId`, `reportType`, `marketplaceIds`, `dataStartTime`, `dataEndTime`,
    /// `createdTime`, `processingStatus` IN_QUEUE → IN_PROGRESS → DONE (or CANCELLED / FATAL),
    /// `processingStartTime`, `processingEndTime`, and `reportDocumentId` once DONE). The
    /// document is made when the report is DONE, from the data at that moment; a report with
    /// no rows is CANCELLED ("an automatic cancellation if there is no data to return").
    func getReport(_ id: String) -> HTTPResponseMessage {
        guard var report = reports[id] else { return errorList(404, "NotFound", "Report \(id) not found.") }
        if report.status == "IN_QUEUE" || report.status == "IN_PROGRESS" {
            report.polls += 1
            if report.polls > configuration.reportPollsBeforeDone {
                finish(&report)
            } else {
                report.status =
                    report.polls == 1 && configuration.reportPollsBeforeDone > 1 ? "IN_QUEUE" : "IN_PROGRESS"
            }
            reports[id] = report
        }
        var json: [String: Any] = [
            "reportId": report.id, "reportType": report.type, "marketplaceIds": report.marketplaceIDs,
            "dataStartTime": EmulatorTime.text(report.start), "dataEndTime": EmulatorTime.text(report.end),
            "createdTime": EmulatorTime.text(report.created), "processingStatus": report.status,
        ]
        if report.status != "IN_QUEUE" { json["processingStartTime"] = EmulatorTime.text(report.created) }
        if ["DONE", "FATAL", "CANCELLED"].contains(report.status) {
            json["processingEndTime"] = EmulatorTime.text(now())
        }
        if let document = report.documentID { json["reportDocumentId"] = document }
        return ok(json)
    }

    private func finish(_ report: inout EmulatedReport) {
        if let forced = report.forced {
            report.status = forced
            return
        }
        let rows = report.type == Self.ordersReportType ? ordersRows(report) : returnsRows(report)
        guard rows.count > 1 else {
            report.status = "CANCELLED"
            return
        }
        let text = Data(rows.map { $0.joined(separator: "\t") }.joined(separator: "\n").appending("\n").utf8)
        let documentID = "amzn1.spdoc.1.4.na.\(report.id).T\(documents.count + 1)"
        documents[documentID] = EmulatedDocument(
            body: configuration.compressDocuments ? Self.gzip(text) : text, compressed: configuration.compressDocuments)
        report.documentID = documentID
        report.status = "DONE"
    }

    /// Reports API 2021-06-30 `getReportDocument` (`GET /reports/2021-06-30/documents/{id}`;
    /// answer `ReportDocument`: `reportDocumentId`, `url` — presigned, "This URL expires after
    /// 5 minutes" — and `compressionAlgorithm` GZIP when compressed). Each call issues a new URL.
    func getReportDocument(_ id: String) -> HTTPResponseMessage {
        guard let document = documents[id] else { return errorList(404, "NotFound", "Document \(id) not found.") }
        let token = UUID().uuidString.lowercased()
        documentURLs[token] = now().addingTimeInterval(configuration.documentURLLifetime)
        documentOfURL[token] = id
        var json: [String: Any] = [
            "reportDocumentId": id,
            "url": "\(baseURL)/_documents/\(token)?X-Amz-Expires=\(Int(configuration.documentURLLifetime))",
        ]
        if document.compressed { json["compressionAlgorithm"] = "GZIP" }
        return ok(json)
    }

    /// The presigned URL (S3, not SP-API: no access token, no usage plan). Past its lifetime it
    /// answers 403 with S3's `AccessDenied` "Request has expired". Faults: a reset mid-body, 5xx.
    func downloadDocument(_ request: HTTPRequestMessage, id token: String, fault: EmulatorFault?) -> HTTPResponseMessage
    {
        if request.header("x-amz-access-token") != nil { downloadsCarryingAccessToken += 1 }
        if case .status(let status) = fault { return HTTPResponseMessage(status: status, body: Data("<Error/>".utf8)) }
        guard let expires = documentURLs[token], let id = documentOfURL[token], let document = documents[id] else {
            return s3Error("AccessDenied", "Access Denied")
        }
        guard expires > now() else { return s3Error("AccessDenied", "Request has expired") }
        var response = HTTPResponseMessage(
            status: 200, headers: [("Content-Type", "text/plain"), ("Content-Encoding", "identity")],
            body: document.body)
        if fault == .resetMidBody { response.faults.append(.resetMidBody(fraction: 0.5)) }
        if fault == .dropConnection { response.faults.append(.resetBeforeAnswer) }
        return response
    }

    private func s3Error(_ code: String, _ message: String) -> HTTPResponseMessage {
        HTTPResponseMessage(
            status: 403, headers: [("Content-Type", "application/xml")],
            body: Data(
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<Error><Code>\(code)</Code><Message>\(message)</Message></Error>").utf8))
    }

    // MARK: Documents

    /// The documented columns of the flat-file All Orders report by last update ("Order
    /// Tracking reports attributes"), one row per order item.
    static let ordersColumns = [
        "amazon-order-id", "merchant-order-id", "purchase-date", "last-updated-date", "order-status",
        "fulfillment-channel", "sales-channel", "order-channel", "ship-service-level", "product-name", "sku", "asin",
        "item-status", "quantity", "currency", "item-price", "item-tax", "shipping-price", "shipping-tax",
        "gift-wrap-price", "gift-wrap-tax", "item-promotion-discount", "ship-promotion-discount", "ship-city",
        "ship-state", "ship-postal-code", "ship-country", "promotion-ids", "is-business-order",
        "purchase-order-number", "price-designation",
    ]

    /// Orders updated in [start, end) and visible, as searchOrders would give them: the same
    /// quantities (a cancelled item keeps its quantity), prices left out of pending orders.
    private func ordersRows(_ report: EmulatedReport) -> [[String]] {
        let visible = now().addingTimeInterval(-configuration.orderVisibilityDelay)
        let chosen = orders.values.filter { order in
            order.lastUpdated >= report.start && order.lastUpdated < report.end && order.lastUpdated <= visible
                && report.marketplaceIDs.contains(order.marketplaceID)
        }.sorted { ($0.lastUpdated, $0.orderID) < ($1.lastUpdated, $1.orderID) }
        var rows = [Self.ordersColumns]
        for order in chosen {
            let orderStatus: String
            switch order.status {
            case "PENDING", "PENDING_AVAILABILITY": orderStatus = "Pending"
            case "SHIPPED": orderStatus = "Shipped"
            case "CANCELLED", "UNFULFILLABLE": orderStatus = "Cancelled"
            case "PARTIALLY_SHIPPED": orderStatus = "Shipping"
            default: orderStatus = "Unshipped"
            }
            let pending = orderStatus == "Pending"
            for item in order.items {
                let itemStatus =
                    item.cancelled || orderStatus == "Cancelled"
                    ? "Cancelled" : item.quantityShipped >= item.quantityOrdered ? "Shipped" : "Unshipped"
                let price = pending ? "" : Self.times(item.unitPrice, item.quantityOrdered)
                var row = [String](repeating: "", count: Self.ordersColumns.count)
                row[0] = order.orderID
                row[2] = Self.flatTime(order.created)
                row[3] = Self.flatTime(order.lastUpdated)
                row[4] = orderStatus
                row[5] = order.fulfilledBy == "AMAZON" ? "Amazon" : "Merchant"
                row[6] = "Amazon.com"
                row[8] = "Standard"
                row[9] = "Emulated \(item.sellerSKU)"
                row[10] = item.sellerSKU
                row[11] = item.asin
                row[12] = itemStatus
                row[13] = String(item.quantityOrdered)
                row[14] = "USD"
                row[15] = price
                row[28] = "false"
                rows.append(row)
            }
        }
        return rows
    }

    /// The documented columns of the flat-file returns report by return date ("Returns reports
    /// attributes"), with "Order Item ID" as Amazon's files carry it.
    static let returnsColumns = [
        "Order ID", "Order date", "Return request date", "Return request status", "Amazon RMA ID", "Merchant RMA ID",
        "Label type", "Label cost", "Currency code", "Return carrier", "Tracking ID", "Label to be paid by",
        "A-to-Z Claim", "Is prime", "ASIN", "Merchant SKU", "Item Name", "Return quantity", "Return Reason",
        "In policy", "Return type", "Resolution", "Invoice number", "Return delivery date", "Order Amount",
        "Order quantity", "SafeT Action reason", "SafeT claim id", "SafeT claim state", "SafeT claim creation time",
        "SafeT claim reimbursement amount", "Refunded Amount",
    ]

    /// Returns requested in [start, end]; a return not yet received has a blank delivery date.
    private func returnsRows(_ report: EmulatedReport) -> [[String]] {
        var rows = [Self.returnsColumns]
        for entry in returnRows where entry.requested >= report.start && entry.requested <= report.end {
            let order = orders[entry.orderID]
            var row = [String](repeating: " ", count: Self.returnsColumns.count)
            row[0] = entry.orderID
            row[1] = order.map { Self.day($0.created) } ?? Self.day(entry.requested)
            row[2] = Self.day(entry.requested)
            row[3] = entry.delivered == nil ? "Approved" : "Closed"
            row[4] = entry.rma
            row[8] = "USD"
            row[15] = entry.sku
            row[16] = "Emulated \(entry.sku)"
            row[17] = String(entry.quantity)
            row[18] = entry.reason
            row[19] = "Y"
            row[20] = "C-Returns"
            row[21] = "StandardRefund"
            row[23] = entry.delivered.map(Self.day) ?? " "
            rows.append(row)
        }
        return rows
    }

    /// `2024-05-01T15:02:11+00:00`, as the flat files write times.
    static func flatTime(_ date: Date) -> String {
        String(EmulatorTime.text(date).prefix(19)) + "+00:00"
    }

    /// `14-May-2024`, as the returns report writes dates.
    static func day(_ date: Date) -> String {
        var time = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return String(format: "%02d-%@-%04d", Int(parts.tm_mday), months[Int(parts.tm_mon)], Int(parts.tm_year) + 1900)
    }

    /// "12.50" × 3 = "37.50" (item-price is the price of all the item's units).
    static func times(_ unit: String, _ quantity: Int) -> String {
        let parts = unit.split(separator: ".")
        let whole = Int(parts.first ?? "0") ?? 0
        let cents =
            parts.count > 1 ? Int(String(parts[1].prefix(2)).padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0 : 0
        let total = (whole * 100 + cents) * quantity
        return "\(total / 100).\(String(format: "%02d", total % 100))"
    }

    static func gzip(_ data: Data) -> Data {
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        let result = data.withUnsafeBytes { buffer -> Int32 in
            guard let base = buffer.bindMemory(to: UInt8.self).baseAddress else { return -1 }
            return onepool_gzip(base, buffer.count, &output, &length)
        }
        defer { onepool_z_free(output) }
        guard result == 0, let output else { return data }
        return Data(bytes: output, count: length)
    }
}
