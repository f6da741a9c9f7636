import OnePoolChannels
import OnePoolCore

/// Amazon orders from `searchOrders` read as the All Orders report import reads the same
/// orders (`AmazonOrdersReader`), so a line pulled live and the same line imported from a
/// report are one line: the order keyed by Amazon's order id, items numbered by (seller SKU,
/// orderItemId) — the report's (SKU, occurrence) whenever Amazon lists an order's items in
/// orderItemId order, and stable when the order changes.
///
/// As the import: FBA orders are skipped (Amazon's stock, not ours), cancelled items reported
/// with quantity 0 are skipped, PENDING and UNSHIPPED are open, SHIPPED (or an item of a
/// PARTIALLY_SHIPPED order with nothing left to ship) is shipped, CANCELLED / UNFULFILLABLE or
/// an executed item cancellation is cancelled; a shipped or cancelled line's time is the
/// order's `lastUpdatedTime` (the report's last-updated-date). Amendments (another quantity or
/// price for a line already recorded) are the import plan's to find.
enum AmazonOrderLines {
    struct Reading {
        var lines: [ImportedLine] = []
        var origins: [Int: String] = [:]
        var skipped: [String: Int] = [:]
    }

    /// The file import's words for what it skips, so both say the same.
    static let fbaReason = "fulfilled by Amazon (FBA): Amazon's stock, not ours"
    static let zeroCancelledReason = "cancelled items with quantity 0"

    static func read(_ orders: [AmazonOrder]) -> Reading {
        var reading = Reading()
        for order in orders {
            for line in order.lines {
                if line.isFulfilledByAmazon {
                    reading.skipped[fbaReason, default: 0] += 1
                    continue
                }
                if line.quantity == 0 {
                    reading.skipped[zeroCancelledReason, default: 0] += 1
                    continue
                }
                let status: LineStatus
                switch line.status {
                case .pending, .unshipped: status = .open
                case .shipped: status = .shipped
                case .cancelled: status = .cancelled
                }
                let fileLine = reading.lines.count + 1
                reading.origins[fileLine] = "Amazon order \(order.orderID) item \(line.orderItemID)"
                reading.lines.append(
                    ImportedLine(
                        fileLine: fileLine, order: order.orderID, line: line.line, listing: line.sellerSKU,
                        quantity: line.quantity, unitPrice: line.unitPrice, placedAt: order.placedAt, status: status,
                        statusTime: status == .open ? nil : order.updatedAt))
            }
        }
        return reading
    }
}
