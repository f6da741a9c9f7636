import OnePoolCore

/// Shopify's orders export: one row per line item; the order's own fields (id, dates, status)
/// are filled on its first row only, so they are carried to the rows after it.
///
/// Read row by row (the export can be millions of lines): only the current order is kept, and
/// each order name's and id's sighting (`Sightings`: in memory, or spilled to a scratch file when
/// a file streams), to refuse an order that comes twice.
/// Shopify writes an order's rows together; a line item separated from its order's first row is
/// refused rather than attached to an order read long before.
struct ShopifyOrdersReader: OrderRowReader {
    private struct Order {
        var name: String
        var key: String
        var createdAt: Timestamp?
        var fulfilledAt: Timestamp?
        var cancelledAt: Timestamp?
        var fulfilled: Bool
        var refunded: Bool
        var lines = 0
        /// Why its first row was refused as a repeat (its other rows are refused alike, so no
        /// line of a repeated order reaches the planner).
        var repeated: String?
    }

    private let name, created, quantity, sku, price: Int?
    private let id, fulfilledAt, cancelledAt, orderStatus, lineStatus, refunded: Int?
    private var current: Order?
    /// Set by a streamed import to its own (spilled, or known from an earlier pass).
    var sightings = Sightings()

    init(_ file: DelimitedFile) throws(ImportFailure) {
        let columns = try file.requireColumns([
            "Name", "Created at", "Lineitem quantity", "Lineitem sku", "Lineitem price",
        ])
        name = columns["Name"]
        created = columns["Created at"]
        quantity = columns["Lineitem quantity"]
        sku = columns["Lineitem sku"]
        price = columns["Lineitem price"]
        id = file.column("Id")
        fulfilledAt = file.column("Fulfilled at")
        cancelledAt = file.column("Cancelled at")
        orderStatus = file.column("Fulfillment Status")
        lineStatus = file.column("Lineitem fulfillment status")
        refunded = file.column("Refunded Amount")
    }

    /// Whether each line the reader gives has a key of its own in the file: lines are numbered
    /// within their order and keyed by the order's id (or name), and an order whose name or id
    /// came before is refused here — so the planner need not remember every line to refuse
    /// one that comes twice (`OrderImportPlanner.linesAreUnique`).
    static var linesAreUnique: Bool { true }

    /// The digest of an order's key (its id, or its name without one: what its lines are keyed
    /// by), apart from those of names (the key "1001" is not the name "1001"). With an id
    /// column every order records its key too, so an order with no id whose name is another's id
    /// is caught as well.
    private static func keyDigest(_ key: String) -> UInt64 {
        FirstLines.digest(key) &* 0x9e37_79b9_7f4a_7c15
    }

    mutating func read(_ fields: inout RowFields, into reading: inout OrderFileReading) -> ImportedLine? {
        // A line item of the order being read names it again: its name is then taken from the
        // order, not made anew from the cell's bytes.
        let orderName: String
        if let currentName = current?.name, fields.cell(name, isPlainly: currentName) {
            orderName = currentName
        } else if let named = fields.required(name, "the order name (e.g. #1001)") {
            orderName = named
        } else {
            reading.reject(fields)
            return nil
        }
        if !fields.isEmpty(created) {
            let digest = FirstLines.digest(orderName)
            let orderID = fields.text(id)
            var repeated: String?
            if let earlier = sightings.firstLine(of: digest, .orderName, recording: fields.line) {
                repeated =
                    "order \(orderName) appears twice in this file (first on line \(earlier)); expected each order once"
                fields.problem(name, repeated ?? "")
            } else if id != nil,
                let earlier = sightings.firstLine(
                    of: Self.keyDigest(orderID.isEmpty ? orderName : orderID), .orderKey, recording: fields.line)
            {
                // Its lines would have the keys of that order's lines (lines are keyed by the id).
                repeated =
                    "order \(orderName) has the same id as the order on line \(earlier) "
                    + "(\(orderID.isEmpty ? orderName : orderID)); expected each order once"
                fields.problem(orderID.isEmpty ? name : id, repeated ?? "")
            }
            let refund = fields.money(refunded).map { $0.cents > 0 } ?? false
            current = Order(
                name: orderName, key: orderID.isEmpty ? orderName : orderID, createdAt: fields.time(created),
                fulfilledAt: fields.time(fulfilledAt), cancelledAt: fields.time(cancelledAt),
                fulfilled: fields.cell(orderStatus, is: "fulfilled"), refunded: refund, repeated: repeated)
        } else if let repeated = current?.repeated, current?.name == orderName {
            fields.problem(name, repeated)
            reading.reject(fields)
            return nil
        } else if current?.name != orderName {
            if let first = sightings.firstLine(ofName: FirstLines.digest(orderName), askedOn: fields.line) {
                fields.problem(
                    name,
                    "a line item of order \(orderName) apart from its order's first row (line \(first)); "
                        + "expected an order's rows one after another, as Shopify exports them")
            } else {
                fields.problem(
                    created,
                    "expected the order's creation time on its first row (this is the first row of \(orderName))")
            }
            reading.reject(fields)
            return nil
        }
        // The order is changed and read where it lies: a copy of it per row (its strings retained
        // and released) was ~2% of a large import.
        guard current != nil else { return nil }
        current?.lines += 1
        let listing = fields.text(sku)
        let units = fields.quantity(quantity)
        let unitPrice = fields.money(price)
        guard fields.problems.isEmpty, let units, let placedAt = current?.createdAt else {
            reading.reject(fields)
            return nil
        }
        if listing.isEmpty {
            reading.skip("line items without a SKU (custom items, not stock)")
            return nil
        }
        let status: LineStatus
        var statusTime: Timestamp?
        if let cancelledAt = current?.cancelledAt {
            status = .cancelled
            statusTime = cancelledAt
        } else if fields.cell(lineStatus, is: "fulfilled")
            || (current?.fulfilled == true && fields.isEmpty(lineStatus))
        {
            status = .shipped
            statusTime = current?.fulfilledAt
        } else {
            status = .open
        }
        return ImportedLine(
            fileLine: fields.line, order: current?.key ?? "", line: current?.lines ?? 0, listing: listing,
            quantity: units, unitPrice: unitPrice, placedAt: placedAt, status: status, statusTime: statusTime,
            refunded: current?.refunded ?? false)
    }

    mutating func finish(into reading: inout OrderFileReading) -> [ImportedLine] { [] }
}
