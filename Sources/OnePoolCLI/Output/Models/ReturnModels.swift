/// `onepool returns`: one return and what became of its units.
struct ReturnRow: Codable {
    /// awaiting, restocked, written-off, or partly: "awaiting" while any unit is.
    var status: Identifier
    var returned: String
    var channel: Identifier
    var order: Identifier
    var line: Int
    var sku: Identifier
    var quantity: Int
    var awaiting: Int
    var restocked: Int
    var writtenOff: Int
    var reason: String
    var returnId: String
}

/// `onepool returns`: units returned ÷ units shipped over the window, per SKU or per channel.
struct ReturnRateRow: Codable {
    var scope: Identifier
    var name: Identifier
    var shipped: Int
    var returned: Int
    /// Returned ÷ shipped in percent; absent when nothing shipped in the window.
    var ratePercent: Double?
}

/// `onepool returns --format json`: the returns and the rates in one document.
struct ReturnsDocument: Codable {
    var windowDays: Int
    var awaitingUnits: Int
    var returns: [ReturnRow]
    var rates: [ReturnRateRow]
}
