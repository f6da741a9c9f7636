import OnePoolCore

/// Amazon's "All Orders" report (tab-separated, one row per order item). Items fulfilled by
/// Amazon (FBA) ship from Amazon's stock, not ours, and are skipped. An order's items have no
/// line number in the report, so an item is numbered by its SKU and occurrence: the same item
/// keeps its number when a newer report lists the rows in another order.
///
/// Read row by row, but its lines are handed over only at the end of the file: an item's number
/// depends on every item of its order, wherever the report lists them.
struct AmazonOrdersReader: OrderRowReader {
    private let orderID, purchased, orderStatus, fulfilment, sku, quantity: Int?
    private let itemStatus, itemPrice, updated: Int?
    private var pending: [(sortKey: String, line: ImportedLine)] = []

    init(_ file: DelimitedFile) throws(ImportFailure) {
        let columns = try file.requireColumns([
            "amazon-order-id", "purchase-date", "order-status", "fulfillment-channel", "sku", "quantity",
        ])
        orderID = columns["amazon-order-id"]
        purchased = columns["purchase-date"]
        orderStatus = columns["order-status"]
        fulfilment = columns["fulfillment-channel"]
        sku = columns["sku"]
        quantity = columns["quantity"]
        itemStatus = file.column("item-status")
        itemPrice = file.column("item-price")
        updated = file.column("last-updated-date")
    }

    mutating func read(_ fields: inout RowFields, into reading: inout OrderFileReading) -> ImportedLine? {
        let order = fields.required(orderID, "an Amazon order id")
        let listing = fields.required(sku, "the seller SKU")
        let placedAt = fields.time(purchased)
        if fields.text(purchased).isEmpty {
            fields.problem(purchased, "expected the purchase date, found an empty cell")
        }
        let cancelled = fields.text(orderStatus) == "Cancelled" || fields.text(itemStatus) == "Cancelled"
        // Amazon reports cancelled items with quantity 0.
        let units = fields.quantity(quantity, minimum: cancelled ? 0 : 1)
        let linePrice = fields.money(itemPrice)
        let updatedAt = fields.time(updated)
        guard fields.problems.isEmpty, let order, let listing, let placedAt, let units else {
            reading.reject(fields)
            return nil
        }
        if fields.text(fulfilment) == "Amazon" {
            reading.skip("fulfilled by Amazon (FBA): Amazon's stock, not ours")
            return nil
        }
        if units == 0 {
            reading.skip("cancelled items with quantity 0")
            return nil
        }
        let shipped =
            fields.text(itemStatus) == "Shipped"
            || (fields.text(itemStatus).isEmpty && fields.text(orderStatus) == "Shipped")
        let status: LineStatus = cancelled ? .cancelled : shipped ? .shipped : .open
        // item-price is the price of all the item's units together.
        let unitPrice = linePrice.map { Money(cents: ($0.cents + Int64(units) / 2) / Int64(units)) }
        let line = ImportedLine(
            fileLine: fields.line, order: order, line: 0, listing: listing, quantity: units, unitPrice: unitPrice,
            placedAt: placedAt,
            status: status, statusTime: status == .open ? nil : updatedAt)
        pending.append((listing, line))
        return nil
    }

    /// Numbers each order's items by (SKU, occurrence in the file), in file order.
    mutating func finish(into reading: inout OrderFileReading) -> [ImportedLine] {
        var byOrder: [String: [Int]] = [:]
        for (position, entry) in pending.enumerated() { byOrder[entry.line.order, default: []].append(position) }
        for positions in byOrder.values {
            let ordered = positions.sorted { (pending[$0].sortKey, $0) < (pending[$1].sortKey, $1) }
            for (number, position) in ordered.enumerated() { pending[position].line.line = number + 1 }
        }
        defer { pending = [] }
        return pending.map(\.line)
    }
}
