import OnePoolChannels
import OnePoolCore

/// Shopify orders from the Admin API read as the file import reads the orders export, so a line
/// pulled live and the same line imported from a CSV are one line: the order is keyed by its
/// numeric id (the export's `Id` column, `legacyResourceId` here) and its lines are numbered
/// from 1 in the order's own order, custom items included (they are skipped, not renumbered).
///
/// Line status: the order cancelled → cancelled; nothing left to fulfil → shipped; a line whose
/// current quantity fell to zero (removed by an edit, refunded) → cancelled; otherwise open.
/// Every value is checked against `Bounds` where it is read; a line out of range is skipped
/// with its reason, never recorded and never a crash.
enum ShopifyOrderReader {
    struct Reading {
        var lines: [ImportedLine] = []
        /// Units returned (refund line items restocked as RETURN), by the line they came from.
        var returns: [ImportedReturn] = []
        var origins: [Int: String] = [:]
        var skipped: [String: Int] = [:]
        /// The newest `updatedAt` seen, as the API wrote it.
        var newestUpdate: String?
        var newestUpdateTime: Timestamp?
    }

    static func read(_ orders: [JSONValue]) -> Reading {
        var reading = Reading()
        for order in orders {
            guard let updatedText = order["updatedAt"]?.string, let updated = TimeText.parse(updatedText) else {
                reading.skipped["orders without a readable updatedAt", default: 0] += 1
                continue
            }
            if reading.newestUpdateTime.map({ updated >= $0 }) ?? true {
                reading.newestUpdateTime = updated
                reading.newestUpdate = updatedText
            }
            read(order, into: &reading)
        }
        return reading
    }

    private static func read(_ order: JSONValue, into reading: inout Reading) {
        let name = order["name"]?.string ?? "?"
        guard let key = order["legacyResourceId"]?.string ?? order["id"]?.string.flatMap(numericID),
            Bounds.textBytes.contains(key.utf8.count),
            let created = order["createdAt"]?.string.flatMap(TimeText.parse)
        else {
            reading.skipped["orders without an id or creation time", default: 0] += 1
            return
        }
        let cancelledAt = order["cancelledAt"]?.string.flatMap(TimeText.parse)
        let updatedAt = order["updatedAt"]?.string.flatMap(TimeText.parse)
        let financial = order["displayFinancialStatus"]?.string ?? ""
        let refunded = financial == "REFUNDED" || financial == "PARTIALLY_REFUNDED"
        let items = order["lineItems"]?["nodes"]?.array ?? []
        if order["lineItems"]?["pageInfo"]?["hasNextPage"]?.bool == true {
            // Only when `ShopifyOrderLinePages` stopped at its bound: the lines read are recorded.
            let most =
                ShopifyQueries.orderLinesFirstPage + ShopifyOrderLinePages.pageSize * ShopifyOrderLinePages.maxPages
            let reason = "orders with more than \(most) lines (the lines after the \(most)th not read)"
            reading.skipped[reason, default: 0] += 1
        }
        let returned = returns(of: order, items: items, key: key, into: &reading)
        for (index, item) in items.enumerated() {
            let sku = item["sku"]?.string ?? ""
            if sku.isEmpty {
                reading.skipped["line items without a SKU (custom items, not stock)", default: 0] += 1
                continue
            }
            guard Bounds.textBytes.contains(sku.utf8.count),
                !sku.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else {
                reading.skipped["line items whose SKU is not 1–500 printable bytes", default: 0] += 1
                continue
            }
            guard let quantity = item["quantity"]?.int, Bounds.eventUnitRange(allowZero: false).contains(quantity)
            else {
                reading.skipped["line items whose quantity is not 1–\(Bounds.eventUnits)", default: 0] += 1
                continue
            }
            let current = item["currentQuantity"]?.int ?? quantity
            let unfulfilled = item["unfulfilledQuantity"]?.int ?? current
            let price = item["originalUnitPriceSet"]?["shopMoney"]?["amount"]?.string.flatMap(amount)
            let status: LineStatus
            var statusTime: Timestamp?
            if let cancelledAt {
                status = .cancelled
                statusTime = cancelledAt
            } else if current <= 0 && !(unfulfilled <= 0 && returned.contains(index + 1)) {
                // Removed or refunded before it shipped. (Refunded after it shipped and sent
                // back: it shipped, and its return is read from the refunds.)
                status = .cancelled
                statusTime = updatedAt
            } else if unfulfilled <= 0 {
                status = .shipped
                statusTime = updatedAt
            } else {
                status = .open
            }
            let fileLine = reading.lines.count + 1
            reading.origins[fileLine] = "order \(ShopifyTokenSource.clip(name)) line \(index + 1)"
            reading.lines.append(
                ImportedLine(
                    fileLine: fileLine, order: key, line: index + 1, listing: sku, quantity: quantity, unitPrice: price,
                    placedAt: created, status: status, statusTime: statusTime, refunded: refunded))
        }
    }

