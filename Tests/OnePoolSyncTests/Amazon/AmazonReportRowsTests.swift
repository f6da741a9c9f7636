import Foundation
import OnePoolChannels
import OnePoolCore
import Testing

@testable import OnePoolSync

/// The report documents read by the file import's readers: what each row becomes.
@Suite struct AmazonReportRowsTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/amazon-reports")

    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    @Test func ordersRowsMeanWhatTheImportMakesOfThem() throws {
        let rows = try AmazonReportRows.orders(try Self.fixture("orders_by_last_update.txt"), reportID: "R1")
        let seen = rows.lines.map { "\($0.order)#\($0.line) \($0.listing) x\($0.quantity) \($0.status)" }
        #expect(
            seen.sorted()
                == [
                    "114-0000001-0000001#1 SKU-A x2 shipped", "114-0000001-0000001#2 SKU-B x1 shipped",
                    "114-0000001-0000002#1 SKU-A x1 open", "114-0000001-0000003#1 SKU-B x1 cancelled",
                    "114-0000001-0000007#1 SKU-A x1 open", "114-0000001-0000007#2 SKU-A x2 open",
                ].sorted())
        // Items are numbered by (SKU, occurrence), whatever order the report lists them in.
        let first = rows.lines.filter { $0.order == "114-0000001-0000001" }.sorted { $0.line < $1.line }
        #expect(first.map(\.listing) == ["SKU-A", "SKU-B"])
        #expect(first.map(\.quantity) == [2, 1])
        // item-price is all the item's units: 25.00 for 2 is 12.50 each.
        #expect(first.first?.unitPrice == Money(cents: 1250))
        #expect(first.first?.status == .shipped)
        #expect(first.first?.statusTime == TimeText.parse("2026-03-03T10:00:00Z"))
        #expect(first.first?.placedAt == TimeText.parse("2026-03-02T09:00:00Z"))
        let pending = rows.lines.first { $0.order == "114-0000001-0000002" }
        #expect(pending?.unitPrice == nil)
        #expect(pending?.status == .open)
        #expect(rows.lines.first { $0.order == "114-0000001-0000003" }?.status == .cancelled)
        let same = rows.lines.filter { $0.order == "114-0000001-0000007" }.sorted { $0.line < $1.line }
        #expect(same.map(\.quantity) == [1, 2])
        // FBA and quantity-0 cancellations are skipped with the import's words; a quantity 0 on
        // an open item is refused, naming the file line.
        #expect(rows.skipped[AmazonOrderLines.fbaReason] == 1)
        #expect(rows.skipped[AmazonOrderLines.zeroCancelledReason] == 1)
        #expect(rows.lines.allSatisfy { $0.order != "114-0000001-0000004" })
        #expect(rows.problems.count == 1)
        #expect(rows.problems.first?.contains("Amazon report R1:7") == true)
        #expect(rows.orders == 4)
        #expect(rows.origins.count == rows.lines.count)
    }

    @Test func returnsRowsMeanWhatTheReturnsImportMakesOfThem() throws {
        let rows = try AmazonReportRows.returns(try Self.fixture("returns_by_return_date.txt"), reportID: "R2")
        #expect(rows.returns.count == 1)
        let received = try #require(rows.returns.first)
        #expect(received.order == "114-0000001-0000001")
        #expect(received.listing == "SKU-A")
        #expect(received.quantity == 1)
        #expect(received.reason == "CR-DEFECTIVE")
        #expect(received.returnID == "DxRMA0001")
        #expect(received.line == nil)
        #expect(received.time == TimeText.parse("2026-03-09"))
        #expect(rows.skipped.values.reduce(0, +) == 1)
        #expect(rows.problems.count == 1)
        #expect(rows.problems.first?.contains("Amazon returns report R2:4") == true)
    }

    @Test func emptyAndHeaderOnlyDocumentsHoldNoRows() throws {
        #expect(try AmazonReportRows.orders(Data(), reportID: "R").lines.isEmpty)
        #expect(try AmazonReportRows.orders(Data("\n".utf8), reportID: "R").lines.isEmpty)
        let header = try Self.fixture("orders_by_last_update.txt").split(separator: 0x0A).first.map { Data($0) }
        #expect(try AmazonReportRows.orders(try #require(header), reportID: "R").lines.isEmpty)
    }

    @Test func aDocumentOfAnotherLayoutIsRefusedSayingWhatIsMissing() throws {
        let returns = try Self.fixture("returns_by_return_date.txt")
        #expect(throws: AmazonError.self) { try AmazonReportRows.orders(returns, reportID: "R") }
        do {
            _ = try AmazonReportRows.orders(returns, reportID: "R9")
        } catch {
            #expect(error.description.contains("amazon-order-id"))
            #expect(error.description.contains("R9"))
        }
    }

    @Test func gzipDocumentsInflateAndDamagedOnesAreRefused() throws {
        let text = try Self.fixture("orders_by_last_update.txt")
        let packed = try #require(Self.gzip(text))
        #expect(try AmazonClient.gunzip(packed) == text)
        #expect(throws: AmazonError.self) { try AmazonClient.gunzip(packed.prefix(packed.count / 2)) }
        #expect(throws: AmazonError.self) { try AmazonClient.gunzip(Data("not gzip at all".utf8)) }
    }

    @Test func theCursorKeepsTheReturnsPositionAndReadsVersionOne() throws {
        var cursor = AmazonOrdersCursor(since: Timestamp(millisecondsSince1970: 5))
        #expect(cursor.text.hasPrefix("amazon-orders/1 "))
        cursor.returnsSince = Timestamp(millisecondsSince1970: 77)
        let text = cursor.text
        #expect(text == "amazon-orders/2 since=5 next=- issued=- token=- returns=77")
        let read = try AmazonOrdersCursor(text: text)
        #expect(read == cursor)
        #expect(read.caughtUp(to: Timestamp(millisecondsSince1970: 900)).text.hasSuffix("returns=77"))
        #expect(throws: AmazonError.self) {
            try AmazonOrdersCursor(text: "amazon-orders/2 since=5 next=- issued=- token=- returns=x")
        }
        #expect(throws: AmazonError.self) {
            try AmazonOrdersCursor(text: "amazon-orders/1 since=5 next=- issued=- token=- returns=7")
        }
    }

    static func gzip(_ data: Data) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        guard (try? process.run()) != nil else { return nil }
        input.fileHandleForWriting.write(data)
        try? input.fileHandleForWriting.close()
        let packed = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return packed
    }
}
