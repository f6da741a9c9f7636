import OnePoolCore

/// Shopify's orders export: one row per line item; the order's own fields (id, dates, status)
/// are filled on its first row only, so they are carried to the rows after it.
enum ShopifyOrdersReader {
    private struct Order {
        var key: String
        var firstLine: Int
        var createdAt: Timestamp?
        var fulfilledAt: Timestamp?
        var cancelledAt: Timestamp?
        var fulfilled: Bool
        var refunded: Bool
        var lines = 0
    }

    static func read(_ file: DelimitedFile) throws(ImportFailure) -> OrderFileReading {
        let columns = try file.requireColumns(["Name", "Created at", "Lineitem quantity", "Lineitem sku", "Lineitem price"])
        let name = columns["Name"], created = columns["Created at"], quantity = columns["Lineitem quantity"]
        let sku = columns["Lineitem sku"], price = columns["Lineitem price"]
        let id = file.column("Id"), fulfilledAt = file.column("Fulfilled at"), cancelledAt = file.column("Cancelled at")
        let orderStatus = file.column("Fulfillment Status"), lineStatus = file.column("Lineitem fulfillment status")
        let refunded = file.column("Refunded Amount")

        var reading = OrderFileReading(format: .shopify)
        var orders: [String: Order] = [:]
        for index in file.rows.indices {
            var fields = RowFields(file, row: index)
            guard let orderName = fields.required(name, "the order name (e.g. #1001)") else {
                reading.reject(fields)
                continue
            }
            let startsOrder = !fields.text(created).isEmpty
            if startsOrder {
                if let earlier = orders[orderName] {
                    fields.problem(name, "order \(orderName) appears twice in this file (first on line \(earlier.firstLine)); expected each order once")
                }
                let createdAt = fields.time(created) ?? nil
                let refund = (fields.money(refunded) ?? nil).map { $0.cents > 0 } ?? false
                let orderKey = fields.text(id).isEmpty ? orderName : fields.text(id)
                orders[orderName] = Order(
                    key: orderKey, firstLine: fields.line, createdAt: createdAt, fulfilledAt: fields.time(fulfilledAt) ?? nil,
                    cancelledAt: fields.time(cancelledAt) ?? nil, fulfilled: fields.text(orderStatus) == "fulfilled",
                    refunded: refund)
            } else if orders[orderName] == nil {
                fields.problem(created, "expected the order's creation time on its first row (this is the first row of \(orderName))")
            }
            guard var order = orders[orderName] else {
                reading.reject(fields)
                continue
            }
            order.lines += 1
            orders[orderName] = order
            let listing = fields.text(sku)
            let units = fields.quantity(quantity)
            let unitPrice = fields.money(price)
            guard fields.problems.isEmpty, let units, let unitPrice, let placedAt = order.createdAt else {
                reading.reject(fields)
                continue
            }
            if listing.isEmpty {
                reading.skip("line items without a SKU (custom items, not stock)")
                continue
            }
            let status: LineStatus
            var statusTime: Timestamp?
            let itemStatus = fields.text(lineStatus)
            if order.cancelledAt != nil {
                status = .cancelled
                statusTime = order.cancelledAt
            } else if itemStatus == "fulfilled" || (itemStatus.isEmpty && order.fulfilled) {
                status = .shipped
                statusTime = order.fulfilledAt
            } else {
                status = .open
            }
            reading.lines.append(ImportedLine(
                fileLine: fields.line, order: order.key, line: order.lines, listing: listing, quantity: units, unitPrice: unitPrice,
                placedAt: placedAt, status: status, statusTime: statusTime, refunded: order.refunded))
        }
        return reading
    }
}
