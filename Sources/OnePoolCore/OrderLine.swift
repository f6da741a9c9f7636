/// Names one line of one order on one channel: the key a channel's own export uses.
public struct OrderLineID: Hashable, Sendable, CustomStringConvertible {
    public var channel: String
    public var order: String
    public var line: Int

    public init(channel: String, order: String, line: Int) {
        self.channel = channel
        self.order = order
        self.line = line
    }

    public var description: String { "\(channel)/\(order)#\(line)" }
}

/// What an order-line event says happened to a line: the SKU, how many, at what price, when
/// (the channel's time, which may differ from when OnePool recorded it).
public struct OrderLineFacts: Hashable, Sendable {
    public var id: OrderLineID
    public var sku: String
    public var quantity: Int
    public var unitPrice: Money
    public var time: Timestamp

    public init(id: OrderLineID, sku: String, quantity: Int, unitPrice: Money, time: Timestamp) {
        self.id = id
        self.sku = sku
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.time = time
    }
}

/// A line that has been placed and is neither shipped nor cancelled: its units are committed.
public struct OpenOrderLine: Hashable, Sendable {
    public var sku: String
    public var quantity: Int
    public var unitPrice: Money
    public var placedAt: Timestamp

    public init(sku: String, quantity: Int, unitPrice: Money, placedAt: Timestamp) {
        self.sku = sku
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.placedAt = placedAt
    }
}
