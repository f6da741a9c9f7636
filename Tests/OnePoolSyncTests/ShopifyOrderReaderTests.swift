import Foundation
import OnePoolChannels
import OnePoolCore
import Testing

@testable import OnePoolSync

/// Orders from the Admin API mean what the same orders mean in Shopify's orders export.
@Suite struct ShopifyOrderReaderTests {
    private func order(
        id: String = "450789469", name: String = "#1001", cancelledAt: String? = nil, financial: String = "PAID",
        lines: [(sku: String?, quantity: Int, current: Int, unfulfilled: Int, price: String)]
    ) -> JSONValue {
        [
            "id": .string("gid://shopify/Order/\(id)"), "legacyResourceId": .string(id), "name": .string(name),
            "createdAt": "2026-05-01T10:00:00Z", "updatedAt": "2026-05-02T11:00:00Z",
            "cancelledAt": cancelledAt.map(JSONValue.string) ?? .null, "displayFinancialStatus": .string(financial),
            "lineItems": [
                "pageInfo": ["hasNextPage": false],
                "nodes": .array(
                    lines.map { line in
                        [
                            "sku": line.sku.map(JSONValue.string) ?? .null, "quantity": .number(Double(line.quantity)),
                            "currentQuantity": .number(Double(line.current)),
                            "unfulfilledQuantity": .number(Double(line.unfulfilled)),
                            "originalUnitPriceSet": ["shopMoney": ["amount": .string(line.price)]],
                        ]
                    }),
            ],
        ]
    }

    @Test func linesAreKeyedAsTheExportKeysThem() {
        let reading = ShopifyOrderReader.read([
            order(lines: [("MUG", 2, 2, 2, "12.50"), (nil, 1, 1, 1, "5.00"), ("CUP", 1, 1, 0, "3.0")])
        ])
        #expect(reading.lines.map(\.order) == ["450789469", "450789469"])
        // The custom item (no SKU) is line 2: skipped, not renumbered.
        #expect(reading.lines.map(\.line) == [1, 3])
        #expect(reading.lines.map(\.status) == [.open, .shipped])
        #expect(reading.lines.map(\.unitPrice) == [Money(cents: 1250), Money(cents: 300)])
        #expect(reading.skipped["line items without a SKU (custom items, not stock)"] == 1)
        #expect(reading.lines[0].placedAt == TimeText.parse("2026-05-01T10:00:00Z"))
        #expect(reading.origins[1] == "order #1001 line 1")
    }

    @Test func cancelledRemovedAndRefundedLines() {
        let reading = ShopifyOrderReader.read([
            order(id: "1", cancelledAt: "2026-05-03T09:00:00Z", lines: [("MUG", 1, 0, 1, "1.00")]),
            order(
                id: "2", financial: "PARTIALLY_REFUNDED", lines: [("MUG", 2, 0, 0, "1.00"), ("CUP", 1, 1, 1, "1.00")]),
        ])
        #expect(reading.lines.map(\.status) == [.cancelled, .cancelled, .open])
        #expect(reading.lines[0].statusTime == TimeText.parse("2026-05-03T09:00:00Z"))
        #expect(reading.lines[1].refunded)
    }

    @Test func valuesOutOfRangeAreSkippedWithTheirReasonNeverTrusted() {
        let reading = ShopifyOrderReader.read([
            order(lines: [
                ("MUG", 0, 0, 0, "1.00"), ("MUG", 20_000_000, 1, 1, "1.00"), ("CUP", 1, 1, 1, "1,50"),
                ("TEE", 1, 1, 1, "99999999999"),
            ]),
            ["name": "#9", "updatedAt": "not a time"],
        ])
        #expect(reading.lines.map(\.listing) == ["CUP", "TEE"])
        #expect(reading.lines.allSatisfy { $0.unitPrice == nil })
        #expect(reading.skipped.values.reduce(0, +) == 3)
    }
}
