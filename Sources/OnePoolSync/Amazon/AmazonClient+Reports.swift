import CZlib
import Foundation
import OnePoolChannels
import OnePoolCore

/// The report types OnePool requests.
public enum AmazonReportType: String, Sendable, Hashable {
    /// "Flat File All Orders Report by Last Update" (Order Tracking reports): one tab-separated
    /// row per order item, orders selected by their last update — the layout the All Orders file
    /// import reads (`OrderFileFormat.amazon`).
    case ordersByLastUpdate = "GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL"
    /// "Flat File Returns Report by Return Date" (Returns reports): merchant-fulfilled returns,
    /// the layout the returns file import reads (`ReturnFileFormat.amazon`). Up to 60 days.
    case returnsByReturnDate = "GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE"

    /// The longest window OnePool asks one report to cover: the returns report's documented 60
    /// days; for orders, 30 days (OnePool's choice: a longer backlog is caught up report by
    /// report, each a batch of bounded size).
    public var maximumWindowSeconds: Int64 {
        switch self {
        case .ordersByLastUpdate: 30 * 86_400
        case .returnsByReturnDate: 60 * 86_400
        }
    }
}

/// Reports API 2021-06-30 `Report.processingStatus`.
public enum AmazonReportStatus: String, Sendable, Hashable {
    case inQueue = "IN_QUEUE"
    case inProgress = "IN_PROGRESS"
    case done = "DONE"
    /// Cancelled before it started, or "automatically … if there is no data to return".
    case cancelled = "CANCELLED"
    /// "The report was aborted due to a fatal error."
    case fatal = "FATAL"
}

/// A report as `getReport` describes it.
public struct AmazonReport: Sendable, Hashable {
    public var reportID: String
    public var status: AmazonReportStatus
    /// Present once the report is DONE (and on some FATAL reports, for the error details).
    public var documentID: String?
}

extension AmazonClient {
    /// The most a report document may inflate to: far above any real backlog's report, and a
    /// stop for a damaged or hostile gzip member.
    static let reportDocumentLimit = 512 << 20

    /// `createReport` (`POST /reports/2021-06-30/reports`, body `CreateReportSpecification`:
    /// `reportType`, `marketplaceIds`, `dataStartTime`, `dataEndTime`; answer 202
    /// `CreateReportResponse` `{"reportId"}`). The window is cut to the type's documented maximum.
    public func createReport(
        _ type: AmazonReportType, from start: Timestamp, to end: Timestamp
    ) async throws(AmazonError) -> String {
        guard start <= end else {
            throw .invalidConfiguration("report window starts after it ends (\(start) > \(end))")
        }
        let specification: [String: Any] = [
            "reportType": type.rawValue, "marketplaceIds": [connection.marketplaceID],
            "dataStartTime": AmazonTime.iso(start), "dataEndTime": AmazonTime.iso(end),
        ]
        guard let body = try? JSONSerialization.data(withJSONObject: specification, options: [.sortedKeys]) else {
            throw .invalidConfiguration("cannot encode the createReport request")
        }
        let answer = try await requester.send(
            .createReport, method: "POST", path: "/reports/2021-06-30/reports", body: body)
        struct Created: Decodable { var reportId: String? }
        guard let created = try? JSONDecoder().decode(Created.self, from: answer.body), let id = created.reportId,
            Self.isReportID(id)
        else {
            throw .malformedResponse(operation: "createReport", reason: "no usable reportId in the answer")
        }
        return id
    }

    /// `getReport` (`GET /reports/2021-06-30/reports/{reportId}`, answer `Report`).
    public func report(_ reportID: String) async throws(AmazonError) -> AmazonReport {
        guard Self.isReportID(reportID) else { throw .invalidConfiguration("report id '\(reportID.prefix(80))'") }
        let answer = try await requester.send(
            .getReport, method: "GET", path: "/reports/2021-06-30/reports/\(SPAPIFormEncoding.encode(reportID))")
        struct Described: Decodable {
            var reportId: String?
            var processingStatus: String?
            var reportDocumentId: String?
        }
        guard let described = try? JSONDecoder().decode(Described.self, from: answer.body),
            let text = described.processingStatus, let status = AmazonReportStatus(rawValue: text)
        else {
            throw .malformedResponse(operation: "getReport", reason: "no known processingStatus in the answer")
        }
        let document = described.reportDocumentId.flatMap { Self.isReportID($0) ? $0 : nil }
        if status == .done && document == nil {
            throw .malformedResponse(operation: "getReport", reason: "a DONE report without a usable reportDocumentId")
        }
        return AmazonReport(reportID: reportID, status: status, documentID: document)
    }

