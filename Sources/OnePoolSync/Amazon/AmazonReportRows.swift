import Foundation
import OnePoolChannels
import OnePoolCore

/// Report documents read by the file import's own readers — one rule, one place: a row of
/// `GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL` means what the same row of an All
/// Orders report given to `onepool import` means (`OrderFileFormat.amazon`: FBA rows skipped,
/// cancelled rows, shipped rows, items numbered by SKU and occurrence), and a row of
/// `GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE` what it means to `onepool import --returns`
/// (`ReturnFileFormat.amazon`: rows without a return delivery date are not received yet).
enum AmazonReportRows {
    struct Orders {
        var lines: [ImportedLine] = []
        var origins: [Int: String] = [:]
        var skipped: [String: Int] = [:]
        /// Distinct orders among the rows read.
        var orders = 0
        /// Rows the reader refused, each with where and why.
        var problems: [String] = []
    }

    struct Returns {
        var returns: [ImportedReturn] = []
        var skipped: [String: Int] = [:]
        var problems: [String] = []
    }

    static func orders(_ document: Data, reportID: String) throws(AmazonError) -> Orders {
        let name = "Amazon report \(reportID)"
        guard let file = try table(document, name: name) else { return Orders() }
        let reading: OrderFileReading
        do { reading = try OrderFileFormat.read(file, as: .amazon) } catch {
            throw .malformedResponse(operation: "getReportDocument", reason: "\(name): \(first(error))")
        }
        var result = Orders()
        result.lines = reading.lines
        result.skipped = reading.skipped
        result.orders = Set(reading.lines.map(\.order)).count
        for line in reading.lines {
            result.origins[line.fileLine] = "\(name) line \(line.fileLine) (Amazon order \(line.order))"
        }
        result.problems = reading.rejected.flatMap(\.problems).map(\.description)
        return result
    }

    static func returns(_ document: Data, reportID: String) throws(AmazonError) -> Returns {
        let name = "Amazon returns report \(reportID)"
        guard let file = try table(document, name: name) else { return Returns() }
        let reading: ReturnFileReading
        do { reading = try ReturnFileFormat.read(file, as: .amazon) } catch {
            throw .malformedResponse(operation: "getReportDocument", reason: "\(name): \(first(error))")
        }
        return Returns(
            returns: reading.returns, skipped: reading.skipped,
            problems: reading.rejected.flatMap(\.problems).map(\.description))
    }

    /// The tab-separated table, or nil for an empty document (a report with no rows).
    private static func table(_ document: Data, name: String) throws(AmazonError) -> DelimitedFile? {
        guard document.contains(where: { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 && $0 != 0x09 }) else { return nil }
        do {
            return try DelimitedFile.read(bytes: [UInt8](document), file: name, delimiter: .tab)
        } catch {
            throw .malformedResponse(operation: "getReportDocument", reason: first(error))
        }
    }

    private static func first(_ failure: ImportFailure) -> String {
        failure.problems.first.map(\.description) ?? "unreadable"
    }
}
