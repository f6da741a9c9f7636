/// The ids of the open order lines, filed under their SKU: what the oversold rule reads for the
/// few SKUs news touched, instead of walking every open line of the store (a large store keeps
/// tens of thousands open, and an order line of an out-of-stock SKU oversells it again).
///
/// A caller that keeps one (the console) builds it once from a state and then `refresh`es the
/// lines each event names (`lines(namedBy:)`), reading them back from the state the events were
/// folded into: the index never repeats the fold's rules, it only asks the state which of those
/// lines are open now and under which SKU. It holds ids, not lines: a partial shipment that
/// changes a line's quantity leaves it where it is.
public struct OpenLinesBySKU: Sendable, Equatable {
    /// SKU → its open lines.
    public private(set) var lines: [SKUCode: Set<OrderLineID>] = [:]
    /// Line → the SKU it is filed under (an amendment may move a line to another SKU).
    private var filedUnder: [OrderLineID: SKUCode] = [:]

    public init() {}

    /// Every open line of `openLines`, in one pass.
    public init(_ openLines: OpenLineTable) {
        filedUnder.reserveCapacity(openLines.count)
        for (id, line) in openLines {
            lines[line.sku, default: []].insert(id)
            filedUnder[id] = line.sku
        }
    }

    /// The open lines of `code`.
    public func lines(of code: SKUCode) -> Set<OrderLineID> { lines[code] ?? [] }

    /// The order lines whose being open, or SKU, `change` may change: the line placed, cancelled,
    /// shipped or amended. Every other change leaves the set of open lines and their SKUs alone
    /// (`StockState.apply` opens and closes lines only for these four).
    public static func lines(namedBy change: Change) -> OrderLineID? {
        switch change {
        case .orderPlaced(let line), .orderCancelled(let line), .orderShipped(let line): line.id
        case .orderAmended(let amendment): amendment.after.id
        default: nil
        }
    }

    /// Files `ids` as `openLines` has them now: under their SKU if open, nowhere if closed.
    public mutating func refresh(_ ids: some Sequence<OrderLineID>, from openLines: OpenLineTable) {
        for id in ids {
            let now = openLines[id]?.sku
            let was = filedUnder[id]
            guard now != was else { continue }
            if let was {
                lines[was]?.remove(id)
                if lines[was]?.isEmpty == true { lines[was] = nil }
            }
            if let now { lines[now, default: []].insert(id) }
            filedUnder[id] = now
        }
    }

    /// `refresh` with the lines `events` name.
    public mutating func refresh(after events: some Sequence<Event>, in state: StockState) {
        refresh(events.lazy.compactMap { Self.lines(namedBy: $0.change) }, from: state.openLines)
    }
}