    /// The document's bytes: `getReportDocument` (`GET /reports/2021-06-30/documents/{id}`,
    /// answer `ReportDocument`: `reportDocumentId`, `url` — presigned, "expires after 5
    /// minutes" —, `compressionAlgorithm` GZIP or absent), then the URL itself, fetched
    /// without the LWA token (it is not Amazon's API, and the URL carries its own signature).
    /// A download that drops mid-body is fetched again (within the retry policy); a URL that
    /// expired before it was used (403) is asked for again once.
    public func reportDocument(_ documentID: String) async throws(AmazonError) -> Data {
        var renewed = false
        while true {
            let location = try await reportDocumentLocation(documentID)
            do {
                let bytes = try await download(location.url)
                return location.gzip ? try Self.gunzip(bytes) : bytes
            } catch .invalidRequest(_, let status, _, _) where (status == 403 || status == 400) && !renewed {
                renewed = true  // the presigned URL expired: a new one
            }
        }
    }

    private func reportDocumentLocation(_ documentID: String) async throws(AmazonError) -> (url: URL, gzip: Bool) {
        guard Self.isReportID(documentID) else {
            throw .invalidConfiguration("report document id '\(documentID.prefix(80))'")
        }
        let answer = try await requester.send(
            .getReportDocument, method: "GET",
            path: "/reports/2021-06-30/documents/\(SPAPIFormEncoding.encode(documentID))")
        struct Document: Decodable {
            var url: String?
            var compressionAlgorithm: String?
        }
        guard let document = try? JSONDecoder().decode(Document.self, from: answer.body), let text = document.url,
            let url = URL(string: text)
        else {
            throw .malformedResponse(operation: "getReportDocument", reason: "no usable url in the answer")
        }
        switch document.compressionAlgorithm {
        case nil: return (url, false)
        case "GZIP": return (url, true)
        case let other?:
            throw .malformedResponse(
                operation: "getReportDocument", reason: "compressionAlgorithm '\(other.prefix(20))' is not GZIP")
        }
    }

    /// The presigned URL's body (`DocumentDownload`: the rules Shopify's bulk export follows
    /// too), read into memory up to `reportDocumentLimit`. Errors name the host only: the
    /// query is the URL's signature.
    private func download(_ url: URL) async throws(AmazonError) -> Data {
        let name = "report document download from \(url.host ?? "?")"
        let download: HTTPDownload
        do {
            download = try await DocumentDownload.fetch(
                url, transport: requester.transport, policy: policy, timeout: policy.requestTimeout,
                headers: [("User-Agent", requester.userAgent)])
        } catch {
            switch error {
            case .refusedURL:
                throw .malformedResponse(
                    operation: "getReportDocument",
                    reason: "the document URL is neither https nor http to a loopback address")
            case .transport(let failure, let attempts):
                throw .network(operation: name, reason: failure.reason, attempts: attempts)
            case .status(let status, let attempts) where (500...599).contains(status):
                throw .serverError(operation: name, status: status, attempts: attempts)
            case .status(let status, _):
                throw .invalidRequest(
                    operation: name, status: status, code: "Download",
                    message: status == 403 ? "the presigned URL expired or was refused" : "not downloadable")
            }
        }
        defer { try? FileManager.default.removeItem(at: download.file) }
        guard download.bytes <= Self.reportDocumentLimit,
            let bytes = try? Data(contentsOf: download.file, options: .mappedIfSafe)
        else {
            throw .malformedResponse(
                operation: "getReportDocument",
                reason: "the document could not be read (at most \(Self.reportDocumentLimit >> 20) MiB)")
        }
        return bytes
    }

    static func gunzip(_ bytes: Data) throws(AmazonError) -> Data {
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        let result = bytes.withUnsafeBytes { buffer -> Int32 in
            guard let base = buffer.bindMemory(to: UInt8.self).baseAddress else { return Int32(ONEPOOL_Z_TRUNCATED) }
            return onepool_gunzip(base, buffer.count, reportDocumentLimit, &output, &length)
        }
        defer { onepool_z_free(output) }
        guard result == Int32(ONEPOOL_Z_OK), let output else {
            let reason =
                switch result {
                case Int32(ONEPOOL_Z_TRUNCATED): "the gzip document ends early"
                case Int32(ONEPOOL_Z_TOO_LARGE): "the document inflates past \(reportDocumentLimit >> 20) MiB"
                case Int32(ONEPOOL_Z_MEMORY): "out of memory inflating the document"
                default: "the document is not gzip"
                }
            throw .malformedResponse(operation: "getReportDocument", reason: reason)
        }
        return Data(bytes: output, count: length)
    }

    /// Report and document ids: 1–200 bytes of letters, digits and `.-_:` (Amazon's are
    /// numbers and `amzn1.spdoc.…` / `amzn1.tortuga.…` words).
    static func isReportID(_ text: String) -> Bool {
        (1...200).contains(text.utf8.count)
            && text.utf8.allSatisfy { byte in
                (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
                    || byte == 0x2E || byte == 0x2D || byte == 0x5F || byte == 0x3A
            }
    }
}