    /// The order's returns: each refund line item restocked as RETURN (RefundLineItemRestockType:
    /// "the refund line item was returned"), on the line whose LineItem id it names; the refund's
    /// id is the return id, its note the reason. NO_RESTOCK (refunded, kept by the customer) and
    /// CANCEL (never shipped) bring nothing back. Returns the line numbers returned.
    private static func returns(
        of order: JSONValue, items: [JSONValue], key: String, into reading: inout Reading
    ) -> Set<Int> {
        var numbers: [String: Int] = [:]
        for (index, item) in items.enumerated() { if let id = item["id"]?.string { numbers[id] = index + 1 } }
        var returned: Set<Int> = []
        for refund in order["refunds"]?.array ?? [] {
            guard let id = refund["legacyResourceId"]?.string ?? refund["id"]?.string.flatMap(numericID),
                Bounds.textBytes.contains(id.utf8.count),
                let time = refund["createdAt"]?.string.flatMap(TimeText.parse)
            else {
                reading.skipped["refunds without an id or creation time", default: 0] += 1
                continue
            }
            let note = (refund["note"]?.string ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let reason =
                note.isEmpty || note.utf8.count > Bounds.textBytes.upperBound
                    || note.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
                ? "returned (Shopify refund)" : note
            for item in refund["refundLineItems"]?["nodes"]?.array ?? [] where item["restockType"]?.string == "RETURN" {
                guard let lineID = item["lineItem"]?["id"]?.string, let number = numbers[lineID],
                    let sku = items[number - 1]["sku"]?.string, !sku.isEmpty,
                    let quantity = item["quantity"]?.int, Bounds.eventUnitRange(allowZero: false).contains(quantity)
                else {
                    reading.skipped["returned refund lines without a known line, SKU or quantity", default: 0] += 1
                    continue
                }
                returned.insert(number)
                reading.returns.append(
                    ImportedReturn(
                        fileLine: reading.returns.count + 1, order: key, line: number, listing: sku,
                        quantity: quantity, reason: reason, returnID: id, time: time))
            }
        }
        return returned
    }

    /// Shopify's Decimal as a unit price: digits, at most one point and two decimals, within
    /// `Bounds`; anything else (a comma, three decimals, a huge value) is no price at all.
    static func amount(_ text: String) -> Money? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty, whole.count <= 12,
            whole.allSatisfy(\.isASCII),
            whole.allSatisfy(\.isNumber),
            parts.count == 1 || (1...2).contains(parts[1].count) && parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
            let money = Money.parse(text), Bounds.isUnitAmount(money)
        else { return nil }
        return money
    }

    /// "gid://shopify/Order/450789469" → "450789469".
    static func numericID(_ gid: String) -> String? {
        guard let last = gid.split(separator: "/").last, !last.isEmpty, last.allSatisfy(\.isNumber) else { return nil }
        return String(last)
    }
}
