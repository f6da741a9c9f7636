import OnePoolCore

/// The benchmark's event stream: order lines from four channels over 300 SKUs, each line placed
/// and, `openLineLag` lines later, shipped, so the number of open lines stays near `openLineLag`.
///
/// The stream is a pure function of the event index, and sqlite_peer.py implements the very same
/// function (same key strings, SKUs, quantities, prices and times), so both stores get the same
/// logical events. Keep the two in step: `onepool-bench verify-workload` prints a digest of the
/// first events that run.sh compares with the peer's.
///
/// Event index i (0-based, counting order-line events only):
/// - i < lag: line i is placed;
/// - otherwise, with j = i − lag: j even → line lag + j/2 is placed; j odd → line (j−1)/2 is shipped.
///
/// Line n: order k = n / 2 (two lines per order), line number n % 2 + 1, channel k % 4,
/// order id 100000 + k, SKU (n·7919 + 13) mod 300, quantity 1 + n mod 3, unit price the SKU's
/// price. Keys: "order:CHANNEL:ORDER:LINE" when placed, "ship:CHANNEL:ORDER:LINE" when shipped.
/// Time of event i: 2026-01-05T00:00:00Z + i seconds.
public struct OrderLineWorkload: Sendable {
    public static let channelNames: [ChannelName] = ["shopify", "amazon", "ebay", "wholesale"]
    public static let channelKinds: [ChannelKind] = [.shopify, .amazon, .ebay, .wholesale]
    public static let skuCount = 300
    public static let receivedPerSKU = 20_000
    public static let firstOrderID = 100_000
    public static let startMilliseconds: Int64 = 1_767_571_200_000
    public static let actor: UserName = "import:bench"
    /// Events `setupChanges` appends: 4 channels, 300 SKUs, 300 receipts.
    public static let setupEventCount = 4 + 2 * 300

    public let openLineLag: Int

    public init(openLineLag: Int = 1000) {
        self.openLineLag = openLineLag
    }

    public static func skuCode(_ index: Int) -> String {
        let digits = String(index)
        return "SKU-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// `skuCode` as the type the store's changes take.
    public static func sku(_ index: Int) -> SKUCode { SKUCode(skuCode(index)) }

    public static func skuPriceCents(_ index: Int) -> Int64 { Int64(499 + (index * 137) % 9500) }

    public static func skuCostCents(_ index: Int) -> Int64 { skuPriceCents(index) * 55 / 100 }

    /// Channels, the SKU catalogue and a receipt of stock for each SKU.
    public static func setupChanges() -> [ProposedChange] {
        var changes: [ProposedChange] = []
        for (name, kind) in zip(channelNames, channelKinds) {
            changes.append(ProposedChange(.channelAdded(Channel(name: name, kind: kind))))
        }
        for index in 0..<skuCount {
            let sku = SKU(
                code: sku(index), title: "Product \(index)", barcode: nil, category: "category-\(index % 12)",
                unitCost: Money(cents: skuCostCents(index)), price: Money(cents: skuPriceCents(index)),
                supplier: "supplier-\(index % 7)", leadTimeDays: 14, casePack: 6, minimumOrderQuantity: 12)
            changes.append(ProposedChange(.skuCreated(sku)))
        }
        for index in 0..<skuCount {
            changes.append(ProposedChange(
                .received(sku: sku(index), quantity: receivedPerSKU, reference: "PO-initial", fromIncoming: 0),
                idempotencyKey: "receipt:initial:\(skuCode(index))"))
        }
        return changes
    }

    public enum Kind: Sendable { case placed, shipped }

    /// The plain fields of event `index`, as the SQLite peer stores them.
    public struct Row: Sendable {
        public var kind: Kind
        public var channel: ChannelName
        public var order: String
        public var line: Int
        public var skuIndex: Int
        public var quantity: Int
        public var priceCents: Int64
        public var timeMilliseconds: Int64
        public var key: String
    }

    public func row(_ index: Int) -> Row {
        let lag = openLineLag
        let kind: Kind
        let lineNumber: Int
        if index < lag {
            kind = .placed
            lineNumber = index
        } else {
            let j = index - lag
            if j % 2 == 0 {
                kind = .placed
                lineNumber = lag + j / 2
            } else {
                kind = .shipped
                lineNumber = (j - 1) / 2
            }
        }
        let order = lineNumber / 2
        let channel = Self.channelNames[order % 4]
        let orderID = String(Self.firstOrderID + order)
        let line = lineNumber % 2 + 1
        let skuIndex = (lineNumber * 7919 + 13) % Self.skuCount
        let prefix = kind == .placed ? "order" : "ship"
        return Row(
            kind: kind, channel: channel, order: orderID, line: line, skuIndex: skuIndex,
            quantity: 1 + lineNumber % 3, priceCents: Self.skuPriceCents(skuIndex),
            timeMilliseconds: Self.startMilliseconds + Int64(index) * 1000,
            key: "\(prefix):\(channel):\(orderID):\(line)")
    }

    public func change(_ index: Int) -> ProposedChange {
        let row = row(index)
        let facts = OrderLineFacts(
            id: OrderLineID(channel: row.channel, order: row.order, line: row.line), sku: Self.sku(row.skuIndex),
            quantity: row.quantity, unitPrice: Money(cents: row.priceCents),
            time: Timestamp(millisecondsSince1970: row.timeMilliseconds))
        switch row.kind {
        case .placed: return ProposedChange(.orderPlaced(facts), idempotencyKey: row.key)
        case .shipped: return ProposedChange(.orderShipped(facts), idempotencyKey: row.key)
        }
    }

    /// The time the store stamps on the batch holding event `index`.
    public static func time(_ index: Int) -> Timestamp {
        Timestamp(millisecondsSince1970: startMilliseconds + Int64(index) * 1000)
    }

    /// A stable text of one row (the same as sqlite_peer.py's `row_text`), for checking that both
    /// generators agree.
    public static func text(_ row: Row) -> String {
        "\(row.kind == .placed ? "order-placed" : "order-shipped")|\(row.channel)|\(row.order)|\(row.line)|\(skuCode(row.skuIndex))|\(row.quantity)|\(row.priceCents)|\(row.timeMilliseconds)|\(row.key)"
    }
}
