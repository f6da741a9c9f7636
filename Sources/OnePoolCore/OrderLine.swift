/// Names one line of one order on one channel: the key a channel's own export uses.
public struct OrderLineID: Hashable, Sendable, CustomStringConvertible {
    public var channel: ChannelName { didSet { rehash() } }
    public var order: String { didSet { rehash() } }
    public var line: Int { didSet { rehash() } }
    /// The fields' hash, worked out once. The open lines are a dictionary keyed by this id, and
    /// every order event looks one up; removing a line also rehashes its neighbours in the table.
    /// Hashing two strings each time was most of the cost of folding an order event.
    @usableFromInline private(set) var fieldsHash: Int

    public init(channel: ChannelName, order: String, line: Int) {
        self.channel = channel
        self.order = order
        self.line = line
        self.fieldsHash = Self.hash(channel, order, line)
    }

    /// The same id as `init(channel:order:line:)` gives, from an order whose text hash was worked
    /// out before (replay makes many ids of one order).
    public init(channel: ChannelName, order: HashedText, line: Int) {
        self.channel = channel
        self.order = order.text
        self.line = line
        self.fieldsHash = order.hash(line)
    }

    public var description: String { "\(channel)/\(order)#\(line)" }

    public static func == (lhs: OrderLineID, rhs: OrderLineID) -> Bool {
        // Equal fields have equal hashes (within a process), so unequal hashes rule a match out cheaply.
        lhs.fieldsHash == rhs.fieldsHash && lhs.line == rhs.line && lhs.order == rhs.order && lhs.channel == rhs.channel
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(fieldsHash) }

    /// What the open lines' dictionary hashes: the stored hash spread for the table, without a
    /// `Hasher` (see `StoredHash`).
    public func _rawHashValue(seed: Int) -> Int { StoredHash.raw(fieldsHash, seed: seed) }

    /// The fields' hash as stored: what `OpenLineTable` picks a part by.
    @inlinable var storedHash: Int { fieldsHash }

    private mutating func rehash() { fieldsHash = Self.hash(channel, order, line) }

    /// `TextHash` of the order and line: seeded per process and a function of the order's NFC
    /// form, so the id hashes exactly as consistently with `==` as its fields do (canonically
    /// equivalent orders alike), at a fraction of `Hasher`'s cost. The channel is left out: order
    /// ids seldom repeat across channels, and ids that are equal still hash alike.
    private static func hash(_ channel: ChannelName, _ order: String, _ line: Int) -> Int {
        TextHash.hash(order, line)
    }
}

/// What an order-line event says happened to a line: the SKU, how many, at what price, when
/// (the channel's time, which may differ from when OnePool recorded it).
public struct OrderLineFacts: Hashable, Sendable {
    public var id: OrderLineID
    public var sku: SKUCode
    public var quantity: Int
    public var unitPrice: Money
    public var time: Timestamp

    public init(id: OrderLineID, sku: SKUCode, quantity: Int, unitPrice: Money, time: Timestamp) {
        self.id = id
        self.sku = sku
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.time = time
    }
}

/// A line that has been placed and is neither shipped nor cancelled: its units are committed.
public struct OpenOrderLine: Hashable, Sendable {
    public var sku: SKUCode
    public var quantity: Int
    public var unitPrice: Money
    public var placedAt: Timestamp
    /// For a line of a bundle: the components (per bundle unit) its units took when it was
    /// placed, so cancelling, amending or shipping it gives back exactly those even if the
    /// bundle's definition changed since. Nil for an ordinary SKU.
    public var components: [BundleComponent]?

    public init(
        sku: SKUCode, quantity: Int, unitPrice: Money, placedAt: Timestamp, components: [BundleComponent]? = nil
    ) {
        self.sku = sku
        self.quantity = quantity
        self.unitPrice = unitPrice
        self.placedAt = placedAt
        self.components = components
    }
}
