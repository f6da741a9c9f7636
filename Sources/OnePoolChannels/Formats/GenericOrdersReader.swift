import OnePoolCore

/// OnePool's own order CSV, for channels without a format of their own (a till, wholesale):
///
///     channel,order_id,line,sku,qty,unit_price,placed_at,status[,status_at]
///
/// `status` is open, shipped or cancelled (pending/unfulfilled and fulfilled are accepted too);
/// times are ISO 8601 (`2024-05-01T10:00:00Z`, an offset, or a bare date); `channel` may be
/// empty when `--channel` is given.
struct GenericOrdersReader: OrderRowReader {
    static let header = ["channel", "order_id", "line", "sku", "qty", "unit_price", "placed_at", "status"]

    private let columns: [String: Int]
    private let statusAt: Int?

    init(_ file: DelimitedFile) throws(ImportFailure) {
        columns = try file.requireColumns(Self.header)
        statusAt = file.column("status_at")
    }

    mutating func read(_ fields: inout RowFields, into reading: inout OrderFileReading) -> ImportedLine? {
        let channel = fields.text(columns["channel"])
        let order = fields.required(columns["order_id"], "an order id")
        let line = fields.whole(columns["line"], in: Bounds.orderLineNumber, what: "a line number")
        let listing = fields.required(columns["sku"], "the channel's SKU or listing id")
        let units = fields.quantity(columns["qty"])
        let price = fields.money(columns["unit_price"])
        let placed = fields.time(columns["placed_at"]) ?? nil
        if fields.isEmpty(columns["placed_at"]) {
            fields.problem(columns["placed_at"], "expected when the order was placed, found an empty cell")
        }
        let status = Self.parseStatus(fields.text(columns["status"]))
        if status == nil {
            fields.problem(
                columns["status"], "expected open, shipped or cancelled, found '\(fields.text(columns["status"]))'")
        }
        let changedAt = fields.time(statusAt) ?? nil
        guard fields.problems.isEmpty, let order, let line, let listing, let units, let price, let placed, let status
        else {
            reading.reject(fields)
            return nil
        }
        return ImportedLine(
            fileLine: fields.line, channel: channel.isEmpty ? nil : ChannelName(channel), order: order, line: line,
            listing: listing,
            quantity: units, unitPrice: price, placedAt: placed, status: status, statusTime: changedAt)
    }

    mutating func finish(into reading: inout OrderFileReading) -> [ImportedLine] { [] }

    static func parseStatus(_ text: String) -> LineStatus? {
        switch text.lowercased() {
        case "open", "pending", "unfulfilled", "unshipped", "placed": .open
        case "shipped", "fulfilled": .shipped
        case "cancelled", "canceled": .cancelled
        default: nil
        }
    }
}
