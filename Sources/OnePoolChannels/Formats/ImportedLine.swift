import OnePoolCore

/// One order line as a channel's export describes it, before OnePool decides what it means
/// for the pool (see `OrderImportPlan`).
public struct ImportedLine: Hashable, Sendable {
    /// Where it came from, for messages.
    public var fileLine: Int
    /// Set by files that name the channel per row (the generic format).
    public var channel: ChannelName?
    public var order: String
    public var line: Int
    /// The channel's SKU / listing id.
    public var listing: String
    /// In listing units (packs).
    public var quantity: Int
    /// Per listing unit; nil when the file leaves it out (Amazon omits prices of pending orders).
    public var unitPrice: Money?
    public var placedAt: Timestamp
    public var status: LineStatus
    /// When it shipped or was cancelled, where the file says.
    public var statusTime: Timestamp?
    /// The order had money refunded (returns are not inferred from refunds).
    public var refunded: Bool

    /// A line from the unmapped queue, planned again once its listing is mapped.
    public init(parked: ParkedLine, fileLine: Int = 0) {
        self.init(
            fileLine: fileLine, channel: parked.id.channel, order: parked.id.order, line: parked.id.line,
            listing: parked.listing,
            quantity: parked.quantity, unitPrice: parked.unitPrice, placedAt: parked.placedAt, status: parked.status,
            statusTime: parked.statusTime)
    }

    public init(
        fileLine: Int, channel: ChannelName? = nil, order: String, line: Int, listing: String, quantity: Int,
        unitPrice: Money?,
        placedAt: Timestamp, status: LineStatus, statusTime: Timestamp? = nil, refunded: Bool = false
    ) {
        self.fileLine = fileLine
        self.channel = channel
        self.order = order
        self.line = line
        self.listing = listing
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.placedAt = placedAt
        self.status = status
        self.statusTime = statusTime
        self.refunded = refunded
    }
}

/// What reading an order file gave: the lines, the rows skipped on purpose (with why), and
/// the rows that are wrong (with every problem).
public struct OrderFileReading: Sendable {
    public var format: OrderFileFormat
    public var lines: [ImportedLine] = []
    /// Reason → rows, e.g. "fulfilled by Amazon (FBA): not our stock" → 1.
    public var skipped: [String: Int] = [:]
    public var rejected: [RejectedRow] = []

    public init(format: OrderFileFormat) { self.format = format }
}

/// A row that cannot be imported, kept whole so `--skip-bad` can write it to a rejects file.
public struct RejectedRow: Sendable {
    public var line: Int
    public var fields: [String]
    public var problems: [ImportProblem]

    public init(line: Int, fields: [String], problems: [ImportProblem]) {
        self.line = line
        self.fields = fields
        self.problems = problems
    }
}

/// The order export layouts OnePool reads.
public enum OrderFileFormat: String, CaseIterable, Sendable {
    case shopify, amazon, generic

    /// Recognises a file by its header, never by column positions.
    public static func detect(_ file: DelimitedFile) -> OrderFileFormat? {
        if file.column("Lineitem quantity") != nil && file.column("Name") != nil { return .shopify }
        if file.column("amazon-order-id") != nil && file.column("order-status") != nil { return .amazon }
        if file.column("order_id") != nil && file.column("qty") != nil { return .generic }
        return nil
    }

    public var title: String {
        switch self {
        case .shopify: "Shopify orders export"
        case .amazon: "Amazon All Orders report"
        case .generic: "generic orders CSV"
        }
    }

    /// The channel format a file of this layout belongs to: a Shopify export is a Shopify
    /// channel's, an Amazon report an Amazon channel's; the generic CSV suits any channel.
    public var platform: ChannelFormat? {
        switch self {
        case .shopify: .shopify
        case .amazon: .amazon
        case .generic: nil
        }
    }

    /// Why a file of this layout may not be imported into `channel` (nil: it may). Importing a
    /// platform's export into another platform's channel would count its orders twice.
    public func mismatch(channel: ChannelName, settings: ChannelSettings) -> String? {
        guard let platform, platform != settings.format else { return nil }
        return "this is a \(title), but channel \(channel) speaks \(settings.format.rawValue) files: import it into "
            + "the \(platform.rawValue) channel it came from (see `onepool channel list`), or, if \(channel) is that "
            + "channel, say so with `onepool channel set \(channel) --format \(platform.rawValue)`"
    }

    /// Reads a whole table (small files, tests); `OrderFileImport` streams large ones.
    public static func read(_ file: DelimitedFile, as format: OrderFileFormat) throws(ImportFailure) -> OrderFileReading
    {
        var reader = try format.rowReader(file)
        var reading = OrderFileReading(format: format)
        for index in file.rows.indices {
            var fields = RowFields(file, row: index)
            if let line = reader.read(&fields, into: &reading) { reading.lines.append(line) }
        }
        reading.lines += reader.finish(into: &reading)
        return reading
    }

    /// The row reader of this layout for a file with `file`'s header (its columns checked).
    func rowReader(_ file: DelimitedFile) throws(ImportFailure) -> any OrderRowReader {
        switch self {
        case .shopify: try ShopifyOrdersReader(file)
        case .amazon: try AmazonOrdersReader(file)
        case .generic: try GenericOrdersReader(file)
        }
    }
}

/// Reads the order lines of one channel export layout, a row at a time.
protocol OrderRowReader {
    /// Checks the header's columns; `file` gives the name, header and decimal convention.
    init(_ file: DelimitedFile) throws(ImportFailure)
    /// The order line the row describes, if any (a skipped or rejected row goes to `reading`;
    /// a reader that numbers lines by the whole file holds them until `finish`).
    mutating func read(_ fields: inout RowFields, into reading: inout OrderFileReading) -> ImportedLine?
    /// Lines held back until the whole file was read.
    mutating func finish(into reading: inout OrderFileReading) -> [ImportedLine]
}

extension OrderFileReading {
    mutating func reject(_ fields: RowFields) {
        rejected.append(RejectedRow(line: fields.line, fields: fields.cells, problems: fields.problems))
    }

    mutating func skip(_ reason: String) { skipped[reason, default: 0] += 1 }
}
