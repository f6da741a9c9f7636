import OnePoolCore

/// One returned line as a returns file describes it, before it is matched to a shipped line.
public struct ImportedReturn: Hashable, Sendable {
    public var fileLine: Int
    /// Set by files that name the channel per row (the generic format).
    public var channel: ChannelName?
    public var order: String
    /// nil: the file does not number lines (Amazon): the order's shipped line of the SKU is used.
    public var line: Int?
    /// The channel's SKU / listing id.
    public var listing: String
    /// In listing units (packs).
    public var quantity: Int
    public var reason: String
    public var returnID: String
    /// When the units came back.
    public var time: Timestamp

    public init(
        fileLine: Int, channel: ChannelName? = nil, order: String, line: Int?, listing: String, quantity: Int,
        reason: String, returnID: String, time: Timestamp
    ) {
        self.fileLine = fileLine
        self.channel = channel
        self.order = order
        self.line = line
        self.listing = listing
        self.quantity = quantity
        self.reason = reason
        self.returnID = returnID
        self.time = time
    }
}

/// What reading a returns file gave.
public struct ReturnFileReading: Sendable {
    public var format: ReturnFileFormat
    public var returns: [ImportedReturn] = []
    public var skipped: [String: Int] = [:]
    public var rejected: [RejectedRow] = []

    public init(format: ReturnFileFormat) { self.format = format }
}

/// The returns layouts OnePool reads.
public enum ReturnFileFormat: String, CaseIterable, Sendable {
    /// Amazon's returns report for seller-fulfilled orders (GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE).
    case amazon = "amazon-returns"
    /// `channel,order_id,line,sku,qty,reason,return_id,returned_at` (line, reason, return_id optional).
    case generic = "returns"

    public var title: String {
        switch self {
        case .amazon: "Amazon returns report"
        case .generic: "generic returns CSV"
        }
    }

    /// The platform whose channel a file of this layout belongs to.
    public var platform: ChannelFormat? { self == .amazon ? .amazon : nil }

    /// Recognised by the header alone (checked before order layouts: the generic returns CSV
    /// also has `order_id` and `qty`).
    public static func detect(_ file: DelimitedFile) -> ReturnFileFormat? {
        if file.column("Order ID") != nil && file.column("Return quantity") != nil && file.column("Merchant SKU") != nil
        {
            return .amazon
        }
        if file.column("order_id") != nil && file.column("qty") != nil && file.column("returned_at") != nil {
            return .generic
        }
        return nil
    }

    public static func read(_ file: DelimitedFile, as format: ReturnFileFormat) throws(ImportFailure)
        -> ReturnFileReading
    {
        switch format {
        case .amazon: try readAmazon(file)
        case .generic: try readGeneric(file)
        }
    }

    static let noReason = "no reason given"

    /// Rows without a return delivery date are not read: the units have not come back (a return
    /// in transit, or a refund without a return). Each row's return id is its Amazon RMA ID (else
    /// the merchant's), so a line returned one unit at a time under two RMAs is two returns.
    private static func readAmazon(_ file: DelimitedFile) throws(ImportFailure) -> ReturnFileReading {
        let columns = try file.requireColumns([
            "Order ID", "Merchant SKU", "Return quantity", "Return Reason", "Amazon RMA ID", "Return delivery date",
        ])
        let merchantRMA = file.column("Merchant RMA ID")
        var reading = ReturnFileReading(format: .amazon)
        for index in file.rows.indices {
            var fields = RowFields(file, row: index)
            let order = fields.required(columns["Order ID"], "an Amazon order id")
            let listing = fields.required(columns["Merchant SKU"], "the seller SKU")
            let units = fields.quantity(columns["Return quantity"])
            let delivered = fields.text(columns["Return delivery date"])
            var time: Timestamp?
            if !delivered.isEmpty {
                time = AmazonDate.parse(delivered)
                if time == nil {
                    fields.problem(
                        columns["Return delivery date"], "expected a date like 14-May-2024, found '\(delivered)'")
                }
            }
            let rma = fields.text(columns["Amazon RMA ID"])
            let returnID = rma.isEmpty ? fields.text(merchantRMA) : rma
            let reason = fields.text(columns["Return Reason"])
            checkText(&fields, columns["Return Reason"], reason)
            checkText(&fields, columns["Amazon RMA ID"], returnID)
            guard fields.problems.isEmpty, let order, let listing, let units else {
                reading.rejected.append(RejectedRow(line: fields.line, fields: fields.cells, problems: fields.problems))
                continue
            }
            guard let time else {
                reading.skipped[
                    "not received (no return delivery date: in transit, or refunded without a return)", default: 0] += 1
                continue
            }
            reading.returns.append(
                ImportedReturn(
                    fileLine: fields.line, order: order, line: nil, listing: listing, quantity: units,
                    reason: reason.isEmpty ? noReason : reason, returnID: returnID, time: time))
        }
        return reading
    }

    private static func readGeneric(_ file: DelimitedFile) throws(ImportFailure) -> ReturnFileReading {
        let columns = try file.requireColumns(["order_id", "sku", "qty", "returned_at"])
        let channel = file.column("channel")
        let line = file.column("line")
        let reasonColumn = file.column("reason")
        let idColumn = file.column("return_id")
        var reading = ReturnFileReading(format: .generic)
        for index in file.rows.indices {
            var fields = RowFields(file, row: index)
            let order = fields.required(columns["order_id"], "an order id")
            let number =
                fields.isEmpty(line) ? nil : fields.whole(line, in: Bounds.orderLineNumber, what: "a line number")
            let listing = fields.required(columns["sku"], "the channel's SKU or listing id")
            let units = fields.quantity(columns["qty"])
            let time = fields.time(columns["returned_at"]) ?? nil
            if fields.isEmpty(columns["returned_at"]) {
                fields.problem(columns["returned_at"], "expected when the units came back, found an empty cell")
            }
            let reason = fields.text(reasonColumn)
            let returnID = fields.text(idColumn)
            checkText(&fields, reasonColumn, reason)
            checkText(&fields, idColumn, returnID)
            let lineGiven = fields.isEmpty(line) || number != nil
            guard fields.problems.isEmpty, let order, let listing, let units, let time, lineGiven else {
                reading.rejected.append(RejectedRow(line: fields.line, fields: fields.cells, problems: fields.problems))
                continue
            }
            let named = fields.text(channel)
            reading.returns.append(
                ImportedReturn(
                    fileLine: fields.line, channel: named.isEmpty ? nil : ChannelName(named), order: order,
                    line: number,
                    listing: listing, quantity: units, reason: reason.isEmpty ? noReason : reason,
                    returnID: returnID, time: time))
        }
        return reading
    }

    private static func checkText(_ fields: inout RowFields, _ column: Int?, _ text: String) {
        guard text.utf8.count > Bounds.textBytes.upperBound else { return }
        fields.problem(column, "expected at most \(Bounds.textBytes.upperBound) bytes, found \(text.utf8.count)")
    }
}

/// Amazon's report dates: `14-May-2024` (a day, taken as midnight UTC).
enum AmazonDate {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func parse(_ text: String) -> Timestamp? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 2, parts[2].count == 4, let day = Int(parts[0]),
            let month = months.firstIndex(of: String(parts[1])), let year = Int(parts[2])
        else { return nil }
        let iso = "\(year)-\(month + 1 < 10 ? "0" : "")\(month + 1)-\(day < 10 ? "0" : "")\(day)"
        return TimeText.parse(iso)
    }
}
